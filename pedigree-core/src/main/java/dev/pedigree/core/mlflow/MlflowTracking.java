package dev.pedigree.core.mlflow;

import static dev.pedigree.core.mlflow.MlflowGraph.PARAM;
import static dev.pedigree.core.mlflow.MlflowGraph.TAG;

import dev.pedigree.core.mlflow.MlflowViews.PageOf;
import dev.pedigree.core.mlflow.MlflowViews.RunView;
import dev.pedigree.model.Artifact;
import dev.pedigree.model.Association;
import dev.pedigree.model.Attribution;
import dev.pedigree.model.Context;
import dev.pedigree.model.EventType;
import dev.pedigree.model.Execution;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.Node;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.WriteTransaction;
import dev.pedigree.store.mlflow.MlflowRows;
import dev.pedigree.store.mlflow.MlflowRows.Dataset;
import dev.pedigree.store.mlflow.MlflowRows.DatasetInput;
import dev.pedigree.store.mlflow.MlflowRows.Experiment;
import dev.pedigree.store.mlflow.MlflowRows.MetricPoint;
import dev.pedigree.store.mlflow.MlflowRows.Run;
import dev.pedigree.store.mlflow.MlflowRows.RunData;
import dev.pedigree.store.mlflow.MlflowRows.RunSearch;
import dev.pedigree.store.mlflow.MlflowRows.Search;
import dev.pedigree.store.mlflow.MlflowRows.ViewType;
import dev.pedigree.store.mlflow.MlflowStore;
import dev.pedigree.store.mlflow.OrderKey;
import dev.pedigree.store.mlflow.SearchFilters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * MLflow tracking: experiments and runs with params, tags, metrics and dataset inputs. Every public
 * write is one transaction; a rejected log-batch writes nothing.
 */
public final class MlflowTracking {
  public static final String DEFAULT_EXPERIMENT_ID = "0";
  public static final Set<String> RUN_STATUSES = Set.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");

  private final MlflowGraph graph;
  private final MlflowStore store;
  private final MetadataStore db;

  public MlflowTracking(MlflowGraph graph) {
    this.graph = graph;
    this.store = graph.store;
    this.db = graph.db();
  }

  // Experiments

  public String createExperiment(String name, @Nullable String artifactLocation, Map<String, String> tags) {
    MlflowGraph.required("name", name);
    MlflowGraph.checkValue("name", name, MlflowGraph.MAX_EXPERIMENT_NAME_LENGTH);
    tags.forEach((k, v) -> {
      MlflowGraph.checkKey("key", k);
      MlflowGraph.checkValue("value", v, MlflowGraph.MAX_EXPERIMENT_TAG_VALUE_LENGTH);
    });
    return db.write(tx -> {
      if (store.findExperimentByName(tx, name).isPresent()) {
        throw PedigreeException.alreadyExists("Experiment(name=" + name + ") already exists.");
      }
      return Long.toString(insertExperiment(tx, null, name, artifactLocation, tags));
    });
  }

  private long insertExperiment(WriteTransaction tx, @Nullable Long id, String name, @Nullable String location,
      Map<String, String> tags) {
    Context context = graph.createContext(tx, MlflowGraph.EXPERIMENT_TYPE, name);
    long now = graph.now();
    long experimentId = store.insertExperiment(tx, id, context.requireId(), name, MlflowRows.ACTIVE, now);
    String artifactLocation = location == null || location.isEmpty() ? "mlflow-artifacts:/" + experimentId : location;
    store.updateExperiment(tx, new Experiment(experimentId, context.requireId(), name, artifactLocation,
        MlflowRows.ACTIVE, now, now, Map.of()));
    store.putStringProperties(tx, TypeKind.CONTEXT, context.requireId(), prefixed(TAG, tags));
    return experimentId;
  }

  public Experiment experiment(String experimentId) {
    return db.read(tx -> withTags(tx, requireExperiment(tx, experimentId)));
  }

