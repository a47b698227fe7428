package dev.pedigree.core.mlflow;

import static dev.pedigree.core.mlflow.MlflowGraph.PARAM;
import static dev.pedigree.core.mlflow.MlflowGraph.TAG;

import dev.pedigree.core.mlflow.MlflowViews.LoggedModelView;
import dev.pedigree.core.mlflow.MlflowViews.PageOf;
import dev.pedigree.model.Artifact;
import dev.pedigree.model.Attribution;
import dev.pedigree.model.EventType;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.mlflow.MlflowRows;
import dev.pedigree.store.mlflow.MlflowRows.Experiment;
import dev.pedigree.store.mlflow.MlflowRows.LoggedModel;
import dev.pedigree.store.mlflow.MlflowRows.Run;
import dev.pedigree.store.mlflow.MlflowRows.Search;
import dev.pedigree.store.mlflow.MlflowRows.ViewType;
import dev.pedigree.store.mlflow.MlflowStore;
import dev.pedigree.store.mlflow.OrderKey;
import dev.pedigree.store.mlflow.SearchFilters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * MLflow 3 logged models: artifacts of type {@code mlflow.LoggedModel} in their experiment's
 * context, with an OUTPUT event from the run that produced them.
 */
public final class LoggedModels {
  public static final Set<String> STATUSES = Set.of("LOGGED_MODEL_PENDING", "LOGGED_MODEL_READY",
      "LOGGED_MODEL_UPLOAD_FAILED");

  private final MlflowGraph graph;
  private final MlflowTracking tracking;
  private final MlflowStore store;
  private final MetadataStore db;

  public LoggedModels(MlflowGraph graph, MlflowTracking tracking) {
    this.graph = graph;
    this.tracking = tracking;
    this.store = graph.store;
    this.db = graph.db();
  }

  public LoggedModelView create(String experimentId, @Nullable String name, @Nullable String modelType,
      @Nullable String sourceRunId, Map<String, String> params, Map<String, String> tags) {
    params.forEach((k, v) -> MlflowGraph.checkKey("params.key", k));
    tags.forEach((k, v) -> MlflowGraph.checkKey("tags.key", k));
    String modelId = "m-" + MlflowGraph.newHexId();
    String modelName = name == null || name.isEmpty() ? RunNames.generate() : name;
    db.write(tx -> {
      Experiment e = tracking.requireExperiment(tx, experimentId);
      Run run = sourceRunId == null || sourceRunId.isEmpty() ? null : tracking.requireRun(tx, sourceRunId);
      String location = e.artifactLocation() + "/models/" + modelId + "/artifacts";
      Artifact artifact = graph.createArtifact(tx, MlflowGraph.LOGGED_MODEL_TYPE, modelId, location, Map.of());
      graph.metadata.writer().putContextLinks(tx, List.of(new Attribution(e.contextId(), artifact.requireId())),
          List.of());
      long now = graph.now();
      store.insertLoggedModel(tx, new LoggedModel(artifact.requireId(), modelId, e.experimentId(), modelName, location,
          now, now, "LOGGED_MODEL_PENDING", null, MlflowRows.ACTIVE, modelType, run == null ? null : run.runUuid(),
          null));
      if (run != null) {
        graph.ensureEvent(tx, artifact.requireId(), run.executionId(), EventType.OUTPUT);
      }
      store.putStringProperties(tx, TypeKind.ARTIFACT, artifact.requireId(), MlflowTracking.prefixed(PARAM, params));
      store.putStringProperties(tx, TypeKind.ARTIFACT, artifact.requireId(), MlflowTracking.prefixed(TAG, tags));
      return null;
    });
    return get(modelId);
  }

  public LoggedModelView get(String modelId) {
    return db.read(tx -> view(tx, require(tx, modelId)));
  }

  public LoggedModelView finalizeModel(String modelId, String status) {
    if (!STATUSES.contains(status)) {
      throw PedigreeException.invalidArgument("Invalid value '" + status + "' for parameter 'status'");
    }
    db.write(tx -> {
      LoggedModel m = require(tx, modelId);
      store.updateLoggedModel(tx, new LoggedModel(m.artifactId(), m.modelId(), m.experimentId(), m.name(),
          m.artifactLocation(), m.creationTime(), graph.now(), status, m.statusMessage(), m.lifecycleStage(),
          m.modelType(), m.sourceRunId(), m.creatorId()));
      return null;
    });
    return get(modelId);
  }

