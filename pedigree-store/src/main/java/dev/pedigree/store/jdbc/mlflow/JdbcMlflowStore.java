package dev.pedigree.store.jdbc.mlflow;

import dev.pedigree.model.PropertyType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.WriteTransaction;
import dev.pedigree.store.jdbc.JdbcTransactions;
import dev.pedigree.store.mlflow.MlflowRows.ArtifactEntry;
import dev.pedigree.store.mlflow.MlflowRows.Dataset;
import dev.pedigree.store.mlflow.MlflowRows.DatasetInput;
import dev.pedigree.store.mlflow.MlflowRows.Experiment;
import dev.pedigree.store.mlflow.MlflowRows.LoggedModel;
import dev.pedigree.store.mlflow.MlflowRows.MetricPoint;
import dev.pedigree.store.mlflow.MlflowRows.ModelVersion;
import dev.pedigree.store.mlflow.MlflowRows.RegisteredModel;
import dev.pedigree.store.mlflow.MlflowRows.Run;
import dev.pedigree.store.mlflow.MlflowRows.RunModel;
import dev.pedigree.store.mlflow.MlflowRows.RunSearch;
import dev.pedigree.store.mlflow.MlflowRows.Search;
import dev.pedigree.store.mlflow.MlflowStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The MLflow store over the graph's JDBC database (schema: the {@code mlflow_*} tables). */
public final class JdbcMlflowStore implements MlflowStore {
  private static final String EXPERIMENT_COLUMNS =
      "e.experiment_id, e.context_id, e.name, e.artifact_location, e.lifecycle_stage, e.creation_time, e.last_update_time";
  static final String RUN_COLUMNS = "r.execution_id, r.run_uuid, r.experiment_id, r.name, r.user_id, r.status, "
      + "r.start_time, r.end_time, r.lifecycle_stage, r.artifact_uri";
  static final String LOGGED_MODEL_COLUMNS = "lm.artifact_id, lm.model_id, lm.experiment_id, lm.name, "
      + "lm.artifact_location, lm.creation_time, lm.last_updated_time, lm.status, lm.status_message, "
      + "lm.lifecycle_stage, lm.model_type, lm.source_run_id, lm.creator_id";
  static final String REGISTERED_MODEL_COLUMNS = "rm.context_id, rm.name, rm.creation_time, rm.last_updated_time, "
      + "rm.description, rm.user_id, rm.next_version";
  static final String VERSION_COLUMNS = "v.artifact_id, v.model_context_id, rm.name, v.version, v.creation_time, "
      + "v.last_updated_time, v.description, v.user_id, v.current_stage, v.source, v.storage_location, v.run_uuid, "
      + "v.run_link, v.status, v.status_message, v.model_id";

  // Properties

  static String propertyTable(TypeKind kind) {
    return switch (kind) {
      case ARTIFACT -> "artifact_property";
      case EXECUTION -> "execution_property";
      case CONTEXT -> "context_property";
    };
  }

  private static String nodeTable(TypeKind kind) {
    return switch (kind) {
      case ARTIFACT -> "artifact";
      case EXECUTION -> "execution";
      case CONTEXT -> "context";
    };
  }

  @Override
  public void putStringProperties(WriteTransaction tx, TypeKind kind, long nodeId, Map<String, String> properties) {
    List<List<Object>> rows = new ArrayList<>();
    for (Map.Entry<String, String> property : properties.entrySet()) {
      rows.add(List.of(nodeId, property.getKey(), PropertyType.STRING.number(), property.getValue()));
    }
    Jdbc.batch(tx, "set properties", "INSERT INTO " + propertyTable(kind)
        + " (node_id, is_custom, name, kind, string_value) VALUES (?, 1, ?, ?, ?)"
        + " ON CONFLICT (node_id, is_custom, name) DO UPDATE SET kind = excluded.kind,"
        + " string_value = excluded.string_value, int_value = NULL, double_value = NULL, bytes_value = NULL", rows);
  }

  @Override
  public void deleteProperty(WriteTransaction tx, TypeKind kind, long nodeId, String name) {
    Jdbc.update(tx, "delete property", "DELETE FROM " + propertyTable(kind)
        + " WHERE node_id = ? AND is_custom = 1 AND name = ?", nodeId, name);
  }

  @Override
  public Map<Long, Map<String, String>> stringProperties(ReadTransaction tx, TypeKind kind, Collection<Long> nodeIds,
      String prefix) {
    Map<Long, Map<String, String>> result = new HashMap<>();
    for (List<Long> chunk : Jdbc.chunks(nodeIds)) {
      List<Object> parameters = new ArrayList<>(chunk);
      parameters.add(prefix);
      parameters.add(prefix + "\uffff");
      Jdbc.query(tx, "read properties", "SELECT node_id, name, string_value FROM " + propertyTable(kind)
          + " WHERE node_id IN (" + Jdbc.placeholders(chunk.size()) + ") AND is_custom = 1 AND name >= ? AND name < ?"
          + " AND string_value IS NOT NULL", parameters, row -> {
            result.computeIfAbsent(row.getLong(1), id -> new TreeMap<>())
                .put(row.getString(2).substring(prefix.length()), row.getString(3));
            return null;
          });
    }
    return result;
  }

