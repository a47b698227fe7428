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
import com.linecorp.armeria.server.annotation.Put;
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

  @Delete("regex:^/artifacts/(?<path>.+)$")
  public HttpResponse delete(@Param("path") String path) {
    artifacts.delete(path);
    return MlflowJson.empty();
  }
}
