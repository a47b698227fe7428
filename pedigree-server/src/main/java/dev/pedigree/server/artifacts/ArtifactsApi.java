package dev.pedigree.server.artifacts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Default;
import com.linecorp.armeria.server.annotation.Delete;
import com.linecorp.armeria.server.annotation.ExceptionHandler;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Post;
import com.linecorp.armeria.server.annotation.Put;
import dev.pedigree.core.artifacts.AliasUpdate;
import dev.pedigree.core.artifacts.ArtifactMaintenance;
import dev.pedigree.core.artifacts.ArtifactRetention;
import dev.pedigree.core.artifacts.ArtifactService;
import dev.pedigree.core.artifacts.GcOptions;
import dev.pedigree.core.artifacts.PedigreeUri;
import dev.pedigree.core.artifacts.VersionRef;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.artifact.Sha256;
import dev.pedigree.server.api.Json;
import dev.pedigree.server.api.ProblemHandler;
import dev.pedigree.store.artifacts.VersionRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Collections, versions, aliases and the upload protocol (JSON). Blob bytes, manifests and files
 * stream through {@link BlobsApi}.
 */
@Blocking
@ExceptionHandler(ProblemHandler.class)
public final class ArtifactsApi {
  static final String COLLECTION = "(?<collection>[A-Za-z0-9][A-Za-z0-9._/-]*)";
  static final String SELECTOR = "(?<selector>[A-Za-z0-9][A-Za-z0-9._-]*)";
  static final String ACTOR = "anonymous";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final ArtifactService artifacts;
  private final ArtifactRetention retention;
  private final ArtifactMaintenance maintenance;

  public ArtifactsApi(ArtifactService artifacts, ArtifactRetention retention, ArtifactMaintenance maintenance) {
    this.artifacts = artifacts;
    this.retention = retention;
    this.maintenance = maintenance;
  }

  record StartBody(@Nullable String manifest) {}

  record CommitBody(@Nullable List<String> aliases) {}

  record AliasBody(@Nullable Integer version, @Nullable Boolean isProtected, @Nullable Boolean force) {}

  record RetentionBody(@Nullable Integer keepLast, @Nullable Long keepForSeconds) {}

  // Upload protocol

  /** Starts an upload of a manifest already put as a blob; answers which blobs are missing. */
  @Post("regex:^/collections/" + COLLECTION + "/uploads$")
  public HttpResponse startUpload(@Param("collection") String collection, AggregatedHttpRequest request) {
    StartBody body = Json.read(request.contentUtf8(), StartBody.class);
    if (body.manifest() == null) {
      throw PedigreeException.invalidArgument("field 'manifest' (the manifest's SHA-256) is required");
    }
    return Json.created(ArtifactJson.upload(artifacts.startUpload(collection, Sha256.parse(body.manifest()), ACTOR)));
  }

  @Get("/uploads/{id}")
  public HttpResponse upload(@Param("id") String id) {
    return Json.ok(ArtifactJson.upload(artifacts.upload(id)));
  }

  @Post("/uploads/{id}/commit")
  public HttpResponse commit(@Param("id") String id, AggregatedHttpRequest request) {
    CommitBody body = request.content().isEmpty() ? new CommitBody(null)
        : Json.read(request.contentUtf8(), CommitBody.class);
    return Json.ok(ArtifactJson.commit(artifacts.commit(id, body.aliases() == null ? List.of() : body.aliases(), ACTOR)));
  }

  @Delete("/uploads/{id}")
  public HttpResponse abort(@Param("id") String id) {
    artifacts.abort(id);
    return Json.ok(JSON.objectNode().put("upload_id", id).put("state", "aborted"));
  }

  // Collections and versions

  @Get("/collections")
  public HttpResponse listCollections() {
    ArrayNode collections = JSON.arrayNode();
    artifacts.listCollections().forEach(c -> collections.add(ArtifactJson.collection(c)));
    return Json.ok(JSON.objectNode().set("collections", collections));
  }