  @Override
  public void touchNode(WriteTransaction tx, TypeKind kind, long nodeId, long timeMs) {
    Jdbc.update(tx, "touch node", "UPDATE " + nodeTable(kind) + " SET update_time = ? WHERE id = ? AND update_time < ?",
        timeMs, nodeId, timeMs);
  }

  // Experiments

  @Override
  public long insertExperiment(WriteTransaction tx, @Nullable Long experimentId, long contextId, String name,
      String lifecycleStage, long timeMs) {
    return Jdbc.query(tx, "create experiment", "INSERT INTO mlflow_experiment (experiment_id, context_id, name,"
        + " artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (?, ?, ?, '', ?, ?, ?)"
        + " RETURNING experiment_id", java.util.Arrays.asList(experimentId, contextId, name, lifecycleStage, timeMs,
            timeMs), row -> row.getLong(1)).get(0);
  }

  @Override
  public void updateExperiment(WriteTransaction tx, Experiment e) {
    Jdbc.update(tx, "update experiment", "UPDATE mlflow_experiment SET name = ?, artifact_location = ?,"
        + " lifecycle_stage = ?, last_update_time = ? WHERE experiment_id = ?", e.name(), e.artifactLocation(),
        e.lifecycleStage(), e.lastUpdateTime(), e.experimentId());
  }

  @Override
  public Optional<Experiment> findExperiment(ReadTransaction tx, long experimentId) {
    return Jdbc.first(tx, "read experiment", "SELECT " + EXPERIMENT_COLUMNS + " FROM mlflow_experiment e"
        + " WHERE e.experiment_id = ?", List.of(experimentId), JdbcMlflowStore::experiment);
  }

  @Override
  public Optional<Experiment> findExperimentByName(ReadTransaction tx, String name) {
    return Jdbc.first(tx, "read experiment", "SELECT " + EXPERIMENT_COLUMNS + " FROM mlflow_experiment e"
        + " WHERE e.name = ?", List.of(name), JdbcMlflowStore::experiment);
  }

  @Override
  public List<Experiment> searchExperiments(ReadTransaction tx, Search search) {
    SqlBuilder sql = SearchSql.experiments(JdbcTransactions.dialect(tx), search);
    return Jdbc.query(tx, "search experiments", "SELECT " + EXPERIMENT_COLUMNS + " FROM mlflow_experiment e"
        + sql.joins + sql.whereClause() + sql.orderClause() + " LIMIT ? OFFSET ?",
        withPage(sql, search.limit(), search.offset()), JdbcMlflowStore::experiment);
  }

  static List<Object> withPage(SqlBuilder sql, int limit, long offset) {
    List<Object> parameters = sql.allParameters();
    parameters.add(limit + 1);
    parameters.add(offset);
    return parameters;
  }

