package dev.pedigree.model.artifact;

import dev.pedigree.model.PedigreeException;
import org.jspecify.annotations.Nullable;

/** Validation shared by the entry records. */
final class EntryChecks {
  private EntryChecks() {}

  static long checkSize(String path, long size) {
    if (size < 0) {
      throw PedigreeException.invalidArgument(
          "size of " + ManifestPaths.quote(path) + ": " + size + " (expected: >= 0)");
    }
    return size;
  }

  /**
   * Checks a media type ({@code type/subtype} with optional parameters, printable ASCII, at most 255
   * characters) and maps an empty one to {@code null}.
   */
  static @Nullable String checkMediaType(@Nullable String mediaType) {
    if (mediaType == null || mediaType.isEmpty()) {
      return null;
    }
    boolean slash = false;
    for (int i = 0; i < mediaType.length(); i++) {
      char c = mediaType.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw PedigreeException.invalidArgument("media type " + ManifestPaths.quote(mediaType)
            + " must be printable ASCII");
      }
      slash |= c == '/';
    }
    if (!slash || mediaType.length() > 255 || mediaType.charAt(0) == ' '
        || mediaType.charAt(mediaType.length() - 1) == ' ') {
      throw PedigreeException.invalidArgument("media type " + ManifestPaths.quote(mediaType)
          + " (expected: type/subtype, at most 255 characters, no surrounding spaces)");
    }
    return mediaType;
  }
}