  @Get("regex:^/collections/" + COLLECTION + "/versions$")
  public HttpResponse listVersions(@Param("collection") String collection) {
    ArrayNode versions = JSON.arrayNode();
    artifacts.listVersions(collection).forEach(v -> versions.add(ArtifactJson.version(v)));
    ArrayNode aliases = JSON.arrayNode();
    artifacts.listAliases(collection).forEach(a -> aliases.add(ArtifactJson.alias(a)));
    ObjectNode body = JSON.objectNode().put("collection", collection);
    body.set("versions", versions);
    body.set("aliases", aliases);
    return Json.ok(body);
  }

  /** One version: {@code v3} or {@code 3} by number, anything else as an alias ({@code latest}, ...). */
  @Get("regex:^/collections/" + COLLECTION + "/versions/" + SELECTOR + "$")
  public HttpResponse version(@Param("collection") String collection, @Param("selector") String selector) {
    return Json.ok(ArtifactJson.version(artifacts.resolve(ref(collection, selector))));
  }

  /**
   * Deletes a version by number ({@code v3} or {@code 3}): its node stays in the graph as DELETED,
   * its blobs are freed by the next garbage collection. Refused while an alias points at it.
   */
  @Delete("regex:^/collections/" + COLLECTION + "/versions/" + SELECTOR + "$")
  public HttpResponse deleteVersion(@Param("collection") String collection, @Param("selector") String selector) {
    VersionRef ref = ref(collection, selector);
    if (ref.number() == null) {
      throw PedigreeException.invalidArgument("a version is deleted by its number (v3), not by alias '"
          + selector + "'");
    }
    VersionRecord deleted = retention.deleteVersion(collection, ref.number(), ACTOR);
    return Json.ok(ArtifactJson.version(deleted).put("deleted", true));
  }

  @Get("regex:^/collections/" + COLLECTION + "/diff$")
  public HttpResponse diff(@Param("collection") String collection, @Param("from") String from,
      @Param("to") String to) {
    return Json.ok(ArtifactJson.diff(maintenance.diff(ref(collection, from), ref(collection, to))));
  }

  /** Resolves a {@code pedigree://} URI to its version (and file). */
  @Get("/resolve")
  public HttpResponse resolve(@Param("uri") String uri) {
    ArtifactService.ResolvedUri resolved = artifacts.resolve(PedigreeUri.parse(uri));
    ObjectNode body = JSON.objectNode().put("uri", uri);
    body.set("version", ArtifactJson.version(resolved.version()));
    if (resolved.entry() != null) {
      body.set("entry", ArtifactJson.entry(resolved.entry()));
    }
    return Json.ok(body);
  }

  // Aliases

  @Get("regex:^/collections/" + COLLECTION + "/aliases$")
  public HttpResponse listAliases(@Param("collection") String collection) {
    ArrayNode aliases = JSON.arrayNode();
    artifacts.listAliases(collection).forEach(a -> aliases.add(ArtifactJson.alias(a)));
    return Json.ok(JSON.objectNode().set("aliases", aliases));
  }

  /** Sets or moves an alias: {@code {"version": 3, "is_protected": true, "force": false}}. */
  @Put("regex:^/collections/" + COLLECTION + "/aliases/" + SELECTOR + "$")
  public HttpResponse setAlias(@Param("collection") String collection, @Param("selector") String alias,
      AggregatedHttpRequest request) {
    AliasBody body = Json.read(request.contentUtf8(), AliasBody.class);
    if (body.version() == null) {
      throw PedigreeException.invalidArgument("field 'version' (a version number) is required");
    }
    AliasUpdate.Protection protection = body.isProtected() == null ? AliasUpdate.Protection.KEEP
        : body.isProtected() ? AliasUpdate.Protection.PROTECTED : AliasUpdate.Protection.UNPROTECTED;
    AliasUpdate update = new AliasUpdate(protection, Boolean.TRUE.equals(body.force()));
    return Json.ok(ArtifactJson.alias(artifacts.setAlias(collection, alias, body.version(), update, ACTOR)));
  }

