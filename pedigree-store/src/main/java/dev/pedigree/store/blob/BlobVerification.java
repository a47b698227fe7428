package dev.pedigree.store.blob;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.artifact.Sha256;
import org.jspecify.annotations.Nullable;

/**
 * What re-reading a blob found.
 *
 * @param actualDigest what the stored bytes hash to ({@code null} when missing)
 * @param size stored size in bytes ({@code -1} when missing)
 */
public record BlobVerification(Sha256 digest, Status status, @Nullable Sha256 actualDigest, long size) {
  public enum Status {
    /** The bytes hash to the blob's name. */
    INTACT,
    /** The bytes changed since they were stored. */
    CORRUPT,
    /** No blob by that name. */
    MISSING
  }

  public BlobVerification {
    requireNonNull(digest, "digest");
    requireNonNull(status, "status");
  }

  static BlobVerification of(Sha256 digest, Sha256 actual, long size) {
    return new BlobVerification(digest, digest.equals(actual) ? Status.INTACT : Status.CORRUPT,
        actual, size);
  }

  static BlobVerification missing(Sha256 digest) {
    return new BlobVerification(digest, Status.MISSING, null, -1);
  }

  public boolean intact() {
    return status == Status.INTACT;
  }
}
