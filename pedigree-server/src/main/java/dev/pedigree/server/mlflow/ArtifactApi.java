package dev.pedigree.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Default;
import com.linecorp.armeria.server.annotation.Delete;
import com.linecorp.armeria.server.annotation.ExceptionHandler;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Post;
import com.linecorp.armeria.server.annotation.Put;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.pedigree.core.mlflow.MlflowArtifacts.CompletedPart;
import dev.pedigree.core.mlflow.MlflowArtifacts;
import dev.pedigree.core.mlflow.MlflowArtifacts.Download;
import dev.pedigree.store.mlflow.MlflowRows.ArtifactEntry;
import java.io.InputStream;
import java.net.URLConnection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The artifact proxy ({@code /api/2.0/mlflow-artifacts}) that {@code mlflow-artifacts:/} URIs map
 * to: files stream in and out (downloads carry Content-Length); listing is one level, by basename.
 */
@Blocking
@ExceptionHandler(MlflowErrors.class)
final class ArtifactApi {
  private static final String SCHEME = "mlflow-artifacts:";

  private final MlflowArtifacts artifacts;

  ArtifactApi(MlflowArtifacts artifacts) {
    this.artifacts = artifacts;
  }

  /** The tree path of an {@code mlflow-artifacts:} URI, or null for a URI of another scheme. */
  static @Nullable String treePath(String uri) {
    if (!uri.startsWith(SCHEME)) {
      return null;
    }
    String rest = uri.substring(SCHEME.length());
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      rest = slash < 0 ? "" : rest.substring(slash);
    }
    while (rest.startsWith("/")) {
      rest = rest.substring(1);
    }
    while (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    return rest;
  }

  @Put("regex:^/artifacts/(?<path>.+)$")
  public HttpResponse upload(@Param("path") String path, HttpRequest request) {
    MlflowArtifacts.checkPath(path);
    try (InputStream body = request.toInputStream(o -> o instanceof HttpData data ? data : HttpData.empty())) {
      artifacts.put(path, body);
    } catch (java.io.IOException e) {
      throw dev.pedigree.model.PedigreeException.aborted("reading the upload failed: " + e.getMessage(), e);
    }
    return MlflowJson.empty();
  }

  @Get("regex:^/artifacts/(?<path>.+)$")
  public HttpResponse download(@Param("path") String path) {
    Download download = artifacts.open(path);
    String name = path.substring(path.lastIndexOf('/') + 1);
    String type = URLConnection.guessContentTypeFromName(name);
    ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK)
        .contentType(type == null ? MediaType.OCTET_STREAM : MediaType.parse(type))
        .contentLength(download.size())
        .add("content-disposition", "attachment; filename=\"" + name.replace("\"", "") + "\"")
        .add("x-content-type-options", "nosniff")
        .build();
    return HttpResponse.of(headers, StreamMessage.of(download.content()));
  }

  @Get("/artifacts")
  public HttpResponse list(@Param("path") @Default("") String path) {
    List<ArtifactEntry> entries = artifacts.list(path);
    ObjectNode out = MlflowJson.object();
    if (!entries.isEmpty()) {
      ArrayNode files = out.putArray("files");
      entries.forEach(entry -> files.add(MlflowJson.fileInfo(entry)));
    }
    return MlflowJson.ok(out);
  }

  @Post("regex:^/mpu/create/(?<path>.+)$")
  public HttpResponse createUpload(@Param("path") String path, ServiceRequestContext ctx, AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    Long parts = req.int64("num_parts");
    String uploadId = artifacts.createUpload(target(path, req), parts == null ? 1 : parts);
    String authority = ctx.request().authority() == null ? ctx.localAddress().toString() : ctx.request().authority();
    ObjectNode out = MlflowJson.object().put("upload_id", uploadId);
    ArrayNode credentials = out.putArray("credentials");
    String prefix = ctx.path().substring(0, ctx.path().length() - ctx.mappedPath().length());
    for (long part = 1; part <= (parts == null ? 1 : parts); part++) {
      credentials.addObject()
          .put("url", (ctx.sessionProtocol().isTls() ? "https" : "http") + "://" + authority + prefix + "/mpu/part/" + uploadId + "/" + part)
          .put("part_number", part)
          .putObject("headers");
    }
    return MlflowJson.ok(out);
  }

  /** The URL names the directory; the file name is the base name of the client's local file. */
  private static String target(String directory, MlflowRequest req) {
    String local = req.required("path").replace('\\', '/');
    return directory + "/" + local.substring(local.lastIndexOf('/') + 1);
  }

  @Put("/mpu/part/{upload_id}/{part_number}")
  public HttpResponse uploadPart(@Param("upload_id") String uploadId, @Param("part_number") long partNumber,
      HttpRequest request) {
    String etag;
    try (InputStream body = request.toInputStream(o -> o instanceof HttpData data ? data : HttpData.empty())) {
      etag = artifacts.putPart(uploadId, partNumber, body);
    } catch (java.io.IOException e) {
      throw dev.pedigree.model.PedigreeException.aborted("reading the part failed: " + e.getMessage(), e);
    }
    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.JSON_UTF_8)
        .add("etag", "\"" + etag + "\"").build(), HttpData.ofUtf8("{}"));
  }

  @Post("regex:^/mpu/complete/(?<path>.+)$")
  public HttpResponse completeUpload(@Param("path") String path, AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    List<CompletedPart> parts = new java.util.ArrayList<>();
    for (var part : req.messages("parts")) {
      Long number = MlflowRequest.int64(part, "part_number");
      String etag = MlflowRequest.string(part, "etag");
      if (number == null || etag == null) {
        throw dev.pedigree.model.PedigreeException.invalidArgument("each part needs part_number and etag");
      }
      parts.add(new CompletedPart(number, etag));
    }
    artifacts.completeUpload(target(path, req), req.required("upload_id"), parts);
    return MlflowJson.empty();
  }

  @Post("regex:^/mpu/abort/(?<path>.+)$")
  public HttpResponse abortUpload(@Param("path") String path, AggregatedHttpRequest http) {
    MlflowArtifacts.checkPath(path);
    artifacts.abortUpload(MlflowRequest.of(http).required("upload_id"));
    return MlflowJson.empty();
  }

  @Delete("regex:^/artifacts/(?<path>.+)$")
  public HttpResponse delete(@Param("path") String path) {
    artifacts.delete(path);
    return MlflowJson.empty();
  }
}