  @Delete("regex:^/collections/" + COLLECTION + "/aliases/" + SELECTOR + "$")
  public HttpResponse deleteAlias(@Param("collection") String collection, @Param("selector") String alias,
      @Param("force") @Default("false") boolean force) {
    artifacts.deleteAlias(collection, alias, new AliasUpdate(AliasUpdate.Protection.KEEP, force), ACTOR);
    return Json.ok(JSON.objectNode().put("collection", collection).put("alias", alias).put("deleted", true));
  }

  @Get("regex:^/collections/" + COLLECTION + "/alias-history$")
  public HttpResponse aliasHistory(@Param("collection") String collection, @Param("alias") Optional<String> alias) {
    ArrayNode changes = JSON.arrayNode();
    artifacts.aliasHistory(collection, alias.orElse(null))
        .forEach(change -> changes.add(ArtifactJson.aliasChange(collection, change)));
    return Json.ok(JSON.objectNode().set("history", changes));
  }

  // Retention

  @Get("/retention-rules")
  public HttpResponse listRetentionRules() {
    ArrayNode rules = JSON.arrayNode();
    retention.listRetentionRules().forEach(rule -> rules.add(ArtifactJson.retention(rule)));
    return Json.ok(JSON.objectNode().set("rules", rules));
  }

  @Get("regex:^/collections/" + COLLECTION + "/retention$")
  public HttpResponse retention(@Param("collection") String collection) {
    return Json.ok(ArtifactJson.retention(retention.retention(collection).orElseThrow(
        () -> PedigreeException.notFound("collection '" + collection + "' has no retention rule"))));
  }

  /**
   * Sets the collection's retention rule: {@code {"keep_last": 5, "keep_for_seconds": 2592000}}
   * (either or both). Versions are deleted by the next garbage collection.
   */
  @Put("regex:^/collections/" + COLLECTION + "/retention$")
  public HttpResponse setRetention(@Param("collection") String collection, AggregatedHttpRequest request) {
    RetentionBody body = Json.read(request.contentUtf8(), RetentionBody.class);
    Duration keepFor = body.keepForSeconds() == null ? null : Duration.ofSeconds(body.keepForSeconds());
    return Json.ok(ArtifactJson.retention(retention.setRetention(collection, body.keepLast(), keepFor, ACTOR)));
  }

  @Delete("regex:^/collections/" + COLLECTION + "/retention$")
  public HttpResponse clearRetention(@Param("collection") String collection) {
    retention.clearRetention(collection);
    return Json.ok(JSON.objectNode().put("collection", collection).put("retention", "none"));
  }

  // Maintenance

  @Post("regex:^/collections/" + COLLECTION + "/verify$")
  public HttpResponse verifyCollection(@Param("collection") String collection) {
    return Json.ok(ArtifactJson.verify(maintenance.verify(collection)));
  }

  @Post("/verify")
  public HttpResponse verifyAll() {
    return Json.ok(ArtifactJson.verify(maintenance.verify(null)));
  }

  /** Garbage collection; a dry run unless {@code dry_run=false}. */
  @Post("/gc")
  public HttpResponse gc(@Param("dry_run") @Default("true") boolean dryRun,
      @Param("grace_seconds") Optional<Long> graceSeconds) {
    long grace = graceSeconds.orElse(GcOptions.DEFAULT_GRACE.toSeconds());
    if (grace < 0) {
      throw PedigreeException.invalidArgument("grace_seconds: " + grace + " (expected: >= 0)");
    }
    return Json.ok(ArtifactJson.gc(maintenance.collectGarbage(new GcOptions(dryRun, Duration.ofSeconds(grace)))));
  }

  static VersionRef ref(String collection, String selector) {
    String s = selector.startsWith("@") ? selector.substring(1) : selector;
    if (s.matches("v?[0-9]{1,9}")) {
      return VersionRef.of(collection, Integer.parseInt(s.startsWith("v") ? s.substring(1) : s));
    }
    return s.equals("latest") ? VersionRef.latest(collection) : VersionRef.alias(collection, s);
  }
}
