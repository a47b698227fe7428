package dev.pedigree.server.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.ExceptionHandler;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Post;
import dev.pedigree.core.mlflow.LoggedModels;
import dev.pedigree.core.mlflow.MlflowArtifacts;
import dev.pedigree.core.mlflow.MlflowGraph;
import dev.pedigree.core.mlflow.MlflowTracking;
import dev.pedigree.core.mlflow.MlflowTracking.DatasetSpec;
import dev.pedigree.core.mlflow.MlflowViews.PageOf;
import dev.pedigree.core.mlflow.MlflowViews.RunView;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.mlflow.MlflowRows.ArtifactEntry;
import dev.pedigree.store.mlflow.MlflowRows.Experiment;
import dev.pedigree.store.mlflow.MlflowRows.MetricPoint;
import dev.pedigree.store.mlflow.MlflowRows.ViewType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** MLflow tracking routes: experiments, runs, metrics, inputs, run artifact listing. */
@Blocking
@ExceptionHandler(MlflowErrors.class)
final class TrackingApi {
  private final MlflowTracking tracking;
  private final LoggedModels loggedModels;
  private final MlflowArtifacts artifacts;

  TrackingApi(MlflowTracking tracking, LoggedModels loggedModels, MlflowArtifacts artifacts) {
    this.tracking = tracking;
    this.loggedModels = loggedModels;
    this.artifacts = artifacts;
  }

  // Experiments

  @Post("/experiments/create")
  public HttpResponse createExperiment(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    String id = tracking.createExperiment(req.required("name"), req.string("artifact_location"),
        req.keyValues("tags"));
    return MlflowJson.ok(MlflowJson.object().put("experiment_id", id));
  }

  @Get("/experiments/get")
  public HttpResponse getExperiment(AggregatedHttpRequest http) {
    Experiment e = tracking.experiment(MlflowRequest.of(http).required("experiment_id"));
    ObjectNode out = MlflowJson.object();
    out.set("experiment", MlflowJson.experiment(e));
    return MlflowJson.ok(out);
  }

  @Get("/experiments/get-by-name")
  public HttpResponse getExperimentByName(AggregatedHttpRequest http) {
    String name = MlflowRequest.of(http).required("experiment_name");
    Optional<Experiment> e = tracking.experimentByName(name);
    if (e.isEmpty()) {
      throw PedigreeException.notFound("Could not find experiment with name " + name);
    }
    ObjectNode out = MlflowJson.object();
    out.set("experiment", MlflowJson.experiment(e.get()));
    return MlflowJson.ok(out);
  }

  @Get("/experiments/search")
  @Post("/experiments/search")
  public HttpResponse searchExperiments(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    PageOf<Experiment> page = tracking.searchExperiments(req.int64("max_results"), req.string("page_token"),
        req.string("filter"), req.strings("order_by"), viewType(req.string("view_type")));
    return MlflowJson.page("experiments", page, MlflowJson::experiment);
  }

  @Post("/experiments/update")
  public HttpResponse updateExperiment(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    String newName = req.string("new_name");
    String id = req.required("experiment_id");
    if (newName == null || newName.isEmpty()) {
      tracking.experiment(id);
    } else {
      tracking.renameExperiment(id, newName);
    }
    return MlflowJson.empty();
  }

  @Post("/experiments/delete")
  public HttpResponse deleteExperiment(AggregatedHttpRequest http) {
    tracking.setExperimentLifecycle(MlflowRequest.of(http).required("experiment_id"), true);
    return MlflowJson.empty();
  }

  @Post("/experiments/restore")
  public HttpResponse restoreExperiment(AggregatedHttpRequest http) {
    tracking.setExperimentLifecycle(MlflowRequest.of(http).required("experiment_id"), false);
    return MlflowJson.empty();
  }

  @Post("/experiments/set-experiment-tag")
  public HttpResponse setExperimentTag(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    tracking.setExperimentTag(req.required("experiment_id"), req.required("key"), valueOf(req));
    return MlflowJson.empty();
  }

  @Post("/experiments/delete-experiment-tag")
  public HttpResponse deleteExperimentTag(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    tracking.deleteExperimentTag(req.required("experiment_id"), req.required("key"));
    return MlflowJson.empty();
  }

  // Runs

  @Post("/runs/create")
  public HttpResponse createRun(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    RunView run = tracking.createRun(req.string("experiment_id"), req.string("user_id"), req.string("run_name"),
        req.int64("start_time"), req.keyValues("tags"));
    ObjectNode out = MlflowJson.object();
    out.set("run", MlflowJson.run(run));
    return MlflowJson.ok(out);
  }

