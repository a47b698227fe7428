package dev.pedigree.model;

import static java.util.Objects.requireNonNull;

/** One step of an event's path: where in the execution's inputs or outputs the artifact sits. */
public sealed interface PathStep {

  static PathStep index(long index) {
    return new Index(index);
  }

  static PathStep key(String key) {
    return new Key(key);
  }

  record Index(long index) implements PathStep {}

  record Key(String key) implements PathStep {
    public Key {
      requireNonNull(key, "key");
    }
  }
}
