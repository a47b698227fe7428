package dev.pedigree.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Delete;
import com.linecorp.armeria.server.annotation.ExceptionHandler;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Patch;
import com.linecorp.armeria.server.annotation.Post;
import dev.pedigree.core.mlflow.MlflowViews.ModelVersionView;
import dev.pedigree.core.mlflow.MlflowViews.PageOf;
import dev.pedigree.core.mlflow.MlflowViews.RegisteredModelView;
import dev.pedigree.core.mlflow.ModelRegistry;
import java.util.List;

/** MLflow model-registry routes: registered models, versions, tags, aliases. */
@Blocking
@ExceptionHandler(MlflowErrors.class)
final class RegistryApi {
  private final ModelRegistry registry;

  RegistryApi(ModelRegistry registry) {
    this.registry = registry;
  }

  // Registered models

  @Post("/registered-models/create")
  public HttpResponse create(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    return model(registry.create(req.required("name"), req.keyValues("tags"), req.string("description")));
  }

  @Post("/registered-models/rename")
  public HttpResponse rename(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    return model(registry.rename(req.required("name"), req.required("new_name")));
  }

  @Patch("/registered-models/update")
  public HttpResponse update(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    return model(registry.update(req.required("name"), req.string("description")));
  }

  @Delete("/registered-models/delete")
  public HttpResponse delete(AggregatedHttpRequest http) {
    registry.delete(MlflowRequest.of(http).required("name"));
    return MlflowJson.empty();
  }

  @Get("/registered-models/get")
  public HttpResponse get(AggregatedHttpRequest http) {
    return model(registry.get(MlflowRequest.of(http).required("name")));
  }

  @Get("/registered-models/search")
  public HttpResponse search(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    PageOf<RegisteredModelView> page = registry.search(req.string("filter"), req.int64("max_results"),
        req.strings("order_by"), req.string("page_token"));
    return MlflowJson.page("registered_models", page, MlflowJson::registeredModel);
  }

  @Get("/registered-models/get-latest-versions")
  @Post("/registered-models/get-latest-versions")
  public HttpResponse latestVersions(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    return versions(registry.latestVersions(req.required("name"), req.strings("stages")));
  }

  @Post("/registered-models/set-tag")
  public HttpResponse setTag(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    registry.setTag(req.required("name"), req.required("key"), value(req));
    return MlflowJson.empty();
  }

  @Delete("/registered-models/delete-tag")
  public HttpResponse deleteTag(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    registry.deleteTag(req.required("name"), req.required("key"));
    return MlflowJson.empty();
  }

  @Post("/registered-models/alias")
  public HttpResponse setAlias(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    registry.setAlias(req.required("name"), req.required("alias"), req.required("version"));
    return MlflowJson.empty();
  }

  @Delete("/registered-models/alias")
  public HttpResponse deleteAlias(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    registry.deleteAlias(req.required("name"), req.required("alias"));
    return MlflowJson.empty();
  }

  @Get("/registered-models/alias")
  public HttpResponse getByAlias(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    return version(registry.versionByAlias(req.required("name"), req.required("alias")));
  }

  // Versions

  @Post("/model-versions/create")
  public HttpResponse createVersion(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    return version(registry.createVersion(req.required("name"), req.required("source"), req.string("run_id"),
        req.keyValues("tags"), req.string("run_link"), req.string("description"), req.string("model_id")));
  }

  @Patch("/model-versions/update")
  public HttpResponse updateVersion(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    return version(registry.updateVersion(req.required("name"), req.required("version"), req.string("description")));
  }

  @Post("/model-versions/transition-stage")
  public HttpResponse transitionStage(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    return version(registry.transitionStage(req.required("name"), req.required("version"), req.required("stage"),
        req.bool("archive_existing_versions", false)));
  }

  @Delete("/model-versions/delete")
  public HttpResponse deleteVersion(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    registry.deleteVersion(req.required("name"), req.required("version"));
    return MlflowJson.empty();
  }

  @Get("/model-versions/get")
  public HttpResponse getVersion(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    return version(registry.version(req.required("name"), req.required("version")));
  }

  @Get("/model-versions/search")
  public HttpResponse searchVersions(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    PageOf<ModelVersionView> page = registry.searchVersions(req.string("filter"), req.int64("max_results"),
        req.strings("order_by"), req.string("page_token"));
    return MlflowJson.page("model_versions", page, MlflowJson::modelVersion);
  }

  @Get("/model-versions/get-download-uri")
  public HttpResponse downloadUri(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    return MlflowJson.ok(MlflowJson.object().put("artifact_uri",
        registry.downloadUri(req.required("name"), req.required("version"))));
  }

  @Post("/model-versions/set-tag")
  public HttpResponse setVersionTag(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    registry.setVersionTag(req.required("name"), req.required("version"), req.required("key"), value(req));
    return MlflowJson.empty();
  }

  @Delete("/model-versions/delete-tag")
  public HttpResponse deleteVersionTag(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    registry.deleteVersionTag(req.required("name"), req.required("version"), req.required("key"));
    return MlflowJson.empty();
  }

  private static String value(MlflowRequest req) {
    String value = req.string("value");
    if (value == null) {
      throw dev.pedigree.model.PedigreeException.invalidArgument("Missing value for required parameter 'value'");
    }
    return value;
  }

  private static HttpResponse model(RegisteredModelView model) {
    ObjectNode out = MlflowJson.object();
    out.set("registered_model", MlflowJson.registeredModel(model));
    return MlflowJson.ok(out);
  }

  private static HttpResponse version(ModelVersionView version) {
    ObjectNode out = MlflowJson.object();
    out.set("model_version", MlflowJson.modelVersion(version));
    return MlflowJson.ok(out);
  }

  private static HttpResponse versions(List<ModelVersionView> versions) {
    ObjectNode out = MlflowJson.object();
    if (!versions.isEmpty()) {
      ArrayNode list = out.putArray("model_versions");
      versions.forEach(v -> list.add(MlflowJson.modelVersion(v)));
    }
    return MlflowJson.ok(out);
  }
}
