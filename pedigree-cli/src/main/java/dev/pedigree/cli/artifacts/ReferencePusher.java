package dev.pedigree.cli.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.core.artifacts.Names;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.artifact.ManifestSorter;
import dev.pedigree.model.artifact.ManifestSummary;
import dev.pedigree.model.artifact.ReferenceEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Pushes the objects under an {@code s3://bucket/prefix} as a version of reference entries: the
 * manifest records each object's URI, size and ETag, and no bytes are copied. In a bucket with
 * versioning on, each entry also records the object's version id, so a pull gets exactly those
 * bytes even after the key is overwritten or deleted. The listing streams page by page into the
 * external manifest sorter, so memory stays bounded for millions of objects.
 */
final class ReferencePusher {
  private final ArtifactClient client;
  private final S3Client s3;
  /** Entries of the last push that record an object version id. */
  private long pinned;

  ReferencePusher(ArtifactClient client, S3Client s3) {
    this.client = client;
    this.s3 = s3;
  }

  ObjectNode push(String collection, String source, List<String> aliases) throws IOException {
    long started = System.nanoTime();
    // Names are checked before any file is read, not after the upload.
    Names.checkCollection(collection);
    aliases.forEach(Names::checkAlias);
    S3Location location = S3Location.parse(source);
    Path temp = Files.createTempDirectory("pedigree-push");
    try {
      Path manifest = temp.resolve("manifest");
      ManifestSummary summary;
      try (ManifestSorter sorter = new ManifestSorter(temp, ManifestSorter.DEFAULT_CHUNK_SIZE)) {
        list(location, sorter);
        try (OutputStream out = Files.newOutputStream(manifest)) {
          summary = sorter.writeTo(out);
        }
      }
      if (summary.entryCount() == 0) {
        throw PedigreeException.invalidArgument(source + " holds no objects");
      }
      client.putBlob(summary.digest(), manifest);
      JsonNode upload = client.post(ArtifactClient.collectionPath(collection) + "/uploads",
          ArtifactClient.object().put("manifest", summary.digest().hex()));
      ObjectNode commit = ArtifactClient.object();
      ArrayNode list = commit.putArray("aliases");
      aliases.forEach(list::add);
      JsonNode committed = client.post("/uploads/" + upload.path("upload_id").asText() + "/commit", commit);
      ObjectNode result = ArtifactClient.object();
      result.set("version", committed.path("version"));
      result.put("created", committed.path("created").asBoolean());
      result.put("files", summary.entryCount());
      result.put("bytes", summary.totalSize());
      result.put("uploaded_blobs", 0);
      result.put("uploaded_bytes", 0);
      result.put("new_bytes", 0);
      result.put("references", true);
      result.put("pinned_versions", pinned);
      result.put("seconds", (System.nanoTime() - started) / 1e9);
      return result;
    } finally {
      Pusher.deleteTree(temp);
    }
  }

  /**
   * Adds an entry per object under the prefix (paths relative to it; "folder" marker keys ending in
   * {@code /} skipped), or, when nothing is under {@code key/}, the one object named {@code key}.
   */
  private void list(S3Location location, ManifestSorter sorter) throws IOException {
    String prefix = location.key().isEmpty() || location.key().endsWith("/") ? location.key() : location.key() + "/";
    boolean any = false;
    try {
      if (versioned(location.bucket())) {
        // Every version of every key, the current one marked latest; a key whose latest version is a
        // delete marker has none marked, so deleted objects are left out as a plain listing would.
        for (ObjectVersion version : s3.listObjectVersionsPaginator(b -> b.bucket(location.bucket()).prefix(prefix))
            .versions()) {
          if (Boolean.TRUE.equals(version.isLatest()) && !version.key().endsWith("/")) {
            sorter.add(entry(version.key().substring(prefix.length()), version.size(),
                new S3Location(location.bucket(), version.key()), version.eTag(), version.versionId()));
            any = true;
          }
        }
      } else {
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(prefix)).contents()) {
          if (!object.key().endsWith("/")) {
            sorter.add(entry(object.key().substring(prefix.length()), object.size(),
                new S3Location(location.bucket(), object.key()), object.eTag(), null));
            any = true;
          }
        }
      }
      if (!any && !location.key().isEmpty() && !location.key().endsWith("/")) {
        HeadObjectResponse head = s3.headObject(b -> b.bucket(location.bucket()).key(location.key()));
        String name = location.key().substring(location.key().lastIndexOf('/') + 1);
        sorter.add(entry(name, head.contentLength(), location, head.eTag(), head.versionId()));
      }
    } catch (NoSuchKeyException e) {
      throw PedigreeException.notFound(location.uri() + " does not exist");
    } catch (S3Exception e) {
      throw new PedigreeException(ErrorCode.UNAVAILABLE, "cannot list " + location.uri() + ": "
          + e.awsErrorDetails().errorMessage() + " (HTTP " + e.statusCode() + ")", e);
    }
  }

  /**
   * Whether the bucket keeps object versions (versioning enabled, or suspended with older versions
   * kept). A store that does not answer, or a key without the permission to ask, is taken as
   * unversioned: its entries are then pinned by ETag alone, as before versioning existed.
   */
  private boolean versioned(String bucket) {
    try {
      BucketVersioningStatus status = s3.getBucketVersioning(b -> b.bucket(bucket)).status();
      return status == BucketVersioningStatus.ENABLED || status == BucketVersioningStatus.SUSPENDED;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw e; // no such bucket: reported by the caller
      }
      return false;
    }
  }

  private ReferenceEntry entry(String path, long size, S3Location object, String etag, @Nullable String versionId) {
    // S3 names the version of an object written while versioning was off "null": it is replaced by
    // the next such write, so it pins nothing beyond what the ETag does.
    String pin = versionId == null || versionId.isEmpty() || "null".equals(versionId) ? null : versionId;
    if (pin != null) {
      pinned++;
    }
    return new ReferenceEntry(path, size, object.uri(), unquote(etag), pin, null);
  }

  static String unquote(String etag) {
    return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1) : etag;
  }
}