  public Optional<Experiment> experimentByName(String name) {
    MlflowGraph.required("experiment_name", name);
    return db.read(tx -> store.findExperimentByName(tx, name).map(e -> withTags(tx, e)));
  }

  public PageOf<Experiment> searchExperiments(@Nullable Long maxResults, @Nullable String pageToken,
      @Nullable String filter, List<String> orderBy, ViewType viewType) {
    int limit = MlflowGraph.maxResults(maxResults, 1000, 50_000);
    long offset = PageTokens.offset(pageToken);
    Search search = new Search(viewType, SearchFilters.parse(filter), orderKeys(orderBy), limit, offset);
    return db.read(tx -> {
      List<Experiment> rows = store.searchExperiments(tx, search);
      PageOf<Experiment> page = PageTokens.page(rows, limit, offset);
      Map<Long, Map<String, String>> tags = store.stringProperties(tx, TypeKind.CONTEXT,
          page.items().stream().map(Experiment::contextId).toList(), TAG);
      return new PageOf<>(page.items().stream().map(e -> e.withTags(tags.getOrDefault(e.contextId(), Map.of())))
          .toList(), page.nextPageToken());
    });
  }

  public void renameExperiment(String experimentId, String newName) {
    MlflowGraph.required("new_name", newName);
    MlflowGraph.checkValue("new_name", newName, MlflowGraph.MAX_EXPERIMENT_NAME_LENGTH);
    db.write(tx -> {
      Experiment e = requireExperiment(tx, experimentId);
      if (!e.lifecycleStage().equals(MlflowRows.ACTIVE)) {
        throw PedigreeException.invalidArgument("Cannot rename a non-active experiment.");
      }
      if (e.name().equals(newName)) {
        return null;
      }
      if (store.findExperimentByName(tx, newName).isPresent()) {
        throw PedigreeException.alreadyExists("Experiment(name=" + newName + ") already exists.");
      }
      graph.renameContext(tx, e.contextId(), newName);
      store.updateExperiment(tx, new Experiment(e.experimentId(), e.contextId(), newName, e.artifactLocation(),
          e.lifecycleStage(), e.creationTime(), graph.now(), Map.of()));
      return null;
    });
  }

  public void setExperimentLifecycle(String experimentId, boolean deleted) {
    db.write(tx -> {
      Experiment e = requireExperiment(tx, experimentId);
      if (e.experimentId() == 0 && deleted) {
        throw PedigreeException.invalidArgument("Cannot delete the default experiment '0'. This is an internally"
            + " reserved experiment.");
      }
      String stage = deleted ? MlflowRows.DELETED : MlflowRows.ACTIVE;
      long now = graph.now();
      store.updateExperiment(tx, new Experiment(e.experimentId(), e.contextId(), e.name(), e.artifactLocation(),
          stage, e.creationTime(), now, Map.of()));
      store.setRunsLifecycle(tx, e.experimentId(), stage, deleted ? now : null);
      return null;
    });
  }

  public void setExperimentTag(String experimentId, String key, String value) {
    MlflowGraph.checkKey("key", key);
    MlflowGraph.checkValue("value", value, MlflowGraph.MAX_EXPERIMENT_TAG_VALUE_LENGTH);
    db.write(tx -> {
      Experiment e = requireExperiment(tx, experimentId);
      store.putStringProperties(tx, TypeKind.CONTEXT, e.contextId(), Map.of(TAG + key, value));
      store.touchNode(tx, TypeKind.CONTEXT, e.contextId(), graph.now());
      return null;
    });
  }

  public void deleteExperimentTag(String experimentId, String key) {
    MlflowGraph.required("key", key);
    db.write(tx -> {
      Experiment e = requireExperiment(tx, experimentId);
      store.deleteProperty(tx, TypeKind.CONTEXT, e.contextId(), TAG + key);
      return null;
    });
  }

