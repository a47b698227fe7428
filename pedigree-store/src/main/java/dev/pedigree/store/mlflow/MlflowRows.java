package dev.pedigree.store.mlflow;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The values the MLflow store reads and writes, as MLflow sees them, keyed by their graph node ids. */
public final class MlflowRows {
  private MlflowRows() {}

  public static final String ACTIVE = "active";
  public static final String DELETED = "deleted";

  /** Which lifecycle stages a search covers (MLflow's {@code ViewType}). */
  public enum ViewType {
    ACTIVE_ONLY, DELETED_ONLY, ALL;

    public List<String> stages() {
      return switch (this) {
        case ACTIVE_ONLY -> List.of(ACTIVE);
        case DELETED_ONLY -> List.of(DELETED);
        case ALL -> List.of(ACTIVE, DELETED);
      };
    }
  }

  public record Experiment(long experimentId, long contextId, String name, String artifactLocation,
      String lifecycleStage, long creationTime, long lastUpdateTime, Map<String, String> tags) {
    public Experiment {
      tags = Map.copyOf(tags);
    }

    public Experiment withTags(Map<String, String> newTags) {
      return new Experiment(experimentId, contextId, name, artifactLocation, lifecycleStage, creationTime,
          lastUpdateTime, newTags);
    }
  }

  public record Run(long executionId, String runUuid, long experimentId, String name, @Nullable String userId,
      String status, long startTime, @Nullable Long endTime, String lifecycleStage, String artifactUri) {}

  /** A metric point; {@code runUuid} is filled where a response needs it (bulk history). */
  public record MetricPoint(String key, double value, long timestamp, long step, @Nullable String runUuid) {
    public static MetricPoint of(String key, double value, long timestamp, long step) {
      return new MetricPoint(key, value, timestamp, step, null);
    }
  }

  /** Params, tags and latest metrics of one run. */
  public record RunData(Map<String, String> params, Map<String, String> tags, List<MetricPoint> metrics) {
    public RunData {
      params = Map.copyOf(params);
      tags = Map.copyOf(tags);
      metrics = List.copyOf(metrics);
    }
  }

  public record Dataset(long artifactId, long experimentId, String name, String digest, String sourceType,
      String source, @Nullable String schema, @Nullable String profile) {}

  /** A dataset a run used, with the input's tags ({@code mlflow.data.context} among them). */
  public record DatasetInput(Dataset dataset, Map<String, String> tags) {
    public DatasetInput {
      tags = Map.copyOf(tags);
    }
  }

  public record LoggedModel(long artifactId, String modelId, long experimentId, String name,
      String artifactLocation, long creationTime, long lastUpdatedTime, String status,
      @Nullable String statusMessage, String lifecycleStage, @Nullable String modelType,
      @Nullable String sourceRunId, @Nullable String creatorId) {}

  /** A logged model linked to a run, as input or output, at a step. */
  public record RunModel(String modelId, boolean output, long step) {}

  public record RegisteredModel(long contextId, String name, long creationTime, long lastUpdatedTime,
      @Nullable String description, @Nullable String userId, int nextVersion) {}

  public record ModelVersion(long artifactId, long modelContextId, String name, int version, long creationTime,
      long lastUpdatedTime, @Nullable String description, @Nullable String userId, String currentStage,
      String source, @Nullable String storageLocation, @Nullable String runUuid, @Nullable String runLink,
      String status, @Nullable String statusMessage, @Nullable String modelId) {}

  /** A file or directory of the MLflow artifact tree. */
  public record ArtifactEntry(String dirPath, String name, boolean isDir, @Nullable String digest,
      @Nullable Long size, long createdTime) {
    public String path() {
      return dirPath.isEmpty() ? name : dirPath + "/" + name;
    }
  }

  /** A search request over runs; offsets page. */
  public record RunSearch(List<Long> experimentIds, ViewType viewType, List<SearchClause> clauses,
      List<OrderKey> orderBy, int limit, long offset) {
    public RunSearch {
      experimentIds = List.copyOf(experimentIds);
      clauses = List.copyOf(clauses);
      orderBy = List.copyOf(orderBy);
    }
  }

  /** A generic search (experiments, registry, logged models). */
  public record Search(ViewType viewType, List<SearchClause> clauses, List<OrderKey> orderBy, int limit,
      long offset) {
    public Search {
      clauses = List.copyOf(clauses);
      orderBy = List.copyOf(orderBy);
    }
  }
}
