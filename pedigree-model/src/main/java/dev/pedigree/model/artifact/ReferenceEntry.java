package dev.pedigree.model.artifact;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.PedigreeException;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * A file whose bytes stay outside Pedigree, at an absolute URI such as {@code s3://bucket/key}. The
 * ETag and the object version id, when the source has them, pin the exact bytes that were
 * referenced; they are recorded, not checked here.
 */
public record ReferenceEntry(
    String path,
    long size,
    URI uri,
    @Nullable String etag,
    @Nullable String versionId,
    @Nullable String mediaType)
    implements ManifestEntry {

  public ReferenceEntry {
    ManifestPaths.check(path);
    EntryChecks.checkSize(path, size);
    requireNonNull(uri, "uri");
    if (!uri.isAbsolute()) {
      throw PedigreeException.invalidArgument("reference " + ManifestPaths.quote(path)
          + ": URI " + ManifestPaths.quote(uri.toString()) + " has no scheme (expected: absolute)");
    }
    checkText(path, "URI", uri.toString());
    etag = emptyToNull(etag);
    versionId = emptyToNull(versionId);
    if (etag != null) {
      checkText(path, "ETag", etag);
    }
    if (versionId != null) {
      checkText(path, "version id", versionId);
    }
    mediaType = EntryChecks.checkMediaType(mediaType);
  }

  public static ReferenceEntry of(String path, long size, URI uri, @Nullable String etag) {
    return new ReferenceEntry(path, size, uri, etag, null, null);
  }

  private static void checkText(String path, String what, String value) {
    if (value.length() > 8192) {
      throw PedigreeException.invalidArgument("reference " + ManifestPaths.quote(path) + ": " + what
          + " is " + value.length() + " characters long (expected: at most 8192)");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw PedigreeException.invalidArgument("reference " + ManifestPaths.quote(path) + ": "
            + what + " contains a control character");
      }
    }
  }

  private static @Nullable String emptyToNull(@Nullable String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