  Experiment requireExperiment(ReadTransaction tx, String experimentId) {
    MlflowGraph.required("experiment_id", experimentId);
    long id;
    try {
      id = Long.parseLong(experimentId);
    } catch (NumberFormatException e) {
      // As MLflow's SQL store answers: experiment ids are integers, so this is a malformed id, not an unknown one.
      throw PedigreeException.invalidArgument("Invalid experiment ID '" + experimentId
          + "'. Experiment ID must be a valid integer.");
    }
    return store.findExperiment(tx, id)
        .orElseThrow(() -> PedigreeException.notFound("No Experiment with id=" + experimentId + " exists"));
  }

  private Experiment withTags(ReadTransaction tx, Experiment e) {
    return e.withTags(store.stringProperties(tx, TypeKind.CONTEXT, List.of(e.contextId()), TAG)
        .getOrDefault(e.contextId(), Map.of()));
  }

  // Runs

  public RunView createRun(@Nullable String experimentId, @Nullable String userId, @Nullable String runName,
      @Nullable Long startTime, Map<String, String> tags) {
    String experiment = experimentId == null || experimentId.isEmpty() ? DEFAULT_EXPERIMENT_ID : experimentId;
    checkTags(tags);
    String tagName = tags.get("mlflow.runName");
    if (runName != null && !runName.isEmpty() && tagName != null && !tagName.equals(runName)) {
      throw PedigreeException.invalidArgument("Both 'run_name' argument and 'mlflow.runName' tag are specified,"
          + " but with different values (run_name='" + runName + "', mlflow.runName='" + tagName + "').");
    }
    String name = runName != null && !runName.isEmpty() ? runName : tagName != null ? tagName : RunNames.generate();
    Map<String, String> allTags = new LinkedHashMap<>(tags);
    allTags.put("mlflow.runName", name);
    String user = userId != null && !userId.isEmpty() ? userId : tags.get("mlflow.user");
    String runUuid = MlflowGraph.newHexId();
    Run created = db.write(tx -> {
      Experiment e = requireExperiment(tx, experiment);
      if (!e.lifecycleStage().equals(MlflowRows.ACTIVE)) {
        throw PedigreeException.invalidArgument("The experiment " + experiment + " must be in the 'active' state."
            + " Current state is " + e.lifecycleStage() + ".");
      }
      long executionId = graph.insertExecution(tx, MlflowGraph.RUN_TYPE, runUuid, ExecutionState.RUNNING);
      tx.insertAssociations(List.of(new Association(e.contextId(), executionId)));
      long start = startTime == null || startTime == 0 ? graph.now() : startTime;
      Run run = new Run(executionId, runUuid, e.experimentId(), name, user, "RUNNING", start, null,
          MlflowRows.ACTIVE, e.artifactLocation() + "/" + runUuid + "/artifacts");
      store.insertRun(tx, run);
      store.putStringProperties(tx, TypeKind.EXECUTION, executionId, prefixed(TAG, allTags));
      return run;
    });
    // A new run has only its tags: no need to read it back.
    return new RunView(created, new RunData(Map.of(), allTags, List.of()), List.of(), List.of());
  }

  public RunView run(String runId) {
    return db.read(tx -> {
      Run run = requireRun(tx, runId);
      return views(tx, List.of(run)).get(0);
    });
  }

