package dev.pedigree.cli.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Pushes the objects under an {@code s3://bucket/prefix} as a version of reference entries: the
 * manifest records each object's URI, size and ETag, and no bytes are copied. The listing streams
 * page by page into the external manifest sorter, so memory stays bounded for millions of objects.
 */
final class ReferencePusher {
  private final ArtifactClient client;
  private final S3Client s3;

  ReferencePusher(ArtifactClient client, S3Client s3) {
    this.client = client;
    this.s3 = s3;
  }

  ObjectNode push(String collection, String source, List<String> aliases) throws IOException {
    long started = System.nanoTime();
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
      for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(prefix)).contents()) {
        if (object.key().endsWith("/")) {
          continue;
        }
        sorter.add(entry(object.key().substring(prefix.length()), object.size(),
            new S3Location(location.bucket(), object.key()), object.eTag()));
        any = true;
      }
      if (!any && !location.key().isEmpty() && !location.key().endsWith("/")) {
        HeadObjectResponse head = s3.headObject(b -> b.bucket(location.bucket()).key(location.key()));
        String name = location.key().substring(location.key().lastIndexOf('/') + 1);
        sorter.add(entry(name, head.contentLength(), location, head.eTag()));
      }
    } catch (NoSuchKeyException e) {
      throw PedigreeException.notFound(location.uri() + " does not exist");
    } catch (S3Exception e) {
      throw new PedigreeException(ErrorCode.UNAVAILABLE, "cannot list " + location.uri() + ": "
          + e.awsErrorDetails().errorMessage() + " (HTTP " + e.statusCode() + ")", e);
    }
  }

  private static ReferenceEntry entry(String path, long size, S3Location object, String etag) {
    return new ReferenceEntry(path, size, object.uri(), unquote(etag), null, null);
  }

  static String unquote(String etag) {
    return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1) : etag;
  }
}