  @Get("/runs/get")
  public HttpResponse getRun(AggregatedHttpRequest http) {
    RunView run = tracking.run(MlflowRequest.of(http).runId());
    ObjectNode out = MlflowJson.object();
    out.set("run", MlflowJson.run(run));
    return MlflowJson.ok(out);
  }

  @Post("/runs/update")
  public HttpResponse updateRun(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    var info = tracking.updateRun(req.runId(), req.string("status"), req.int64("end_time"), req.string("run_name"));
    ObjectNode out = MlflowJson.object();
    out.set("run_info", MlflowJson.runInfo(info));
    return MlflowJson.ok(out);
  }

  @Post("/runs/delete")
  public HttpResponse deleteRun(AggregatedHttpRequest http) {
    tracking.setRunLifecycle(MlflowRequest.of(http).runId(), true);
    return MlflowJson.empty();
  }

  @Post("/runs/restore")
  public HttpResponse restoreRun(AggregatedHttpRequest http) {
    tracking.setRunLifecycle(MlflowRequest.of(http).runId(), false);
    return MlflowJson.empty();
  }

  @Post("/runs/search")
  public HttpResponse searchRuns(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    PageOf<RunView> page = tracking.searchRuns(req.strings("experiment_ids"), req.string("filter"),
        viewType(req.string("run_view_type")), req.int64("max_results"), req.strings("order_by"),
        req.string("page_token"));
    return MlflowJson.page("runs", page, MlflowJson::run);
  }

  @Post("/runs/log-metric")
  public HttpResponse logMetric(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    tracking.logBatch(req.runId(), List.of(metric(req.json())), Map.of(), Map.of());
    return MlflowJson.empty();
  }

  @Post("/runs/log-parameter")
  public HttpResponse logParameter(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    tracking.logBatch(req.runId(), List.of(), Map.of(req.required("key"), valueOf(req)), Map.of());
    return MlflowJson.empty();
  }

  @Post("/runs/set-tag")
  public HttpResponse setTag(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    tracking.logBatch(req.runId(), List.of(), Map.of(), Map.of(req.required("key"), valueOf(req)));
    return MlflowJson.empty();
  }

  @Post("/runs/delete-tag")
  public HttpResponse deleteTag(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    tracking.deleteTag(req.runId(), req.required("key"));
    return MlflowJson.empty();
  }