  public Run updateRun(String runId, @Nullable String status, @Nullable Long endTime, @Nullable String runName) {
    if (status != null && !RUN_STATUSES.contains(status)) {
      throw PedigreeException.invalidArgument("Invalid value '" + status + "' for parameter 'status' (expected one"
          + " of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED)");
    }
    return db.write(tx -> {
      Run run = requireActiveRun(tx, runId);
      String newName = runName == null || runName.isEmpty() ? run.name() : runName;
      String newStatus = status == null ? run.status() : status;
      Long newEnd = endTime == null ? run.endTime() : endTime;
      Run updated = new Run(run.executionId(), run.runUuid(), run.experimentId(), newName, run.userId(), newStatus,
          run.startTime(), newEnd, run.lifecycleStage(), run.artifactUri());
      store.updateRun(tx, updated);
      if (!newName.equals(run.name())) {
        store.putStringProperties(tx, TypeKind.EXECUTION, run.executionId(), Map.of(TAG + "mlflow.runName", newName));
      }
      if (!newStatus.equals(run.status())) {
        Execution execution = (Execution) tx.findNodes(TypeKind.EXECUTION, List.of(run.executionId())).get(0);
        graph.updateNode(tx, execution.withState(executionState(newStatus)), Set.of("last_known_state"));
      }
      return updated;
    });
  }

  private static ExecutionState executionState(String status) {
    return switch (status) {
      case "RUNNING" -> ExecutionState.RUNNING;
      case "SCHEDULED" -> ExecutionState.NEW;
      case "FINISHED" -> ExecutionState.COMPLETE;
      case "FAILED" -> ExecutionState.FAILED;
      default -> ExecutionState.CANCELED;
    };
  }

  public void setRunLifecycle(String runId, boolean deleted) {
    db.write(tx -> {
      Run run = requireRun(tx, runId);
      if (!deleted) {
        Experiment e = store.findExperiment(tx, run.experimentId()).orElseThrow();
        if (!e.lifecycleStage().equals(MlflowRows.ACTIVE)) {
          throw PedigreeException.invalidArgument("Cannot restore run " + runId + ": its experiment is deleted.");
        }
      }
      store.updateRun(tx, new Run(run.executionId(), run.runUuid(), run.experimentId(), run.name(), run.userId(),
          run.status(), run.startTime(), run.endTime(), deleted ? MlflowRows.DELETED : MlflowRows.ACTIVE,
          run.artifactUri()));
      return null;
    });
  }

  /**
   * Logs metrics, params and tags in one transaction: if anything is invalid (a limit, a changed
   * param), nothing is written. Stricter than MLflow, which may write part of a batch.
   */
  public void logBatch(String runId, List<MetricPoint> metrics, Map<String, String> params,
      Map<String, String> tags) {
    if (metrics.size() > MlflowGraph.MAX_BATCH_METRICS) {
      throw PedigreeException.invalidArgument("A batch logging request can contain at most "
          + MlflowGraph.MAX_BATCH_METRICS + " metrics. Got " + metrics.size() + " metrics.");
    }
    if (params.size() > MlflowGraph.MAX_BATCH_PARAMS) {
      throw PedigreeException.invalidArgument("A batch logging request can contain at most "
          + MlflowGraph.MAX_BATCH_PARAMS + " params. Got " + params.size() + " params.");
    }
    if (tags.size() > MlflowGraph.MAX_BATCH_TAGS) {
      throw PedigreeException.invalidArgument("A batch logging request can contain at most "
          + MlflowGraph.MAX_BATCH_TAGS + " tags. Got " + tags.size() + " tags.");
    }
    int total = metrics.size() + params.size() + tags.size();
    if (total > MlflowGraph.MAX_BATCH_TOTAL) {
      throw PedigreeException.invalidArgument("A batch logging request can contain at most "
          + MlflowGraph.MAX_BATCH_TOTAL + " total metrics, params and tags. Got " + total + ".");
    }
    for (MetricPoint metric : metrics) {
      MlflowGraph.checkKey("metrics.key", metric.key());
      if (metric.timestamp() < 0) {
        throw PedigreeException.invalidArgument("Invalid value " + metric.timestamp()
            + " for parameter 'timestamp' (expected: >= 0)");
      }
    }
    params.forEach((k, v) -> {
      MlflowGraph.checkKey("params.key", k);
      MlflowGraph.checkValue("params.value", v, MlflowGraph.MAX_PARAM_VALUE_LENGTH);
    });
    checkTags(tags);
    db.write(tx -> {
      Run run = requireActiveRun(tx, runId);
      if (!params.isEmpty()) {
        Map<String, String> existing = store.stringProperties(tx, TypeKind.EXECUTION, List.of(run.executionId()),
            PARAM).getOrDefault(run.executionId(), Map.of());
        Map<String, String> fresh = new LinkedHashMap<>();
        for (Map.Entry<String, String> param : params.entrySet()) {
          String old = existing.get(param.getKey());
          if (old == null) {
            fresh.put(param.getKey(), param.getValue());
          } else if (!old.equals(param.getValue())) {
            throw PedigreeException.invalidArgument("Changing param values is not allowed. Param with key='"
                + param.getKey() + "' was already logged with value='" + old + "' for run ID='" + runId
                + "'. Attempted logging new value '" + param.getValue() + "'.");
          }
        }
        store.putStringProperties(tx, TypeKind.EXECUTION, run.executionId(), prefixed(PARAM, fresh));
      }
      if (!tags.isEmpty()) {
        store.putStringProperties(tx, TypeKind.EXECUTION, run.executionId(), prefixed(TAG, tags));
        String name = tags.get("mlflow.runName");
        if (name != null && !name.equals(run.name())) {
          store.updateRun(tx, new Run(run.executionId(), run.runUuid(), run.experimentId(), name, run.userId(),
              run.status(), run.startTime(), run.endTime(), run.lifecycleStage(), run.artifactUri()));
        }
      }
      if (!metrics.isEmpty()) {
        store.insertMetrics(tx, run.executionId(), metrics);
      }
      return null;
    });
  }

