package dev.pedigree.model.artifact;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/** A file whose bytes are stored in the blob store under their SHA-256. */
public record FileEntry(String path, long size, Sha256 sha256, @Nullable String mediaType)
    implements ManifestEntry {

  public FileEntry {
    ManifestPaths.check(path);
    EntryChecks.checkSize(path, size);
    requireNonNull(sha256, "sha256");
    mediaType = EntryChecks.checkMediaType(mediaType);
  }

  public static FileEntry of(String path, long size, Sha256 sha256) {
    return new FileEntry(path, size, sha256, null);
  }
}
