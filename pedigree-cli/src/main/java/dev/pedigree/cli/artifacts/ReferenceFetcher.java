package dev.pedigree.cli.artifacts;

import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.artifact.ReferenceEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Fetches the bytes of reference entries on pull: {@code file:} URIs (checked against a
 * {@code sha256:} ETag) and {@code s3://} objects (asked for with {@code If-Match} on the recorded
 * ETag, and by the recorded version id if there is one, so an object overwritten since it was
 * referenced is refused, not handed out). An entry pinned by ETag alone whose key was overwritten or
 * deleted is still served if the bucket kept a version with that ETag and size, as a versioned
 * bucket does. Each file is written to a partial file and moved into place only once it checks out.
 */
final class ReferenceFetcher implements AutoCloseable {
  private final Supplier<S3Client> s3Factory;
  private S3Client s3;

  ReferenceFetcher(Supplier<S3Client> s3Factory) {
    this.s3Factory = s3Factory;
  }

  /** Writes the reference's bytes to {@code file}; false if its scheme is not one this client fetches. */
  boolean fetch(ReferenceEntry ref, Path file) throws IOException {
    String scheme = ref.uri().getScheme();
    if (!"file".equals(scheme) && !"s3".equals(scheme)) {
      return false;
    }
    Files.createDirectories(file.getParent());
    Path partial = file.resolveSibling(file.getFileName() + Puller.PARTIAL);
    try {
      if ("file".equals(scheme)) {
        copyFile(ref, partial);
      } else {
        copyObject(ref, partial);
      }
      if (Files.size(partial) != ref.size()) {
        throw changed(ref, "its size is " + Files.size(partial) + " bytes, not " + ref.size());
      }
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static void copyFile(ReferenceEntry ref, Path partial) throws IOException {
    Files.copy(Path.of(ref.uri()), partial, StandardCopyOption.REPLACE_EXISTING);
    String etag = ref.etag();
    if (etag != null && etag.startsWith("sha256:") && !Pusher.hash(partial).hex().equals(etag.substring(7))) {
      throw changed(ref, "its SHA-256 differs");
    }
  }

  private void copyObject(ReferenceEntry ref, Path partial) throws IOException {
    S3Location object = S3Location.of(ref.uri());
    try {
      download(object, ref, ref.versionId(), partial);
    } catch (S3Exception e) {
      String earlier = e.statusCode() == 412 || e.statusCode() == 404 ? keptVersion(object, ref) : null;
      if (earlier == null) {
        throw refused(ref, e);
      }
      try {
        download(object, ref, earlier, partial);
      } catch (S3Exception again) {
        throw refused(ref, again);
      }
    }
  }

  private void download(S3Location object, ReferenceEntry ref, @Nullable String versionId, Path partial)
      throws IOException {
    GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(object.bucket()).key(object.key());
    if (ref.etag() != null) {
      request.ifMatch("\"" + ref.etag() + "\"");
    }
    if (versionId != null) {
      request.versionId(versionId);
    }
    try (InputStream in = s3().getObject(request.build())) {
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * For an entry pinned by ETag alone whose key now holds other bytes (or none): the id of a version
   * of the object the bucket kept with the recorded ETag and size, if it keeps versions and has one.
   */
  private @Nullable String keptVersion(S3Location object, ReferenceEntry ref) {
    if (ref.versionId() != null || ref.etag() == null) {
      return null;
    }
    try {
      for (ObjectVersion version : s3().listObjectVersionsPaginator(b -> b.bucket(object.bucket())
          .prefix(object.key())).versions()) {
        if (version.key().equals(object.key()) && version.versionId() != null && version.size() == ref.size()
            && ref.etag().equals(ReferencePusher.unquote(version.eTag()))) {
          return version.versionId();
        }
      }
    } catch (S3Exception e) {
      // Versions cannot be listed here (not supported, or not allowed): nothing to fall back on.
    }
    return null;
  }

  private static PedigreeException refused(ReferenceEntry ref, S3Exception e) {
    if (e.statusCode() == 412) {
      return changed(ref, "its ETag is no longer " + ref.etag());
    }
    if (e.statusCode() == 404) {
      return new PedigreeException(ErrorCode.FAILED_PRECONDITION, "refusing '" + ref.path() + "': " + ref.uri()
          + (ref.versionId() == null ? "" : " version " + ref.versionId()) + " no longer exists", e);
    }
    return new PedigreeException(ErrorCode.UNAVAILABLE, "cannot read " + ref.uri() + ": "
        + e.awsErrorDetails().errorMessage() + " (HTTP " + e.statusCode() + ")", e);
  }

  private synchronized S3Client s3() {
    if (s3 == null) {
      s3 = s3Factory.get();
    }
    return s3;
  }

  private static PedigreeException changed(ReferenceEntry ref, String how) {
    return new PedigreeException(ErrorCode.FAILED_PRECONDITION, "refusing '" + ref.path() + "': " + ref.uri()
        + " changed since it was referenced (" + how + ")");
  }

  @Override
  public synchronized void close() {
    if (s3 != null) {
      s3.close();
    }
  }
}