  public void delete(String modelId) {
    db.write(tx -> {
      LoggedModel m = require(tx, modelId);
      store.updateLoggedModel(tx, new LoggedModel(m.artifactId(), m.modelId(), m.experimentId(), m.name(),
          m.artifactLocation(), m.creationTime(), graph.now(), m.status(), m.statusMessage(), MlflowRows.DELETED,
          m.modelType(), m.sourceRunId(), m.creatorId()));
      return null;
    });
  }

  public LoggedModelView setTags(String modelId, Map<String, String> tags) {
    tags.forEach((k, v) -> MlflowGraph.checkKey("tags.key", k));
    db.write(tx -> {
      LoggedModel m = require(tx, modelId);
      store.putStringProperties(tx, TypeKind.ARTIFACT, m.artifactId(), MlflowTracking.prefixed(TAG, tags));
      return null;
    });
    return get(modelId);
  }

  public void deleteTag(String modelId, String key) {
    db.write(tx -> {
      LoggedModel m = require(tx, modelId);
      store.deleteProperty(tx, TypeKind.ARTIFACT, m.artifactId(), TAG + key);
      return null;
    });
  }

  public void logParams(String modelId, Map<String, String> params) {
    params.forEach((k, v) -> {
      MlflowGraph.checkKey("params.key", k);
      MlflowGraph.checkValue("params.value", v, MlflowGraph.MAX_PARAM_VALUE_LENGTH);
    });
    db.write(tx -> {
      LoggedModel m = require(tx, modelId);
      store.putStringProperties(tx, TypeKind.ARTIFACT, m.artifactId(), MlflowTracking.prefixed(PARAM, params));
      return null;
    });
  }

  /** {@code runs/outputs}: the run produced these models (at these steps). */
  public void logOutputs(String runId, Map<String, Long> modelSteps) {
    db.write(tx -> {
      Run run = tracking.requireActiveRun(tx, runId);
      for (Map.Entry<String, Long> output : modelSteps.entrySet()) {
        LoggedModel m = require(tx, output.getKey());
        store.putRunModel(tx, run.executionId(), m.artifactId(), true, output.getValue());
        graph.ensureEvent(tx, m.artifactId(), run.executionId(), EventType.OUTPUT);
      }
      return null;
    });
  }

  public PageOf<LoggedModelView> search(List<String> experimentIds, @Nullable String filter, List<OrderKey> orderBy,
      @Nullable Long maxResults, @Nullable String pageToken) {
    int limit = MlflowGraph.maxResults(maxResults, 100, 50_000);
    long offset = PageTokens.offset(pageToken);
    List<Long> ids = new ArrayList<>();
    for (String id : experimentIds) {
      try {
        ids.add(Long.parseLong(id));
      } catch (NumberFormatException e) {
        throw PedigreeException.invalidArgument("Invalid experiment id: '" + id + "'");
      }
    }
    Search search = new Search(ViewType.ACTIVE_ONLY, SearchFilters.parse(filter), orderBy, limit, offset);
    return db.read(tx -> {
      PageOf<LoggedModel> page = PageTokens.page(store.searchLoggedModels(tx, ids, search), limit, offset);
      List<LoggedModelView> views = new ArrayList<>();
      for (LoggedModel m : page.items()) {
        views.add(view(tx, m));
      }
      return new PageOf<>(views, page.nextPageToken());
    });
  }

  LoggedModel require(ReadTransaction tx, String modelId) {
    MlflowGraph.required("model_id", modelId);
    return store.findLoggedModel(tx, modelId)
        .orElseThrow(() -> PedigreeException.notFound("Logged model with ID '" + modelId + "' not found."));
  }

  private LoggedModelView view(ReadTransaction tx, LoggedModel m) {
    Map<String, String> params = store.stringProperties(tx, TypeKind.ARTIFACT, List.of(m.artifactId()), PARAM)
        .getOrDefault(m.artifactId(), Map.of());
    Map<String, String> tags = store.stringProperties(tx, TypeKind.ARTIFACT, List.of(m.artifactId()), TAG)
        .getOrDefault(m.artifactId(), Map.of());
    return new LoggedModelView(m, params, tags);
  }
}
