package dev.pedigree.store.blob;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.artifact.Sha256;

/**
 * The outcome of a put.
 *
 * @param created {@code true} if this put stored new bytes, {@code false} if the blob was already
 *     there (deduplicated). When several puts of the same content race, at least one reports {@code
 *     true}; the local store guarantees exactly one.
 */
public record PutResult(Sha256 digest, long size, boolean created) {
  public PutResult {
    requireNonNull(digest, "digest");
  }
}