  private static Experiment experiment(ResultSet row) throws SQLException {
    return new Experiment(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4), row.getString(5),
        row.getLong(6), row.getLong(7), Map.of());
  }

  // Runs

  @Override
  public void insertRun(WriteTransaction tx, Run run) {
    Jdbc.update(tx, "create run", "INSERT INTO mlflow_run (execution_id, run_uuid, experiment_id, name, user_id,"
        + " status, start_time, end_time, lifecycle_stage, artifact_uri) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        run.executionId(), run.runUuid(), run.experimentId(), run.name(), run.userId(), run.status(), run.startTime(),
        run.endTime(), run.lifecycleStage(), run.artifactUri());
  }

  @Override
  public void updateRun(WriteTransaction tx, Run run) {
    Jdbc.update(tx, "update run", "UPDATE mlflow_run SET name = ?, status = ?, end_time = ?, lifecycle_stage = ?,"
        + " deleted_time = ? WHERE execution_id = ?", run.name(), run.status(), run.endTime(), run.lifecycleStage(),
        run.lifecycleStage().equals("deleted") ? System.currentTimeMillis() : null, run.executionId());
  }

  @Override
  public void setRunsLifecycle(WriteTransaction tx, long experimentId, String lifecycleStage,
      @Nullable Long deletedTime) {
    Jdbc.update(tx, "update runs", "UPDATE mlflow_run SET lifecycle_stage = ?, deleted_time = ?"
        + " WHERE experiment_id = ?", lifecycleStage, deletedTime, experimentId);
  }

  @Override
  public Optional<Run> findRun(ReadTransaction tx, String runUuid) {
    return Jdbc.first(tx, "read run", "SELECT " + RUN_COLUMNS + " FROM mlflow_run r WHERE r.run_uuid = ?",
        List.of(runUuid), JdbcMlflowStore::run);
  }

  @Override
  public List<Run> searchRuns(ReadTransaction tx, RunSearch search) {
    if (search.experimentIds().isEmpty()) {
      return List.of();
    }
    SqlBuilder sql = SearchSql.runs(JdbcTransactions.dialect(tx), search);
    return Jdbc.query(tx, "search runs", "SELECT " + RUN_COLUMNS + " FROM mlflow_run r" + sql.joins
        + sql.whereClause() + sql.orderClause() + " LIMIT ? OFFSET ?",
        withPage(sql, search.limit(), search.offset()), JdbcMlflowStore::run);
  }

  static Run run(ResultSet row) throws SQLException {
    return new Run(row.getLong(1), row.getString(2), row.getLong(3), row.getString(4), row.getString(5),
        row.getString(6), row.getLong(7), Jdbc.nullableLong(row, 8), row.getString(9), row.getString(10));
  }

  // Metrics

  @Override
  public void insertMetrics(WriteTransaction tx, long runId, List<MetricPoint> points) {
    List<List<Object>> history = new ArrayList<>(points.size());
    Map<String, MetricPoint> latest = new LinkedHashMap<>();
    for (MetricPoint point : points) {
      boolean nan = Double.isNaN(point.value());
      history.add(List.of(runId, point.key(), point.timestamp(), point.step(), nan ? 0.0 : point.value(), nan ? 1 : 0));
      latest.merge(point.key(), point, (a, b) -> isLater(b, a) ? b : a);
    }
    Jdbc.batch(tx, "log metrics", "INSERT INTO mlflow_metric (run_id, metric_key, timestamp_ms, step, value, is_nan)"
        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", history);
    List<List<Object>> latestRows = new ArrayList<>(latest.size());
    for (MetricPoint point : latest.values()) {
      boolean nan = Double.isNaN(point.value());
      latestRows.add(List.of(runId, point.key(), nan ? 0.0 : point.value(), nan ? 1 : 0, point.timestamp(),
          point.step()));
    }
    // Latest by step, then timestamp, then value (as MLflow), kept by a conditional upsert.
    Jdbc.batch(tx, "log metrics", "INSERT INTO mlflow_latest_metric (run_id, metric_key, value, is_nan, timestamp_ms,"
        + " step) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, metric_key) DO UPDATE SET value = excluded.value,"
        + " is_nan = excluded.is_nan, timestamp_ms = excluded.timestamp_ms, step = excluded.step"
        + " WHERE (excluded.step, excluded.timestamp_ms, excluded.value)"
        + " >= (mlflow_latest_metric.step, mlflow_latest_metric.timestamp_ms, mlflow_latest_metric.value)",
        latestRows);
  }

  private static boolean isLater(MetricPoint a, MetricPoint b) {
    if (a.step() != b.step()) {
      return a.step() > b.step();
    }
    if (a.timestamp() != b.timestamp()) {
      return a.timestamp() > b.timestamp();
    }
    return Double.compare(a.value(), b.value()) >= 0;
  }

  @Override
  public Map<Long, List<MetricPoint>> latestMetrics(ReadTransaction tx, Collection<Long> runIds) {
    Map<Long, List<MetricPoint>> result = new HashMap<>();
    for (List<Long> chunk : Jdbc.chunks(runIds)) {
      Jdbc.query(tx, "read metrics", "SELECT run_id, metric_key, value, is_nan, timestamp_ms, step"
          + " FROM mlflow_latest_metric WHERE run_id IN (" + Jdbc.placeholders(chunk.size()) + ") ORDER BY metric_key",
          chunk, row -> {
            result.computeIfAbsent(row.getLong(1), id -> new ArrayList<>()).add(MetricPoint.of(row.getString(2),
                row.getInt(4) == 1 ? Double.NaN : row.getDouble(3), row.getLong(5), row.getLong(6)));
            return null;
          });
    }
    return result;
  }

  @Override
  public List<MetricPoint> metricHistory(ReadTransaction tx, long runId, String key, @Nullable MetricPoint after,
      int limit) {
    List<Object> parameters = new ArrayList<>(List.of(runId, key));
    String from = "";
    if (after != null) {
      from = " AND (timestamp_ms, step, value) > (?, ?, ?)";
      parameters.addAll(List.of(after.timestamp(), after.step(), Double.isNaN(after.value()) ? 0.0 : after.value()));
    }
    parameters.add(limit);
    return Jdbc.query(tx, "read metric history", "SELECT metric_key, value, is_nan, timestamp_ms, step FROM mlflow_metric"
        + " WHERE run_id = ? AND metric_key = ?" + from + " ORDER BY timestamp_ms, step, value, is_nan LIMIT ?",
        parameters, JdbcMlflowStore::point);
  }

  private static MetricPoint point(ResultSet row) throws SQLException {
    return MetricPoint.of(row.getString(1), row.getInt(3) == 1 ? Double.NaN : row.getDouble(2), row.getLong(4),
        row.getLong(5));
  }

  @Override
  public List<Long> metricSteps(ReadTransaction tx, long runId, String key, long startStep, long endStep) {
    return Jdbc.query(tx, "read metric steps", "SELECT DISTINCT step FROM mlflow_metric WHERE run_id = ?"
        + " AND metric_key = ? AND step >= ? AND step <= ? ORDER BY step", List.of(runId, key, startStep, endStep),
        row -> row.getLong(1));
  }

  @Override
  public List<MetricPoint> metricPointsAtSteps(ReadTransaction tx, long runId, String key, Collection<Long> steps) {
    List<MetricPoint> points = new ArrayList<>();
    for (List<Long> chunk : Jdbc.chunks(steps)) {
      List<Object> parameters = new ArrayList<>(List.of(runId, key));
      parameters.addAll(chunk);
      points.addAll(Jdbc.query(tx, "read metric points", "SELECT metric_key, value, is_nan, timestamp_ms, step"
          + " FROM mlflow_metric WHERE run_id = ? AND metric_key = ? AND step IN (" + Jdbc.placeholders(chunk.size())
          + ")", parameters, JdbcMlflowStore::point));
    }
    points.sort(java.util.Comparator.comparingLong(MetricPoint::step).thenComparingLong(MetricPoint::timestamp));
    return points;
  }

  // Datasets and inputs

  private static final String DATASET_COLUMNS =
      "d.artifact_id, d.experiment_id, d.name, d.digest, d.source_type, d.source, d.schema_json, d.profile";

  @Override
  public Optional<Dataset> findDataset(ReadTransaction tx, long experimentId, String name, String digest) {
    return Jdbc.first(tx, "read dataset", "SELECT " + DATASET_COLUMNS + " FROM mlflow_dataset d"
        + " WHERE d.experiment_id = ? AND d.name = ? AND d.digest = ?", List.of(experimentId, name, digest),
        JdbcMlflowStore::dataset);
  }

  private static Dataset dataset(ResultSet row) throws SQLException {
    return new Dataset(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4), row.getString(5),
        row.getString(6), row.getString(7), row.getString(8));
  }

  @Override
  public void insertDataset(WriteTransaction tx, Dataset d) {
    Jdbc.update(tx, "create dataset", "INSERT INTO mlflow_dataset (artifact_id, experiment_id, name, digest,"
        + " source_type, source, schema_json, profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", d.artifactId(),
        d.experimentId(), d.name(), d.digest(), d.sourceType(), d.source(), d.schema(), d.profile());
  }

  @Override
  public void putRunInput(WriteTransaction tx, long runId, long datasetId, Map<String, String> tags) {
    Jdbc.update(tx, "log input", "INSERT INTO mlflow_run_input (run_id, dataset_id, context) VALUES (?, ?, ?)"
        + " ON CONFLICT (run_id, dataset_id) DO UPDATE SET context = excluded.context", runId, datasetId,
        tags.get("mlflow.data.context"));
    Jdbc.update(tx, "log input", "DELETE FROM mlflow_run_input_tag WHERE run_id = ? AND dataset_id = ?", runId,
        datasetId);
    List<List<Object>> rows = new ArrayList<>();
    tags.forEach((name, value) -> rows.add(List.of(runId, datasetId, name, value)));
    Jdbc.batch(tx, "log input", "INSERT INTO mlflow_run_input_tag (run_id, dataset_id, name, value)"
        + " VALUES (?, ?, ?, ?)", rows);
  }

  @Override
  public Map<Long, List<DatasetInput>> runInputs(ReadTransaction tx, Collection<Long> runIds) {
    Map<Long, List<DatasetInput>> result = new HashMap<>();
    for (List<Long> chunk : Jdbc.chunks(runIds)) {
      Map<List<Long>, Map<String, String>> tags = new HashMap<>();
      Jdbc.query(tx, "read inputs", "SELECT run_id, dataset_id, name, value FROM mlflow_run_input_tag"
          + " WHERE run_id IN (" + Jdbc.placeholders(chunk.size()) + ")", chunk, row -> {
            tags.computeIfAbsent(List.of(row.getLong(1), row.getLong(2)), k -> new TreeMap<>())
                .put(row.getString(3), row.getString(4));
            return null;
          });
      Jdbc.query(tx, "read inputs", "SELECT i.run_id, " + DATASET_COLUMNS + " FROM mlflow_run_input i"
          + " JOIN mlflow_dataset d ON d.artifact_id = i.dataset_id WHERE i.run_id IN ("
          + Jdbc.placeholders(chunk.size()) + ") ORDER BY i.run_id, d.name", chunk, row -> {
            long runId = row.getLong(1);
            Dataset dataset = new Dataset(row.getLong(2), row.getLong(3), row.getString(4), row.getString(5),
                row.getString(6), row.getString(7), row.getString(8), row.getString(9));
            result.computeIfAbsent(runId, id -> new ArrayList<>()).add(new DatasetInput(dataset,
                tags.getOrDefault(List.of(runId, dataset.artifactId()), Map.of())));
            return null;
          });
    }
    return result;
  }

  // Logged models

  @Override
  public void insertLoggedModel(WriteTransaction tx, LoggedModel m) {
    Jdbc.update(tx, "create logged model", "INSERT INTO mlflow_logged_model (artifact_id, model_id, experiment_id,"
        + " name, artifact_location, creation_time, last_updated_time, status, status_message, lifecycle_stage,"
        + " model_type, source_run_id, creator_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", m.artifactId(),
        m.modelId(), m.experimentId(), m.name(), m.artifactLocation(), m.creationTime(), m.lastUpdatedTime(),
        m.status(), m.statusMessage(), m.lifecycleStage(), m.modelType(), m.sourceRunId(), m.creatorId());
  }

  @Override
  public void updateLoggedModel(WriteTransaction tx, LoggedModel m) {
    Jdbc.update(tx, "update logged model", "UPDATE mlflow_logged_model SET last_updated_time = ?, status = ?,"
        + " status_message = ?, lifecycle_stage = ? WHERE artifact_id = ?", m.lastUpdatedTime(), m.status(),
        m.statusMessage(), m.lifecycleStage(), m.artifactId());
  }

  @Override
  public Optional<LoggedModel> findLoggedModel(ReadTransaction tx, String modelId) {
    return Jdbc.first(tx, "read logged model", "SELECT " + LOGGED_MODEL_COLUMNS + " FROM mlflow_logged_model lm"
        + " WHERE lm.model_id = ?", List.of(modelId), JdbcMlflowStore::loggedModel);
  }

  @Override
  public List<LoggedModel> searchLoggedModels(ReadTransaction tx, List<Long> experimentIds, Search search) {
    if (experimentIds.isEmpty()) {
      return List.of();
    }
    SqlBuilder sql = SearchSql.loggedModels(JdbcTransactions.dialect(tx), experimentIds, search);
    return Jdbc.query(tx, "search logged models", "SELECT " + LOGGED_MODEL_COLUMNS + " FROM mlflow_logged_model lm"
        + sql.joins + sql.whereClause() + sql.orderClause() + " LIMIT ? OFFSET ?",
        withPage(sql, search.limit(), search.offset()), JdbcMlflowStore::loggedModel);
  }

  private static LoggedModel loggedModel(ResultSet row) throws SQLException {
    return new LoggedModel(row.getLong(1), row.getString(2), row.getLong(3), row.getString(4), row.getString(5),
        row.getLong(6), row.getLong(7), row.getString(8), row.getString(9), row.getString(10), row.getString(11),
        row.getString(12), row.getString(13));
  }

  @Override
  public void putRunModel(WriteTransaction tx, long runId, long modelArtifactId, boolean output, long step) {
    Jdbc.update(tx, "link model", "INSERT INTO mlflow_run_model (run_id, model_artifact_id, direction, step)"
        + " VALUES (?, ?, ?, ?) ON CONFLICT (run_id, model_artifact_id, direction) DO UPDATE SET step = excluded.step",
        runId, modelArtifactId, output ? 1 : 0, step);
  }

  @Override
  public Map<Long, List<RunModel>> runModels(ReadTransaction tx, Collection<Long> runIds) {
    Map<Long, List<RunModel>> result = new HashMap<>();
    for (List<Long> chunk : Jdbc.chunks(runIds)) {
      Jdbc.query(tx, "read run models", "SELECT rm.run_id, lm.model_id, rm.direction, rm.step FROM mlflow_run_model rm"
          + " JOIN mlflow_logged_model lm ON lm.artifact_id = rm.model_artifact_id WHERE rm.run_id IN ("
          + Jdbc.placeholders(chunk.size()) + ") ORDER BY rm.run_id, lm.model_id", chunk, row -> {
            result.computeIfAbsent(row.getLong(1), id -> new ArrayList<>())
                .add(new RunModel(row.getString(2), row.getInt(3) == 1, row.getLong(4)));
            return null;
          });
    }
    return result;
  }

  // Registry

  @Override
  public void insertRegisteredModel(WriteTransaction tx, RegisteredModel m) {
    Jdbc.update(tx, "create registered model", "INSERT INTO mlflow_registered_model (context_id, name, creation_time,"
        + " last_updated_time, description, user_id, next_version) VALUES (?, ?, ?, ?, ?, ?, ?)", m.contextId(),
        m.name(), m.creationTime(), m.lastUpdatedTime(), m.description(), m.userId(), m.nextVersion());
  }

  @Override
  public void updateRegisteredModel(WriteTransaction tx, RegisteredModel m) {
    Jdbc.update(tx, "update registered model", "UPDATE mlflow_registered_model SET name = ?, last_updated_time = ?,"
        + " description = ?, next_version = ? WHERE context_id = ?", m.name(), m.lastUpdatedTime(), m.description(),
        m.nextVersion(), m.contextId());
  }

  @Override
  public void lockRegisteredModel(WriteTransaction tx, long contextId) {
    Jdbc.first(tx, "lock registered model", "SELECT n.context_id FROM mlflow_registered_model n WHERE n.context_id = ?"
        + JdbcTransactions.dialect(tx).lockRowsSuffix(), List.of(contextId),
        row -> row.getLong(1));
  }

  @Override
  public void deleteRegisteredModel(WriteTransaction tx, long contextId) {
    Jdbc.update(tx, "delete registered model", "DELETE FROM mlflow_model_alias WHERE model_context_id = ?", contextId);
    Jdbc.update(tx, "delete registered model", "DELETE FROM mlflow_model_version WHERE model_context_id = ?",
        contextId);
    Jdbc.update(tx, "delete registered model", "DELETE FROM mlflow_registered_model WHERE context_id = ?", contextId);
  }

  @Override
  public Optional<RegisteredModel> findRegisteredModel(ReadTransaction tx, String name) {
    return Jdbc.first(tx, "read registered model", "SELECT " + REGISTERED_MODEL_COLUMNS
        + " FROM mlflow_registered_model rm WHERE rm.name = ?", List.of(name), JdbcMlflowStore::registeredModel);
  }

  @Override
  public List<RegisteredModel> findRegisteredModels(ReadTransaction tx, Collection<Long> contextIds) {
    List<RegisteredModel> result = new ArrayList<>();
    for (List<Long> chunk : Jdbc.chunks(contextIds)) {
      result.addAll(Jdbc.query(tx, "read registered models", "SELECT " + REGISTERED_MODEL_COLUMNS
          + " FROM mlflow_registered_model rm WHERE rm.context_id IN (" + Jdbc.placeholders(chunk.size()) + ")",
          chunk, JdbcMlflowStore::registeredModel));
    }
    return result;
  }

  @Override
  public List<RegisteredModel> searchRegisteredModels(ReadTransaction tx, Search search) {
    SqlBuilder sql = SearchSql.registeredModels(JdbcTransactions.dialect(tx), search);
    return Jdbc.query(tx, "search registered models", "SELECT " + REGISTERED_MODEL_COLUMNS
        + " FROM mlflow_registered_model rm" + sql.joins + sql.whereClause() + sql.orderClause() + " LIMIT ? OFFSET ?",
        withPage(sql, search.limit(), search.offset()), JdbcMlflowStore::registeredModel);
  }

  private static RegisteredModel registeredModel(ResultSet row) throws SQLException {
    return new RegisteredModel(row.getLong(1), row.getString(2), row.getLong(3), row.getLong(4), row.getString(5),
        row.getString(6), row.getInt(7));
  }

  @Override
  public void insertModelVersion(WriteTransaction tx, ModelVersion v) {
    Jdbc.update(tx, "create model version", "INSERT INTO mlflow_model_version (artifact_id, model_context_id, version,"
        + " creation_time, last_updated_time, description, user_id, current_stage, source, storage_location, run_uuid,"
        + " run_link, status, status_message, model_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        v.artifactId(), v.modelContextId(), v.version(), v.creationTime(), v.lastUpdatedTime(), v.description(),
        v.userId(), v.currentStage(), v.source(), v.storageLocation(), v.runUuid(), v.runLink(), v.status(),
        v.statusMessage(), v.modelId());
  }

  @Override
  public void updateModelVersion(WriteTransaction tx, ModelVersion v) {
    Jdbc.update(tx, "update model version", "UPDATE mlflow_model_version SET last_updated_time = ?, description = ?,"
        + " current_stage = ? WHERE artifact_id = ?", v.lastUpdatedTime(), v.description(), v.currentStage(),
        v.artifactId());
  }

  @Override
  public void deleteModelVersion(WriteTransaction tx, long artifactId) {
    Jdbc.update(tx, "delete model version", "DELETE FROM mlflow_model_alias WHERE (model_context_id, version) IN"
        + " (SELECT model_context_id, version FROM mlflow_model_version WHERE artifact_id = ?)", artifactId);
    Jdbc.update(tx, "delete model version", "DELETE FROM mlflow_model_version WHERE artifact_id = ?", artifactId);
  }

  @Override
  public Optional<ModelVersion> findModelVersion(ReadTransaction tx, long modelContextId, int version) {
    return Jdbc.first(tx, "read model version", "SELECT " + VERSION_COLUMNS + " FROM mlflow_model_version v"
        + " JOIN mlflow_registered_model rm ON rm.context_id = v.model_context_id"
        + " WHERE v.model_context_id = ? AND v.version = ?", List.of(modelContextId, version),
        JdbcMlflowStore::modelVersion);
  }

  @Override
  public List<ModelVersion> modelVersions(ReadTransaction tx, Collection<Long> modelContextIds) {
    List<ModelVersion> result = new ArrayList<>();
    for (List<Long> chunk : Jdbc.chunks(modelContextIds)) {
      result.addAll(Jdbc.query(tx, "read model versions", "SELECT " + VERSION_COLUMNS + " FROM mlflow_model_version v"
          + " JOIN mlflow_registered_model rm ON rm.context_id = v.model_context_id"
          + " WHERE v.model_context_id IN (" + Jdbc.placeholders(chunk.size()) + ") ORDER BY v.model_context_id,"
          + " v.version DESC", chunk, JdbcMlflowStore::modelVersion));
    }
    return result;
  }

  @Override
  public List<ModelVersion> searchModelVersions(ReadTransaction tx, Search search) {
    SqlBuilder sql = SearchSql.modelVersions(JdbcTransactions.dialect(tx), search);
    return Jdbc.query(tx, "search model versions", "SELECT " + VERSION_COLUMNS + " FROM mlflow_model_version v"
        + " JOIN mlflow_registered_model rm ON rm.context_id = v.model_context_id" + sql.joins + sql.whereClause()
        + sql.orderClause() + " LIMIT ? OFFSET ?", withPage(sql, search.limit(), search.offset()),
        JdbcMlflowStore::modelVersion);
  }

  private static ModelVersion modelVersion(ResultSet row) throws SQLException {
    return new ModelVersion(row.getLong(1), row.getLong(2), row.getString(3), row.getInt(4), row.getLong(5),
        row.getLong(6), row.getString(7), row.getString(8), row.getString(9), row.getString(10), row.getString(11),
        row.getString(12), row.getString(13), row.getString(14), row.getString(15), row.getString(16));
  }

  @Override
  public void setAlias(WriteTransaction tx, long modelContextId, String alias, int version) {
    Jdbc.update(tx, "set alias", "INSERT INTO mlflow_model_alias (model_context_id, alias, version) VALUES (?, ?, ?)"
        + " ON CONFLICT (model_context_id, alias) DO UPDATE SET version = excluded.version", modelContextId, alias,
        version);
  }

  @Override
  public void deleteAlias(WriteTransaction tx, long modelContextId, String alias) {
    Jdbc.update(tx, "delete alias", "DELETE FROM mlflow_model_alias WHERE model_context_id = ? AND alias = ?",
        modelContextId, alias);
  }

  @Override
  public Map<Long, Map<String, Integer>> aliases(ReadTransaction tx, Collection<Long> modelContextIds) {
    Map<Long, Map<String, Integer>> result = new HashMap<>();
    for (List<Long> chunk : Jdbc.chunks(modelContextIds)) {
      Jdbc.query(tx, "read aliases", "SELECT model_context_id, alias, version FROM mlflow_model_alias"
          + " WHERE model_context_id IN (" + Jdbc.placeholders(chunk.size()) + ")", chunk, row -> {
            result.computeIfAbsent(row.getLong(1), id -> new TreeMap<>()).put(row.getString(2), row.getInt(3));
            return null;
          });
    }
    return result;
  }

  // The artifact tree

  @Override
  public void putArtifactFile(WriteTransaction tx, String path, String digest, long size, long timeMs) {
    String[] parts = path.split("/");
    List<List<Object>> dirs = new ArrayList<>();
    StringBuilder dir = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      dirs.add(List.of(dir.toString(), parts[i], timeMs));
      if (!dir.isEmpty()) {
        dir.append('/');
      }
      dir.append(parts[i]);
    }
    Jdbc.batch(tx, "store artifact", "INSERT INTO mlflow_artifact_entry (dir_path, name, is_dir, created_time)"
        + " VALUES (?, ?, 1, ?) ON CONFLICT (dir_path, name) DO NOTHING", dirs);
    Jdbc.update(tx, "store artifact", "INSERT INTO mlflow_artifact_entry (dir_path, name, is_dir, digest, size,"
        + " created_time) VALUES (?, ?, 0, ?, ?, ?) ON CONFLICT (dir_path, name) DO UPDATE SET is_dir = 0,"
        + " digest = excluded.digest, size = excluded.size, created_time = excluded.created_time",
        dir.toString(), parts[parts.length - 1], digest, size, timeMs);
  }

  private static final String ENTRY_COLUMNS = "dir_path, name, is_dir, digest, size, created_time";

  private static ArtifactEntry entry(ResultSet row) throws SQLException {
    return new ArtifactEntry(row.getString(1), row.getString(2), row.getInt(3) == 1, row.getString(4),
        Jdbc.nullableLong(row, 5), row.getLong(6));
  }

  @Override
  public Optional<ArtifactEntry> findArtifactEntry(ReadTransaction tx, String path) {
    int slash = path.lastIndexOf('/');
    return Jdbc.first(tx, "read artifact", "SELECT " + ENTRY_COLUMNS + " FROM mlflow_artifact_entry"
        + " WHERE dir_path = ? AND name = ?", List.of(slash < 0 ? "" : path.substring(0, slash),
            path.substring(slash + 1)), JdbcMlflowStore::entry);
  }

  @Override
  public List<ArtifactEntry> listArtifactEntries(ReadTransaction tx, String dirPath) {
    return Jdbc.query(tx, "list artifacts", "SELECT " + ENTRY_COLUMNS + " FROM mlflow_artifact_entry"
        + " WHERE dir_path = ? ORDER BY name", List.of(dirPath), JdbcMlflowStore::entry);
  }

  @Override
  public List<ArtifactEntry> deleteArtifactEntries(WriteTransaction tx, String path) {
    Optional<ArtifactEntry> entry = findArtifactEntry(tx, path);
    if (entry.isEmpty()) {
      return List.of();
    }
    List<ArtifactEntry> removed = new ArrayList<>();
    if (entry.get().isDir()) {
      // Everything whose directory is the path or below it.
      removed.addAll(Jdbc.query(tx, "delete artifacts", "SELECT " + ENTRY_COLUMNS + " FROM mlflow_artifact_entry"
          + " WHERE is_dir = 0 AND (dir_path = ? OR (dir_path >= ? AND dir_path < ?))",
          List.of(path, path + "/", path + "0"), JdbcMlflowStore::entry));
      Jdbc.update(tx, "delete artifacts", "DELETE FROM mlflow_artifact_entry WHERE dir_path = ?"
          + " OR (dir_path >= ? AND dir_path < ?)", path, path + "/", path + "0");
    } else {
      removed.add(entry.get());
    }
    Jdbc.update(tx, "delete artifacts", "DELETE FROM mlflow_artifact_entry WHERE dir_path = ? AND name = ?",
        entry.get().dirPath(), entry.get().name());
    return removed;
  }

  // Multipart uploads

  @Override
  public void insertUpload(WriteTransaction tx, String uploadId, String path, int numParts, long timeMs) {
    Jdbc.update(tx, "start upload", "INSERT INTO mlflow_multipart_upload (upload_id, path, num_parts, created_time)"
        + " VALUES (?, ?, ?, ?)", uploadId, path, numParts, timeMs);
  }

  @Override
  public Optional<Map.Entry<String, Integer>> findUpload(ReadTransaction tx, String uploadId) {
    return Jdbc.first(tx, "read upload", "SELECT path, num_parts FROM mlflow_multipart_upload WHERE upload_id = ?",
        List.of(uploadId), row -> Map.entry(row.getString(1), row.getInt(2)));
  }

  @Override
  public void putUploadPart(WriteTransaction tx, String uploadId, int partNumber, String digest, long size) {
    Jdbc.update(tx, "store part", "INSERT INTO mlflow_multipart_part (upload_id, part_number, digest, size)"
        + " VALUES (?, ?, ?, ?) ON CONFLICT (upload_id, part_number) DO UPDATE SET digest = excluded.digest,"
        + " size = excluded.size", uploadId, partNumber, digest, size);
  }

  @Override
  public Map<Integer, Map.Entry<String, Long>> uploadParts(ReadTransaction tx, String uploadId) {
    Map<Integer, Map.Entry<String, Long>> parts = new TreeMap<>();
    Jdbc.query(tx, "read parts", "SELECT part_number, digest, size FROM mlflow_multipart_part WHERE upload_id = ?",
        List.of(uploadId), row -> parts.put(row.getInt(1), Map.entry(row.getString(2), row.getLong(3))));
    return parts;
  }

  @Override
  public void deleteUpload(WriteTransaction tx, String uploadId) {
    Jdbc.update(tx, "end upload", "DELETE FROM mlflow_multipart_part WHERE upload_id = ?", uploadId);
    Jdbc.update(tx, "end upload", "DELETE FROM mlflow_multipart_upload WHERE upload_id = ?", uploadId);
  }
}
