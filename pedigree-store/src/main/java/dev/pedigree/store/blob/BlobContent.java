package dev.pedigree.store.blob;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.artifact.Sha256;

/**
 * One blob of a batch put: the digest its bytes must hash to, and all of its bytes (batches are
 * meant for small blobs; large ones stream through {@link BlobStore#put}).
 */
public record BlobContent(Sha256 digest, byte[] bytes) {
  public BlobContent {
    requireNonNull(digest, "digest");
    requireNonNull(bytes, "bytes");
  }
}
