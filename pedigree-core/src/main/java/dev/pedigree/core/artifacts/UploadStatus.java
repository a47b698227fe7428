package dev.pedigree.core.artifacts;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.artifact.Sha256;
import dev.pedigree.store.artifacts.UploadState;
import java.util.List;

/**
 * Where an upload stands: the blobs the server still lacks (upload only these), or none, in which
 * case it can be committed.
 */
public record UploadStatus(String uploadId, String collection, Sha256 manifestDigest, UploadState state,
    long expireTimeMs, long blobCount, List<Sha256> missing) {
  public UploadStatus {
    requireNonNull(uploadId, "uploadId");
    requireNonNull(collection, "collection");
    requireNonNull(manifestDigest, "manifestDigest");
    requireNonNull(state, "state");
    missing = List.copyOf(missing);
  }
}