  public void deleteTag(String runId, String key) {
    MlflowGraph.required("key", key);
    db.write(tx -> {
      Run run = requireActiveRun(tx, runId);
      Map<String, String> tags = store.stringProperties(tx, TypeKind.EXECUTION, List.of(run.executionId()), TAG)
          .getOrDefault(run.executionId(), Map.of());
      if (!tags.containsKey(key)) {
        throw PedigreeException.notFound("No tag with name: " + key + " in run with id " + runId);
      }
      store.deleteProperty(tx, TypeKind.EXECUTION, run.executionId(), TAG + key);
      return null;
    });
  }

  public PageOf<RunView> searchRuns(List<String> experimentIds, @Nullable String filter, ViewType viewType,
      @Nullable Long maxResults, List<String> orderBy, @Nullable String pageToken) {
    int limit = MlflowGraph.maxResults(maxResults, 1000, 50_000);
    long offset = PageTokens.offset(pageToken);
    List<Long> ids = new ArrayList<>();
    for (String id : experimentIds) {
      try {
        ids.add(Long.parseLong(id));
      } catch (NumberFormatException e) {
        throw PedigreeException.invalidArgument("Invalid experiment id: '" + id + "'");
      }
    }
    RunSearch search = new RunSearch(ids, viewType, SearchFilters.parse(filter), orderKeys(orderBy), limit, offset);
    return db.read(tx -> {
      PageOf<Run> page = PageTokens.page(store.searchRuns(tx, search), limit, offset);
      return new PageOf<>(views(tx, page.items()), page.nextPageToken());
    });
  }

  private List<RunView> views(ReadTransaction tx, List<Run> runs) {
    List<Long> ids = runs.stream().map(Run::executionId).toList();
    Map<Long, Map<String, String>> params = store.stringProperties(tx, TypeKind.EXECUTION, ids, PARAM);
    Map<Long, Map<String, String>> tags = store.stringProperties(tx, TypeKind.EXECUTION, ids, TAG);
    Map<Long, List<MetricPoint>> metrics = store.latestMetrics(tx, ids);
    Map<Long, List<DatasetInput>> inputs = store.runInputs(tx, ids);
    Map<Long, List<MlflowRows.RunModel>> models = store.runModels(tx, ids);
    List<RunView> views = new ArrayList<>(runs.size());
    for (Run run : runs) {
      long id = run.executionId();
      views.add(new RunView(run, new RunData(params.getOrDefault(id, Map.of()), tags.getOrDefault(id, Map.of()),
          metrics.getOrDefault(id, List.of())), inputs.getOrDefault(id, List.of()), models.getOrDefault(id, List.of())));
    }
    return views;
  }