  @Post("/runs/log-batch")
  public HttpResponse logBatch(AggregatedHttpRequest http) {
    if (http.content().length() > MlflowGraph.MAX_BATCH_BYTES) {
      throw PedigreeException.invalidArgument("Batched logging API requests must be at most "
          + MlflowGraph.MAX_BATCH_BYTES + " bytes, got a request of " + http.content().length() + " bytes.");
    }
    MlflowRequest req = MlflowRequest.of(http);
    List<MetricPoint> metrics = new ArrayList<>();
    for (JsonNode metric : req.messages("metrics")) {
      metrics.add(metric(metric));
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (JsonNode param : req.messages("params")) {
      String key = MlflowRequest.string(param, "key");
      String value = MlflowRequest.string(param, "value");
      if (key == null || value == null) {
        throw PedigreeException.invalidArgument("Missing value for required parameter 'params.key' or"
            + " 'params.value'");
      }
      // MLflow refuses a key given twice in one batch even with the same value.
      if (params.put(key, value) != null) {
        throw PedigreeException.invalidArgument("Duplicate parameter keys have been submitted: ['" + key
            + "']. Please ensure the request contains only one param value per param key.");
      }
    }
    tracking.logBatch(req.runId(), metrics, params, req.keyValues("tags"));
    return MlflowJson.empty();
  }

  @Post("/runs/log-inputs")
  public HttpResponse logInputs(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    List<DatasetSpec> datasets = new ArrayList<>();
    for (JsonNode input : req.messages("datasets")) {
      JsonNode d = MlflowRequest.field(input, "dataset");
      if (d == null) {
        throw PedigreeException.invalidArgument("Missing value for required parameter 'datasets.dataset'");
      }
      Map<String, String> tags = new LinkedHashMap<>();
      JsonNode tagList = MlflowRequest.field(input, "tags");
      if (tagList != null) {
        for (JsonNode tag : tagList) {
          tags.put(String.valueOf(MlflowRequest.string(tag, "key")), String.valueOf(MlflowRequest.string(tag, "value")));
        }
      }
      datasets.add(new DatasetSpec(orEmpty(MlflowRequest.string(d, "name")), orEmpty(MlflowRequest.string(d, "digest")),
          orEmpty(MlflowRequest.string(d, "source_type")), orEmpty(MlflowRequest.string(d, "source")),
          sourceUri(MlflowRequest.string(d, "source")), MlflowRequest.string(d, "schema"), MlflowRequest.string(d, "profile"), tags));
    }
    List<String> models = new ArrayList<>();
    for (JsonNode model : req.messages("models")) {
      models.add(orEmpty(MlflowRequest.string(model, "model_id")));
    }
    tracking.logInputs(req.runId(), datasets, models);
    return MlflowJson.empty();
  }

  @Post("/runs/outputs")
  public HttpResponse logOutputs(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    Map<String, Long> models = new LinkedHashMap<>();
    for (JsonNode model : req.messages("models")) {
      Long step = MlflowRequest.int64(model, "step");
      models.put(orEmpty(MlflowRequest.string(model, "model_id")), step == null ? 0 : step);
    }
    loggedModels.logOutputs(req.runId(), models);
    return MlflowJson.empty();
  }

  // Metrics

  @Get("/metrics/get-history")
  public HttpResponse metricHistory(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    PageOf<MetricPoint> page = tracking.metricHistory(req.runId(), req.required("metric_key"),
        req.int64("max_results"), req.string("page_token"));
    return MlflowJson.page("metrics", page, MlflowJson::metric);
  }

  @Get("/metrics/get-history-bulk-interval")
  public HttpResponse metricHistoryBulkInterval(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    List<MetricPoint> points = tracking.metricHistoryBulkInterval(req.strings("run_ids"),
        req.required("metric_key"), req.int64("start_step"), req.int64("end_step"), req.int64("max_results"));
    ObjectNode out = MlflowJson.object();
    if (!points.isEmpty()) {
      ArrayNode metrics = out.putArray("metrics");
      points.forEach(m -> metrics.add(MlflowJson.metric(m)));
    }
    return MlflowJson.ok(out);
  }

  // Artifacts of a run

  @Get("/artifacts/list")
  public HttpResponse listArtifacts(AggregatedHttpRequest http) {
    MlflowRequest req = MlflowRequest.of(http);
    RunView run = tracking.run(req.runId());
    String root = run.info().artifactUri();
    String path = req.string("path");
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
          file.put("path", path == null || path.isEmpty() ? entry.name() : MlflowArtifacts.checkPath(path) + "/"
              + entry.name());
          files.add(file);
        }
      }
    }
    return MlflowJson.ok(out);
  }

  // Helpers

  static MetricPoint metric(JsonNode node) {
    String key = MlflowRequest.string(node, "key");
    if (key == null || key.isEmpty()) {
      throw PedigreeException.invalidArgument("Missing value for required parameter 'key'");
    }
    Long timestamp = MlflowRequest.int64(node, "timestamp");
    if (timestamp == null) {
      throw PedigreeException.invalidArgument("Missing value for required parameter 'timestamp'");
    }
    Long step = MlflowRequest.int64(node, "step");
    return MetricPoint.of(key, MlflowRequest.number(node, "value"), timestamp, step == null ? 0 : step);
  }

  /** MLflow dataset sources are JSON such as {@code {"uri": "s3://..."}}; the location, if it names one. */
  private static @org.jspecify.annotations.Nullable String sourceUri(@org.jspecify.annotations.Nullable String source) {
    if (source == null || !source.startsWith("{")) {
      return null;
    }
    try {
      JsonNode node = MlflowRequest.MAPPER.readTree(source);
      for (String field : new String[] {"uri", "url", "path"}) {
        if (node.hasNonNull(field) && node.get(field).isTextual()) {
          return node.get(field).asText();
        }
      }
      return null;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }

  private static String valueOf(MlflowRequest req) {
    String value = req.string("value");
    if (value == null) {
      throw PedigreeException.invalidArgument("Missing value for required parameter 'value'");
    }
    return value;
  }

  private static String orEmpty(@org.jspecify.annotations.Nullable String value) {
    return value == null ? "" : value;
  }

  static ViewType viewType(@org.jspecify.annotations.Nullable String text) {
    if (text == null || text.isEmpty()) {
      return ViewType.ACTIVE_ONLY;
    }
    return switch (text.toUpperCase(Locale.ROOT)) {
      case "ACTIVE_ONLY", "1" -> ViewType.ACTIVE_ONLY;
      case "DELETED_ONLY", "2" -> ViewType.DELETED_ONLY;
      case "ALL", "3" -> ViewType.ALL;
      default -> throw PedigreeException.invalidArgument("Invalid value '" + text + "' for the view type");
    };
  }
}
