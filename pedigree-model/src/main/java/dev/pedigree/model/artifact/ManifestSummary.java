package dev.pedigree.model.artifact;

import static java.util.Objects.requireNonNull;

/**
 * What a written or read manifest amounts to.
 *
 * @param digest SHA-256 of the canonical manifest bytes: the version digest
 * @param entryCount number of entries
 * @param totalSize sum of the entries' sizes in bytes
 * @param byteLength length of the canonical manifest itself in bytes
 */
public record ManifestSummary(Sha256 digest, long entryCount, long totalSize, long byteLength) {
  public ManifestSummary {
    requireNonNull(digest, "digest");
  }
}