  // Metric history

  /** History of one metric; a null or 0 {@code maxResults} returns all points. */
  public PageOf<MetricPoint> metricHistory(String runId, String key, @Nullable Long maxResults,
      @Nullable String pageToken) {
    MlflowGraph.required("metric_key", key);
    int limit = maxResults == null || maxResults == 0 ? Integer.MAX_VALUE - 1
        : MlflowGraph.maxResults(maxResults, 25_000, Integer.MAX_VALUE - 1);
    MetricPoint after = pageToken == null || pageToken.isEmpty() ? null : HistoryTokens.decode(pageToken);
    return db.read(tx -> {
      Run run = requireRun(tx, runId);
      List<MetricPoint> points = store.metricHistory(tx, run.executionId(), key, after, limit + 1);
      if (points.size() > limit) {
        List<MetricPoint> page = points.subList(0, limit);
        return new PageOf<>(page, HistoryTokens.encode(page.get(page.size() - 1)));
      }
      return new PageOf<>(points, null);
    });
  }

  /** Evenly down-sampled points per run (always keeping the first and last step), tagged with the run id. */
  public List<MetricPoint> metricHistoryBulkInterval(List<String> runIds, String key, @Nullable Long startStep,
      @Nullable Long endStep, @Nullable Long maxResults) {
    MlflowGraph.required("metric_key", key);
    if (runIds.isEmpty() || runIds.size() > 100) {
      throw PedigreeException.invalidArgument("GetMetricHistoryBulkInterval request must specify between 1 and 100"
          + " run_ids. Received " + runIds.size() + " run_ids.");
    }
    if ((startStep == null) != (endStep == null)) {
      throw PedigreeException.invalidArgument("If either start step or end step are specified, both must be"
          + " specified.");
    }
    if (startStep != null && startStep > endStep) {
      throw PedigreeException.invalidArgument("end_step must be greater than start_step.");
    }
    int max = MlflowGraph.maxResults(maxResults, 2500, 2500);
    long from = startStep == null ? Long.MIN_VALUE : startStep;
    long to = endStep == null ? Long.MAX_VALUE : endStep;
    return db.read(tx -> {
      List<MetricPoint> result = new ArrayList<>();
      for (String runId : runIds) {
        Run run = requireRun(tx, runId);
        List<Long> steps = store.metricSteps(tx, run.executionId(), key, from, to);
        List<Long> chosen = sample(steps, max);
        for (MetricPoint point : store.metricPointsAtSteps(tx, run.executionId(), key, chosen)) {
          result.add(new MetricPoint(point.key(), point.value(), point.timestamp(), point.step(), run.runUuid()));
        }
      }
      return result;
    });
  }

  private static List<Long> sample(List<Long> steps, int max) {
    if (steps.size() <= max) {
      return steps;
    }
    java.util.TreeSet<Long> chosen = new java.util.TreeSet<>();
    double stride = (steps.size() - 1) / (double) (max - 1);
    for (int i = 0; i < max; i++) {
      chosen.add(steps.get((int) Math.round(i * stride)));
    }
    chosen.add(steps.get(steps.size() - 1));
    return List.copyOf(chosen);
  }

  // Inputs

  /**
   * A dataset as logged by log-inputs. {@code sourceUri} is the location named by the source (the
   * graph artifact's URI), when the front door can tell it.
   */
  public record DatasetSpec(String name, String digest, String sourceType, String source,
      @Nullable String sourceUri, @Nullable String schema, @Nullable String profile, Map<String, String> tags) {}

