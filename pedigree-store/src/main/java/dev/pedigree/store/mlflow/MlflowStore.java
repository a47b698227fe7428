package dev.pedigree.store.mlflow;

import dev.pedigree.model.TypeKind;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.WriteTransaction;
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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * MLflow's columns beside the graph. The store persists and queries; MLflow's rules (limits,
 * immutable params, lifecycle checks) are the core's. Searches return at most {@code limit + 1}
 * rows so the caller can tell whether another page exists.
 */
public interface MlflowStore {

  // String custom properties of graph nodes (params, tags)

  /** Sets (inserts or overwrites) string custom properties of a node. */
  void putStringProperties(WriteTransaction tx, TypeKind kind, long nodeId, Map<String, String> properties);

  void deleteProperty(WriteTransaction tx, TypeKind kind, long nodeId, String name);

  /** String custom properties whose names start with {@code prefix}, prefix removed, per node id. */
  Map<Long, Map<String, String>> stringProperties(ReadTransaction tx, TypeKind kind, Collection<Long> nodeIds,
      String prefix);

  /** Moves the node's update time forward. */
  void touchNode(WriteTransaction tx, TypeKind kind, long nodeId, long timeMs);

  // Experiments

  /** Inserts an experiment; a null id takes the next one. Returns the id. */
  long insertExperiment(WriteTransaction tx, @Nullable Long experimentId, long contextId, String name,
      String lifecycleStage, long timeMs);

  void updateExperiment(WriteTransaction tx, Experiment experiment);

  /** Tags are not filled in by finds; the core reads them as properties. */
  Optional<Experiment> findExperiment(ReadTransaction tx, long experimentId);

  Optional<Experiment> findExperimentByName(ReadTransaction tx, String name);

  List<Experiment> searchExperiments(ReadTransaction tx, Search search);

  // Runs

  void insertRun(WriteTransaction tx, Run run);

  void updateRun(WriteTransaction tx, Run run);

  /** Sets the lifecycle stage of every run of an experiment. */
  void setRunsLifecycle(WriteTransaction tx, long experimentId, String lifecycleStage, @Nullable Long deletedTime);

  Optional<Run> findRun(ReadTransaction tx, String runUuid);

  List<Run> searchRuns(ReadTransaction tx, RunSearch search);

  // Metrics

  /** Appends points to the run's history (exact replays are no-ops) and updates the latest values. */
  void insertMetrics(WriteTransaction tx, long runId, List<MetricPoint> points);

  Map<Long, List<MetricPoint>> latestMetrics(ReadTransaction tx, Collection<Long> runIds);

  /**
   * History of one metric in (timestamp, step, value) order, starting after {@code after} (a point
   * previously returned) or at the start; at most {@code limit} points.
   */
  List<MetricPoint> metricHistory(ReadTransaction tx, long runId, String key, @Nullable MetricPoint after, int limit);

  /** The distinct steps of a metric within [startStep, endStep], ascending. */
  List<Long> metricSteps(ReadTransaction tx, long runId, String key, long startStep, long endStep);

  /** Points of a metric at the given steps, in step then timestamp order. */
  List<MetricPoint> metricPointsAtSteps(ReadTransaction tx, long runId, String key, Collection<Long> steps);

  // Datasets and inputs

  Optional<Dataset> findDataset(ReadTransaction tx, long experimentId, String name, String digest);

  void insertDataset(WriteTransaction tx, Dataset dataset);

  /** Records that the run used the dataset (kept if already recorded, tags replaced). */
  void putRunInput(WriteTransaction tx, long runId, long datasetId, Map<String, String> tags);

  Map<Long, List<DatasetInput>> runInputs(ReadTransaction tx, Collection<Long> runIds);

  // Logged models

  void insertLoggedModel(WriteTransaction tx, LoggedModel model);

  void updateLoggedModel(WriteTransaction tx, LoggedModel model);

  Optional<LoggedModel> findLoggedModel(ReadTransaction tx, String modelId);

  List<LoggedModel> searchLoggedModels(ReadTransaction tx, List<Long> experimentIds, Search search);

  void putRunModel(WriteTransaction tx, long runId, long modelArtifactId, boolean output, long step);

  Map<Long, List<RunModel>> runModels(ReadTransaction tx, Collection<Long> runIds);

  // Registry

  void insertRegisteredModel(WriteTransaction tx, RegisteredModel model);

  void updateRegisteredModel(WriteTransaction tx, RegisteredModel model);

  /** Locks the registered model's row until the transaction ends (where the database has row locks). */
  void lockRegisteredModel(WriteTransaction tx, long contextId);

  /** Deletes the model's registry rows (versions, aliases, the model); graph nodes stay. */
  void deleteRegisteredModel(WriteTransaction tx, long contextId);

  Optional<RegisteredModel> findRegisteredModel(ReadTransaction tx, String name);

  List<RegisteredModel> findRegisteredModels(ReadTransaction tx, Collection<Long> contextIds);

  List<RegisteredModel> searchRegisteredModels(ReadTransaction tx, Search search);

  void insertModelVersion(WriteTransaction tx, ModelVersion version);

  void updateModelVersion(WriteTransaction tx, ModelVersion version);

  void deleteModelVersion(WriteTransaction tx, long artifactId);

  Optional<ModelVersion> findModelVersion(ReadTransaction tx, long modelContextId, int version);

  /** All versions of the given models, newest first per model. */
  List<ModelVersion> modelVersions(ReadTransaction tx, Collection<Long> modelContextIds);

  List<ModelVersion> searchModelVersions(ReadTransaction tx, Search search);

  void setAlias(WriteTransaction tx, long modelContextId, String alias, int version);

  void deleteAlias(WriteTransaction tx, long modelContextId, String alias);

  /** Aliases per model: alias to version. */
  Map<Long, Map<String, Integer>> aliases(ReadTransaction tx, Collection<Long> modelContextIds);

  // The artifact tree

  /** Records a file (replacing one at the same path) and its parent directories. */
  void putArtifactFile(WriteTransaction tx, String path, String digest, long size, long timeMs);

  Optional<ArtifactEntry> findArtifactEntry(ReadTransaction tx, String path);

  /** The entries directly inside {@code dirPath} ("" for the root), by name. */
  List<ArtifactEntry> listArtifactEntries(ReadTransaction tx, String dirPath);

  /** Removes a file, or a directory with everything under it; returns the removed files. */
  List<ArtifactEntry> deleteArtifactEntries(WriteTransaction tx, String path);

  // Multipart uploads

  void insertUpload(WriteTransaction tx, String uploadId, String path, int numParts, long timeMs);

  /** The upload's target path and part count, if the upload is open. */
  Optional<Map.Entry<String, Integer>> findUpload(ReadTransaction tx, String uploadId);

  void putUploadPart(WriteTransaction tx, String uploadId, int partNumber, String digest, long size);

  /** The uploaded parts: part number to (digest, size), in part order. */
  Map<Integer, Map.Entry<String, Long>> uploadParts(ReadTransaction tx, String uploadId);

  void deleteUpload(WriteTransaction tx, String uploadId);
}
