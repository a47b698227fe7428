package dev.pedigree.server.artifacts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.core.artifacts.CommitResult;
import dev.pedigree.core.artifacts.GcReport;
import dev.pedigree.core.artifacts.ManifestDiff;
import dev.pedigree.core.artifacts.PedigreeUri;
import dev.pedigree.core.artifacts.UploadStatus;
import dev.pedigree.core.artifacts.VerifyReport;
import dev.pedigree.model.artifact.FileEntry;
import dev.pedigree.model.artifact.ManifestEntry;
import dev.pedigree.model.artifact.ReferenceEntry;
import dev.pedigree.store.artifacts.AliasChange;
import dev.pedigree.store.artifacts.AliasRecord;
import dev.pedigree.store.artifacts.CollectionRecord;
import dev.pedigree.store.artifacts.RetentionRule;
import dev.pedigree.store.artifacts.VersionRecord;
import dev.pedigree.store.blob.BlobInfo;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** JSON shapes of the artifacts API (snake_case, times in milliseconds since the epoch). */
final class ArtifactJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ArtifactJson() {}

  static ObjectNode collection(CollectionRecord c) {
    return JSON.objectNode().put("name", c.name()).put("created_by", c.createdBy()).put("create_time", c.createTimeMs());
  }

  static ObjectNode version(VersionRecord v) {
    return JSON.objectNode()
        .put("collection", v.collection())
        .put("version", v.number())
        .put("name", "v" + v.number())
        .put("digest", v.digest().hex())
        .put("size", v.totalSize())
        .put("file_count", v.fileCount())
        .put("entry_count", v.entryCount())
        .put("manifest_size", v.manifestSize())
        .put("artifact_id", v.artifactId())
        .put("uri", PedigreeUri.of(v.collection(), v.number()))
        .put("created_by", v.createdBy())
        .put("create_time", v.createTimeMs());
  }

  static ObjectNode alias(AliasRecord a) {
    return JSON.objectNode()
        .put("collection", a.collection())
        .put("alias", a.name())
        .put("version", a.versionNumber())
        .put("artifact_id", a.artifactId())
        .put("protected", a.isProtected())
        .put("updated_by", a.updatedBy())
        .put("update_time", a.updateTimeMs());
  }

  static ObjectNode aliasChange(String collection, AliasChange change) {
    ObjectNode node = JSON.objectNode().put("collection", collection).put("alias", change.alias());
    putNumberOrNull(node, "from_version", change.fromVersion());
    putNumberOrNull(node, "to_version", change.toVersion());
    return node.put("protected", change.isProtected()).put("changed_by", change.changedBy())
        .put("time", change.timeMs());
  }

  static ObjectNode upload(UploadStatus status) {
    ObjectNode node = JSON.objectNode()
        .put("upload_id", status.uploadId())
        .put("collection", status.collection())
        .put("manifest", status.manifestDigest().hex())
        .put("state", status.state().name().toLowerCase(Locale.ROOT))
        .put("expire_time", status.expireTimeMs())
        .put("blob_count", status.blobCount())
        .put("missing_count", status.missing().size());
    ArrayNode missing = node.putArray("missing");
    status.missing().forEach(digest -> missing.add(digest.hex()));
    return node;
  }

  static ObjectNode commit(CommitResult result) {
    return JSON.objectNode().put("created", result.created()).set("version", version(result.version()));
  }

  static ObjectNode entry(ManifestEntry entry) {
    ObjectNode node = JSON.objectNode().put("path", entry.path()).put("size", entry.size());
    switch (entry) {
      case FileEntry file -> {
        node.put("kind", "file").put("sha256", file.sha256().hex());
        if (file.mediaType() != null) {
          node.put("media_type", file.mediaType());
        }
      }
      case ReferenceEntry ref -> {
        node.put("kind", "reference").put("uri", ref.uri().toString());
        if (ref.etag() != null) {
          node.put("etag", ref.etag());
        }
        if (ref.versionId() != null) {
          node.put("version_id", ref.versionId());
        }
      }
    }
    return node;
  }

  static ObjectNode diff(ManifestDiff diff) {
    ObjectNode node = JSON.objectNode();
    node.set("from", version(diff.from()));
    node.set("to", version(diff.to()));
    node.set("added", entries(diff.added()));
    node.set("removed", entries(diff.removed()));
    ArrayNode changed = node.putArray("changed");
    for (ManifestDiff.Change change : diff.changed()) {
      changed.add(JSON.objectNode().put("path", change.after().path())
          .<ObjectNode>set("before", entry(change.before())).set("after", entry(change.after())));
    }
    return node;
  }

  static ObjectNode verify(VerifyReport report) {
    ObjectNode node = JSON.objectNode()
        .put("ok", report.ok())
        .put("versions_checked", report.versionsChecked())
        .put("blobs_checked", report.blobsChecked())
        .put("bytes_checked", report.bytesChecked());
    ArrayNode problems = node.putArray("problems");
    for (VerifyReport.Problem problem : report.problems()) {
      ObjectNode p = problems.addObject().put("digest", problem.digest().hex())
          .put("status", problem.status().name().toLowerCase(Locale.ROOT));
      ArrayNode versions = p.putArray("versions");
      problem.versions().forEach(versions::add);
    }
    return node;
  }

  static ObjectNode retention(RetentionRule rule) {
    ObjectNode node = JSON.objectNode().put("collection", rule.collection());
    putNumberOrNull(node, "keep_last", rule.keepLast());
    putNumberOrNull(node, "keep_for_seconds", rule.keepFor() == null ? null : rule.keepFor().toSeconds());
    return node.put("updated_by", rule.updatedBy()).put("update_time", rule.updateTimeMs());
  }

  static ObjectNode gc(GcReport report) {
    ObjectNode node = JSON.objectNode()
        .put("dry_run", report.dryRun())
        .put("grace_seconds", report.graceMs() / 1000);
    ArrayNode deleted = node.putArray("deleted_versions");
    report.deletedVersions().forEach(deleted::add);
    node
        .put("scanned", report.scanned())
        .put("referenced", report.referenced())
        .put("young", report.young())
        .put("freed_blobs", report.freedBlobs())
        .put("freed_bytes", report.freedBytes())
        .put("expired_uploads", report.expiredUploads())
        .put("purged_temporaries", report.purgedTemporaries());
    ArrayNode freed = node.putArray("freed");
    for (BlobInfo blob : report.freed()) {
      freed.addObject().put("digest", blob.digest().hex()).put("size", blob.size()).put("stored_at", blob.storedAtMs());
    }
    return node;
  }

  static ArrayNode entries(List<ManifestEntry> entries) {
    ArrayNode array = JSON.arrayNode();
    entries.forEach(entry -> array.add(entry(entry)));
    return array;
  }

  private static void putNumberOrNull(ObjectNode node, String field, @Nullable Number value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value.longValue());
    }
  }
}
