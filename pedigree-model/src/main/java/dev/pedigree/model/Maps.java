package dev.pedigree.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Copies property maps into immutable, key-ordered maps (stable output, cheap equality). */
final class Maps {
  private Maps() {}

  static Map<String, Value> sortedCopy(Map<String, Value> values) {
    if (values.isEmpty()) {
      return Map.of();
    }
    for (Map.Entry<String, Value> entry : values.entrySet()) {
      if (entry.getKey() == null || entry.getKey().isEmpty()) {
        throw PedigreeException.invalidArgument("property names must not be empty");
      }
      if (entry.getValue() == null) {
        throw PedigreeException.invalidArgument("property " + entry.getKey() + " has no value");
      }
    }
    return Collections.unmodifiableMap(new TreeMap<>(values));
  }

  static @org.jspecify.annotations.Nullable String emptyToNull(
      @org.jspecify.annotations.Nullable String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
