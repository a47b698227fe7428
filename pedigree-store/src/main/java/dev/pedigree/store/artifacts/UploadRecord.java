package dev.pedigree.store.artifacts;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.artifact.Sha256;
import org.jspecify.annotations.Nullable;

/**
 * An upload session: a manifest waiting for its blobs. While it is {@link UploadState#OPEN} and
 * not expired, every blob its manifest names is protected from garbage collection.
 *
 * @param versionId the committed version, once {@link UploadState#COMMITTED}
 */
public record UploadRecord(
    String id,
    String collection,
    Sha256 manifestDigest,
    UploadState state,
    String createdBy,
    long createTimeMs,
    long expireTimeMs,
    @Nullable Long versionId) {

  public UploadRecord {
    requireNonNull(id, "id");
    requireNonNull(collection, "collection");
    requireNonNull(manifestDigest, "manifestDigest");
    requireNonNull(state, "state");
    requireNonNull(createdBy, "createdBy");
  }
}
