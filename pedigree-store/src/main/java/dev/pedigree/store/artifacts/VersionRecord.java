package dev.pedigree.store.artifacts;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.artifact.Sha256;

/**
 * A committed, immutable version. Its manifest is the blob named by {@code digest}.
 *
 * @param id row id ({@code 0} before it is stored)
 * @param number 1, 2, ... within the collection
 * @param totalSize sum of the sizes of all entries, references included
 * @param fileCount entries whose bytes are in the blob store
 * @param entryCount all entries, references included
 * @param manifestSize length of the canonical manifest in bytes
 * @param artifactId the version's node in the metadata graph
 */
public record VersionRecord(
    long id,
    long collectionId,
    String collection,
    int number,
    Sha256 digest,
    long totalSize,
    long fileCount,
    long entryCount,
    long manifestSize,
    String createdBy,
    long createTimeMs,
    long artifactId) {

  public VersionRecord {
    requireNonNull(collection, "collection");
    requireNonNull(digest, "digest");
    requireNonNull(createdBy, "createdBy");
    if (number < 1) {
      throw new IllegalArgumentException("number: " + number + " (expected: >= 1)");
    }
  }

  /** {@code collection:vN}. */
  public String label() {
    return collection + ":v" + number;
  }
}
