package dev.pedigree.server.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Delete;
import com.linecorp.armeria.server.annotation.ExceptionHandler;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Patch;
import com.linecorp.armeria.server.annotation.Post;
import dev.pedigree.core.mlflow.LoggedModels;
import dev.pedigree.core.mlflow.MlflowArtifacts;
import dev.pedigree.core.mlflow.MlflowViews.LoggedModelView;
import dev.pedigree.core.mlflow.MlflowViews.PageOf;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.mlflow.MlflowRows.ArtifactEntry;
import dev.pedigree.store.mlflow.OrderKey;
import dev.pedigree.store.mlflow.SearchClause.Entity;
import java.util.ArrayList;
import java.util.List;

/** MLflow 3 logged-model routes ({@code /logged-models...}). */
@Blocking
@ExceptionHandler(MlflowErrors.class)
final class LoggedModelApi {
  private final LoggedModels models;
  private final MlflowArtifacts artifacts;

  LoggedModelApi(LoggedModels models, MlflowArtifacts artifacts) {
    this.models = models;
    this.artifacts = artifacts;
  }

  @Post("/logged-models")
  public HttpResponse create(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    LoggedModelView model = models.create(req.required("experiment_id"), req.string("name"),
        req.string("model_type"), req.string("source_run_id"), req.keyValues("params"), req.keyValues("tags"));
    return single(model);
  }

  @Post("/logged-models/search")
  public HttpResponse search(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    List<OrderKey> orderBy = new ArrayList<>();
    for (JsonNode order : req.messages("order_by")) {
      String field = MlflowRequest.string(order, "field_name");
      if (field == null || field.isEmpty()) {
        throw PedigreeException.invalidArgument("Missing value for required parameter 'order_by.field_name'");
      }
      JsonNode ascending = MlflowRequest.field(order, "ascending");
      orderBy.add(new OrderKey(Entity.ATTRIBUTE, field, ascending == null || ascending.asBoolean(true)));
    }
    if (!req.messages("datasets").isEmpty()) {
      throw PedigreeException.invalidArgument("Searching logged models by dataset is not supported by this server");
    }
    PageOf<LoggedModelView> page = models.search(req.strings("experiment_ids"), req.string("filter"), orderBy,
        req.int64("max_results"), req.string("page_token"));
    return MlflowJson.page("models", page, MlflowJson::loggedModel);
  }

  @Get("/logged-models/{model_id}")
  public HttpResponse get(@Param("model_id") String modelId) {
    return single(models.get(modelId));
  }

  @Patch("/logged-models/{model_id}")
  public HttpResponse finalizeModel(@Param("model_id") String modelId, AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    return single(models.finalizeModel(modelId, req.required("status")));
  }

  @Delete("/logged-models/{model_id}")
  public HttpResponse delete(@Param("model_id") String modelId) {
    models.delete(modelId);
    return MlflowJson.empty();
  }

  @Patch("/logged-models/{model_id}/tags")
  public HttpResponse setTags(@Param("model_id") String modelId, AggregatedHttpRequest http) {
    return single(models.setTags(modelId, MlflowRequest.of(http).keyValues("tags")));
  }

  @Delete("/logged-models/{model_id}/tags/{tag_key}")
  public HttpResponse deleteTag(@Param("model_id") String modelId, @Param("tag_key") String key) {
    models.deleteTag(modelId, key);
    return MlflowJson.empty();
  }

  @Post("/logged-models/{model_id}/params")
  public HttpResponse logParams(@Param("model_id") String modelId, AggregatedHttpRequest http) {
    models.logParams(modelId, MlflowRequest.of(http).keyValues("params"));
    return MlflowJson.empty();
  }

  @Get("/logged-models/{model_id}/artifacts/directories")
  public HttpResponse listArtifacts(@Param("model_id") String modelId, AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    String root = models.get(modelId).info().artifactLocation();
    String path = req.string("artifact_directory_path");
    ObjectNode out = MlflowJson.object();
    out.put("root_uri", root);
    String prefix = ArtifactApi.treePath(root);
    if (prefix != null) {
      String dir = path == null || path.isEmpty() ? prefix : prefix + "/" + MlflowArtifacts.checkPath(path);
      List<ArtifactEntry> entries = artifacts.list(dir);
      if (!entries.isEmpty()) {
        ArrayNode files = out.putArray("files");
        for (ArtifactEntry entry : entries) {
          ObjectNode file = MlflowJson.fileInfo(entry);
          file.put("path", path == null || path.isEmpty() ? entry.name() : path + "/" + entry.name());
          files.add(file);
        }
      }
    }
    return MlflowJson.ok(out);
  }

  private static HttpResponse single(LoggedModelView model) {
    ObjectNode out = MlflowJson.object();
    out.set("model", MlflowJson.loggedModel(model));
    return MlflowJson.ok(out);
  }
}
