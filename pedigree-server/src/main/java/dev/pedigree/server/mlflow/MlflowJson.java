package dev.pedigree.server.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import dev.pedigree.core.mlflow.MlflowViews.LoggedModelView;
import dev.pedigree.core.mlflow.MlflowViews.PageOf;
import dev.pedigree.core.mlflow.MlflowViews.ModelVersionView;
import dev.pedigree.core.mlflow.MlflowViews.RegisteredModelView;
import dev.pedigree.core.mlflow.MlflowViews.RunView;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.mlflow.MlflowRows.ArtifactEntry;
import dev.pedigree.store.mlflow.MlflowRows.DatasetInput;
import dev.pedigree.store.mlflow.MlflowRows.Experiment;
import dev.pedigree.store.mlflow.MlflowRows.LoggedModel;
import dev.pedigree.store.mlflow.MlflowRows.MetricPoint;
import dev.pedigree.store.mlflow.MlflowRows.ModelVersion;
import dev.pedigree.store.mlflow.MlflowRows.RegisteredModel;
import dev.pedigree.store.mlflow.MlflowRows.Run;
import dev.pedigree.store.mlflow.MlflowRows.RunModel;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * MLflow's JSON as its server writes it: proto field names, int64 as JSON numbers, unset fields
 * omitted, NaN and infinities as strings, {@code next_page_token} absent on the last page.
 */
