package dev.pedigree.store.artifacts;

import static java.util.Objects.requireNonNull;

/** Who deleted a version, and when. */
public record VersionDeletion(long versionId, String label, String deletedBy, long deleteTimeMs) {
  public VersionDeletion {
    requireNonNull(label, "label");
    requireNonNull(deletedBy, "deletedBy");
  }
}
