package dev.pedigree.model;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Copies property maps into immutable, key-ordered maps (stable output, cheap equality). */
final class Maps {
  private Maps() {}

  static Map<String, Value> sortedCopy(Map<String, Value> values) {
    if (values.isEmpty()) {
      return Map.of();
    }
    if (values instanceof Sorted) {
      // Already checked, ordered and immutable: a node's with…() keeps its other map as it is.
      return values;
    }
    for (Map.Entry<String, Value> entry : values.entrySet()) {
      if (entry.getKey() == null || entry.getKey().isEmpty()) {
        throw PedigreeException.invalidArgument("property names must not be empty");
      }
      if (entry.getValue() == null) {
        throw PedigreeException.invalidArgument("property " + entry.getKey() + " has no value");
      }
    }
    return new Sorted(new TreeMap<>(values));
  }

  static @org.jspecify.annotations.Nullable String emptyToNull(
      @org.jspecify.annotations.Nullable String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** A map made by {@link #sortedCopy}: read-only, and nothing else holds its backing map. */
  private static final class Sorted extends AbstractMap<String, Value> {
    private final TreeMap<String, Value> map;
    private final Set<Map.Entry<String, Value>> entries;

    Sorted(TreeMap<String, Value> map) {
      this.map = map;
      this.entries = Collections.unmodifiableMap(map).entrySet();
    }

    @Override
    public Set<Map.Entry<String, Value>> entrySet() {
      return entries;
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public Value get(Object key) {
      return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }
  }
}