final class MlflowJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private MlflowJson() {}

  static ObjectNode object() {
    return JSON.objectNode();
  }

  static HttpResponse ok(ObjectNode body) {
    try {
      return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, MlflowRequest.MAPPER.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw PedigreeException.internal("cannot encode the response", e);
    }
  }

  static HttpResponse empty() {
    return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, "{}");
  }

  /**
   * A page of results as MLflow answers it: the list under {@code field} (left out when empty, as
   * MLflow does) and {@code next_page_token} when there is another page.
   */
  static <T> HttpResponse page(String field, PageOf<T> page, Function<T, ? extends JsonNode> encode) {
    ObjectNode out = object();
    if (!page.items().isEmpty()) {
      ArrayNode list = out.putArray(field);
      page.items().forEach(item -> list.add(encode.apply(item)));
    }
    pageToken(out, page.nextPageToken());
    return ok(out);
  }

  static void pageToken(ObjectNode out, @Nullable String token) {
    if (token != null) {
      out.put("next_page_token", token);
    }
  }

  static void putIfPresent(ObjectNode out, String name, @Nullable String value) {
    if (value != null) {
      out.put(name, value);
    }
  }

  static ArrayNode keyValues(Map<String, String> values) {
    ArrayNode array = JSON.arrayNode();
    values.forEach((k, v) -> array.addObject().put("key", k).put("value", v));
    return array;
  }

  static ObjectNode experiment(Experiment e) {
    ObjectNode out = object();
    out.put("experiment_id", Long.toString(e.experimentId()));
    out.put("name", e.name());
    out.put("artifact_location", e.artifactLocation());
    out.put("lifecycle_stage", e.lifecycleStage());
    out.put("last_update_time", e.lastUpdateTime());
    out.put("creation_time", e.creationTime());
    if (!e.tags().isEmpty()) {
      out.set("tags", keyValues(e.tags()));
    }
    return out;
  }

  static ObjectNode runInfo(Run r) {
    ObjectNode out = object();
    out.put("run_id", r.runUuid());
    out.put("run_uuid", r.runUuid());
    out.put("run_name", r.name());
    out.put("experiment_id", Long.toString(r.experimentId()));
    putIfPresent(out, "user_id", r.userId());
    out.put("status", r.status());
    out.put("start_time", r.startTime());
    if (r.endTime() != null) {
      out.put("end_time", r.endTime());
    }
    out.put("artifact_uri", r.artifactUri());
    out.put("lifecycle_stage", r.lifecycleStage());
    return out;
  }

  static ObjectNode run(RunView view) {
    ObjectNode out = object();
    out.set("info", runInfo(view.info()));
    ObjectNode data = out.putObject("data");
    if (!view.data().metrics().isEmpty()) {
      ArrayNode metrics = data.putArray("metrics");
      view.data().metrics().forEach(m -> metrics.add(metric(m)));
    }
    if (!view.data().params().isEmpty()) {
      data.set("params", keyValues(view.data().params()));
    }
    if (!view.data().tags().isEmpty()) {
      data.set("tags", keyValues(view.data().tags()));
    }
    ObjectNode inputs = out.putObject("inputs");
    if (!view.inputs().isEmpty()) {
      ArrayNode datasets = inputs.putArray("dataset_inputs");
      for (DatasetInput input : view.inputs()) {
        ObjectNode item = datasets.addObject();
        if (!input.tags().isEmpty()) {
          item.set("tags", keyValues(input.tags()));
        }
        ObjectNode d = item.putObject("dataset");
        d.put("name", input.dataset().name());
        d.put("digest", input.dataset().digest());
        d.put("source_type", input.dataset().sourceType());
        d.put("source", input.dataset().source());
        putIfPresent(d, "schema", input.dataset().schema());
        putIfPresent(d, "profile", input.dataset().profile());
      }
    }
    ObjectNode outputs = out.putObject("outputs");
    ArrayNode modelInputs = null;
    ArrayNode modelOutputs = null;
    for (RunModel model : view.models()) {
      if (model.output()) {
        if (modelOutputs == null) {
          modelOutputs = outputs.putArray("model_outputs");
        }
        modelOutputs.addObject().put("model_id", model.modelId()).put("step", model.step());
      } else {
        if (modelInputs == null) {
          modelInputs = inputs.putArray("model_inputs");
        }
        modelInputs.addObject().put("model_id", model.modelId());
      }
    }
    return out;
  }

  static ObjectNode metric(MetricPoint m) {
    ObjectNode out = object();
    out.put("key", m.key());
    out.put("value", m.value());
    out.put("timestamp", m.timestamp());
    out.put("step", m.step());
    putIfPresent(out, "run_id", m.runUuid());
    return out;
  }

  static ObjectNode loggedModel(LoggedModelView view) {
    LoggedModel m = view.info();
    ObjectNode out = object();
    ObjectNode info = out.putObject("info");
    info.put("model_id", m.modelId());
    info.put("experiment_id", Long.toString(m.experimentId()));
    info.put("name", m.name());
    info.put("creation_timestamp_ms", m.creationTime());
    info.put("last_updated_timestamp_ms", m.lastUpdatedTime());
    info.put("artifact_uri", m.artifactLocation());
    info.put("status", m.status());
    putIfPresent(info, "creator_id", m.creatorId());
    putIfPresent(info, "model_type", m.modelType());
    putIfPresent(info, "source_run_id", m.sourceRunId());
    putIfPresent(info, "status_message", m.statusMessage());
    if (!view.tags().isEmpty()) {
      info.set("tags", keyValues(view.tags()));
    }
    ObjectNode data = out.putObject("data");
    if (!view.params().isEmpty()) {
      data.set("params", keyValues(view.params()));
    }
    return out;
  }

  static ObjectNode registeredModel(RegisteredModelView view) {
    RegisteredModel m = view.model();
    ObjectNode out = object();
    out.put("name", m.name());
    out.put("creation_timestamp", m.creationTime());
    out.put("last_updated_timestamp", m.lastUpdatedTime());
    putIfPresent(out, "user_id", m.userId());
    putIfPresent(out, "description", m.description());
    if (!view.latestVersions().isEmpty()) {
      ArrayNode latest = out.putArray("latest_versions");
      view.latestVersions().forEach(v -> latest.add(modelVersion(v)));
    }
    if (!view.tags().isEmpty()) {
      out.set("tags", keyValues(view.tags()));
    }
    if (!view.aliases().isEmpty()) {
      ArrayNode aliases = out.putArray("aliases");
      view.aliases().forEach((alias, version) -> aliases.addObject().put("alias", alias)
          .put("version", Integer.toString(version)));
    }
    return out;
  }

  static ObjectNode modelVersion(ModelVersionView view) {
    ModelVersion v = view.version();
    ObjectNode out = object();
    out.put("name", v.name());
    out.put("version", Integer.toString(v.version()));
    out.put("creation_timestamp", v.creationTime());
    out.put("last_updated_timestamp", v.lastUpdatedTime());
    putIfPresent(out, "user_id", v.userId());
    out.put("current_stage", v.currentStage());
    putIfPresent(out, "description", v.description());
    out.put("source", v.source());
    putIfPresent(out, "run_id", v.runUuid());
    out.put("status", v.status());
    putIfPresent(out, "status_message", v.statusMessage());
    putIfPresent(out, "run_link", v.runLink());
    putIfPresent(out, "model_id", v.modelId());
    if (!view.tags().isEmpty()) {
      out.set("tags", keyValues(view.tags()));
    }
    if (!view.aliases().isEmpty()) {
      ArrayNode aliases = out.putArray("aliases");
      view.aliases().forEach(aliases::add);
    }
    return out;
  }

  static ObjectNode fileInfo(ArtifactEntry entry) {
    ObjectNode out = object();
    out.put("path", entry.name());
    out.put("is_dir", entry.isDir());
    if (!entry.isDir() && entry.size() != null) {
      out.put("file_size", entry.size());
    }
    return out;
  }
}