  public void logInputs(String runId, List<DatasetSpec> datasets, List<String> modelIds) {
    for (DatasetSpec d : datasets) {
      MlflowGraph.required("dataset.name", d.name());
      MlflowGraph.checkValue("dataset.name", d.name(), 500);
      MlflowGraph.required("dataset.digest", d.digest());
      MlflowGraph.checkValue("dataset.digest", d.digest(), 36);
      MlflowGraph.required("dataset.source_type", d.sourceType());
      MlflowGraph.checkValue("dataset.source", d.source(), 65_535);
      d.tags().forEach((k, v) -> {
        MlflowGraph.checkValue("input tag key", k, 255);
        MlflowGraph.checkValue("input tag value", v, 500);
      });
    }
    db.write(tx -> {
      Run run = requireActiveRun(tx, runId);
      Experiment experiment = store.findExperiment(tx, run.experimentId()).orElseThrow();
      for (DatasetSpec d : datasets) {
        Dataset dataset = store.findDataset(tx, run.experimentId(), d.name(), d.digest()).orElse(null);
        if (dataset == null) {
          Artifact artifact = graph.createArtifact(tx, MlflowGraph.DATASET_TYPE,
              run.experimentId() + "/" + d.name() + "/" + d.digest(), d.sourceUri() == null ? d.source() : d.sourceUri(),
              Map.of("mlflow.source_type", Value.of(d.sourceType())));
          graph.metadata.writer().putContextLinks(tx,
              List.of(new Attribution(experiment.contextId(), artifact.requireId())), List.of());
          dataset = new Dataset(artifact.requireId(), run.experimentId(), d.name(), d.digest(), d.sourceType(),
              d.source(), d.schema(), d.profile());
          store.insertDataset(tx, dataset);
        }
        store.putRunInput(tx, run.executionId(), dataset.artifactId(), d.tags());
        graph.ensureEvent(tx, dataset.artifactId(), run.executionId(), EventType.INPUT);
      }
      for (String modelId : modelIds) {
        MlflowRows.LoggedModel model = store.findLoggedModel(tx, modelId)
            .orElseThrow(() -> PedigreeException.notFound("Logged model with ID '" + modelId + "' not found."));
        store.putRunModel(tx, run.executionId(), model.artifactId(), false, 0);
        graph.ensureEvent(tx, model.artifactId(), run.executionId(), EventType.INPUT);
      }
      return null;
    });
  }

  // Helpers shared with the other MLflow services

  Run requireRun(ReadTransaction tx, String runId) {
    MlflowGraph.required("run_id", runId);
    return store.findRun(tx, runId)
        .orElseThrow(() -> PedigreeException.notFound("Run with id=" + runId + " not found"));
  }

  Run requireActiveRun(ReadTransaction tx, String runId) {
    Run run = requireRun(tx, runId);
    if (!run.lifecycleStage().equals(MlflowRows.ACTIVE)) {
      throw PedigreeException.invalidArgument("The run " + runId + " must be in the 'active' state. Current state"
          + " is " + run.lifecycleStage() + ".");
    }
    return run;
  }

  private static void checkTags(Map<String, String> tags) {
    tags.forEach((k, v) -> {
      MlflowGraph.checkKey("tags.key", k);
      MlflowGraph.checkValue("tags.value", v, MlflowGraph.MAX_RUN_TAG_VALUE_LENGTH);
    });
  }

  static Map<String, String> prefixed(String prefix, Map<String, String> values) {
    Map<String, String> result = new HashMap<>();
    values.forEach((k, v) -> result.put(prefix + k, v));
    return result;
  }

  static List<OrderKey> orderKeys(Collection<String> orderBy) {
    List<OrderKey> keys = new ArrayList<>();
    for (String term : orderBy) {
      if (!term.isBlank()) {
        keys.add(SearchFilters.parseOrderBy(term.strip()));
      }
    }
    return keys;
  }
}
