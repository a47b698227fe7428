package dev.pedigree.core.artifacts;

import static java.util.Objects.requireNonNull;

import dev.pedigree.store.artifacts.VersionRecord;

/**
 * The version an upload became.
 *
 * @param created {@code false} when the content equalled the latest version's, which is returned
 *     instead of a new version
 */
public record CommitResult(VersionRecord version, boolean created) {
  public CommitResult {
    requireNonNull(version, "version");
  }
}
