package dev.pedigree.store.artifacts;

import static java.util.Objects.requireNonNull;

/** A stored collection of versions, such as {@code datasets/churn}. */
public record CollectionRecord(long id, String name, String createdBy, long createTimeMs) {
  public CollectionRecord {
    requireNonNull(name, "name");
    requireNonNull(createdBy, "createdBy");
  }
}
