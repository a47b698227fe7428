package dev.pedigree.store.artifacts;

import static java.util.Objects.requireNonNull;

/**
 * An alias: a named, movable pointer to one version of a collection.
 *
 * @param isProtected moved or deleted only with an explicit override
 */
public record AliasRecord(
    long collectionId,
    String collection,
    String name,
    long versionId,
    int versionNumber,
    long artifactId,
    boolean isProtected,
    String updatedBy,
    long updateTimeMs) {

  public AliasRecord {
    requireNonNull(collection, "collection");
    requireNonNull(name, "name");
    requireNonNull(updatedBy, "updatedBy");
  }
}
