package dev.pedigree.model.artifact;

import org.jspecify.annotations.Nullable;

/**
 * One file of a version: either bytes held in the blob store ({@link FileEntry}) or bytes that stay
 * where they are ({@link ReferenceEntry}).
 */
public sealed interface ManifestEntry permits FileEntry, ReferenceEntry {
  /** Where the file lives in the version's tree; see {@link ManifestPaths}. */
  String path();

  /** Size in bytes. */
  long size();

  /** The media type, if the writer knew it, for example {@code application/x-parquet}. */
  @Nullable String mediaType();
}
