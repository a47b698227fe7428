package dev.pedigree.store.blob;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.artifact.Sha256;

/**
 * A stored blob.
 *
 * @param storedAtMs when the blob was last written, milliseconds since the epoch; a put of content
 *     that is already there refreshes it, so a garbage collector's grace period protects blobs that
 *     an upload has just confirmed
 */
public record BlobInfo(Sha256 digest, long size, long storedAtMs) {
  public BlobInfo {
    requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("size: " + size + " (expected: >= 0)");
    }
  }
}
