package dev.pedigree.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.ExperimentsPage;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.ModelVersionsPage;
import org.mlflow.tracking.RunsPage;

/** The official MLflow Java client (2.17.2, Maven Central) against a real Pedigree server. */
class OfficialMlflowJavaClientTest {
  @TempDir Path dir;
  private MlflowTestServer server;
  private MlflowClient client;

  @BeforeEach
  void start() {
    server = new MlflowTestServer(dir);
    client = new MlflowClient(server.uri());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void experimentsCreateGetRenameSearchDeleteRestore() {
    assertThat(client.getExperiment("0").getName()).isEqualTo("Default");
    String id = client.createExperiment("java-exp");
    assertThat(client.getExperimentByName("java-exp")).map(Experiment::getExperimentId).contains(id);
    assertThat(client.getExperimentByName("missing")).isEmpty();
    client.setExperimentTag(id, "team", "jvm");
    client.renameExperiment(id, "java-exp-2");
    Experiment renamed = client.getExperiment(id);
    assertThat(renamed.getName()).isEqualTo("java-exp-2");
    assertThat(renamed.getTagsList()).anyMatch(t -> t.getKey().equals("team") && t.getValue().equals("jvm"));
    ExperimentsPage page = client.searchExperiments("name = 'java-exp-2'");
    assertThat(page.getItems()).extracting(Experiment::getExperimentId).containsExactly(id);
    client.deleteExperiment(id);
    assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("deleted");
    client.restoreExperiment(id);
    assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("active");
    assertThatThrownBy(() -> client.createExperiment("java-exp-2"))
        .isInstanceOf(MlflowClientException.class).hasMessageContaining("RESOURCE_ALREADY_EXISTS");
  }

  @Test
  void runsParamsMetricsTagsAndBatches() {
    String experimentId = client.createExperiment("java-runs");
    RunInfo info = client.createRun(experimentId);
    String runId = info.getRunId();
    assertThat(runId).matches("[0-9a-f]{32}");
    assertThat(info.getRunUuid()).isEqualTo(runId);
    assertThat(info.getArtifactUri()).isEqualTo("mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts");
    client.logParam(runId, "alpha", "0.5");
    client.logMetric(runId, "loss", 2.0, 1000, 0);
    client.logMetric(runId, "loss", 1.0, 2000, 1);
    client.setTag(runId, "framework", "jvm");
    client.setTag(runId, "drop", "me");
    client.deleteTag(runId, "drop");
    // The Java client sends int64 fields as JSON strings.
    client.logBatch(runId,
        IntStream.range(0, 20).mapToObj(i -> Metric.newBuilder().setKey("acc").setValue(i / 20.0)
            .setTimestamp(3000 + i).setStep(i).build()).toList(),
        List.of(Param.newBuilder().setKey("beta").setValue("2").build()),
        List.of(RunTag.newBuilder().setKey("batch").setValue("yes").build()));
    Run run = client.getRun(runId);
    Map<String, Double> metrics = run.getData().getMetricsList().stream()
        .collect(Collectors.toMap(Metric::getKey, Metric::getValue));
    assertThat(metrics).containsEntry("loss", 1.0).containsEntry("acc", 19 / 20.0);
    Map<String, String> params = run.getData().getParamsList().stream()
        .collect(Collectors.toMap(Param::getKey, Param::getValue));
    assertThat(params).containsOnly(Map.entry("alpha", "0.5"), Map.entry("beta", "2"));
    Map<String, String> tags = run.getData().getTagsList().stream()
        .collect(Collectors.toMap(RunTag::getKey, RunTag::getValue));
    assertThat(tags).containsEntry("framework", "jvm").containsEntry("batch", "yes").doesNotContainKey("drop");
    // No max_results: the whole history.
    assertThat(client.getMetricHistory(runId, "acc")).hasSize(20);
    assertThatThrownBy(() -> client.logParam(runId, "alpha", "0.6"))
        .isInstanceOf(MlflowClientException.class).hasMessageContaining("INVALID_PARAMETER_VALUE");
    client.setTerminated(runId, RunStatus.FINISHED, 5000);
    RunInfo finished = client.getRun(runId).getInfo();
    assertThat(finished.getStatus()).isEqualTo(RunStatus.FINISHED);
    assertThat(finished.getEndTime()).isEqualTo(5000);
    client.deleteRun(runId);
    assertThat(client.getRun(runId).getInfo().getLifecycleStage()).isEqualTo("deleted");
    client.restoreRun(runId);
    assertThat(client.getRun(runId).getInfo().getLifecycleStage()).isEqualTo("active");
    assertThatThrownBy(() -> client.getRun("f".repeat(32))).isInstanceOf(MlflowClientException.class);
  }

  @Test
  void searchRunsWithFilterOrderAndPages() {
    String experimentId = client.createExperiment("java-search");
    for (int i = 0; i < 7; i++) {
      String runId = client.createRun(experimentId).getRunId();
      client.logMetric(runId, "score", i, 1000, 0);
      client.logParam(runId, "group", i % 2 == 0 ? "even" : "odd");
    }
    List<RunInfo> even = client.searchRuns(List.of(experimentId), "params.group = 'even' and metrics.score >= 2");
    assertThat(even).hasSize(3);
    RunsPage first = client.searchRuns(List.of(experimentId), "", ViewType.ACTIVE_ONLY, 3,
        List.of("metrics.score DESC"));
    assertThat(first.getItems()).hasSize(3);
    List<Double> scores = first.getItems().stream()
        .map(r -> r.getData().getMetrics(0).getValue()).toList();
    assertThat(scores).containsExactly(6.0, 5.0, 4.0);
    RunsPage second = client.searchRuns(List.of(experimentId), "", ViewType.ACTIVE_ONLY, 3,
        List.of("metrics.score DESC"), first.getNextPageToken().orElseThrow());
    RunsPage third = client.searchRuns(List.of(experimentId), "", ViewType.ACTIVE_ONLY, 3,
        List.of("metrics.score DESC"), second.getNextPageToken().orElseThrow());
    assertThat(third.getItems()).hasSize(1);
    assertThat(third.getNextPageToken()).isEmpty();
  }

  @Test
  void registryReadsThroughTheTypedClientAfterWritesThroughItsGenericCalls() {
    String experimentId = client.createExperiment("java-registry");
    RunInfo run = client.createRun(experimentId);
    client.sendPost("registered-models/create", "{\"name\": \"java-model\"}");
    for (int i = 0; i < 2; i++) {
      client.sendPost("model-versions/create", "{\"name\": \"java-model\", \"source\": \"" + run.getArtifactUri()
          + "/model\", \"run_id\": \"" + run.getRunId() + "\"}");
    }
    client.sendPost("model-versions/transition-stage",
        "{\"name\": \"java-model\", \"version\": \"1\", \"stage\": \"Staging\", \"archive_existing_versions\": false}");
    assertThat(client.getRegisteredModel("java-model").getName()).isEqualTo("java-model");
    ModelVersion v2 = client.getModelVersion("java-model", "2");
    assertThat(v2.getStatus().name()).isEqualTo("READY");
    assertThat(v2.getRunId()).isEqualTo(run.getRunId());
    assertThat(client.getLatestVersions("java-model", List.of("Staging")))
        .extracting(ModelVersion::getVersion).containsExactly("1");
    assertThat(client.getLatestVersions("java-model")).extracting(ModelVersion::getVersion)
        .containsExactlyInAnyOrder("1", "2");
    assertThat(client.getModelVersionDownloadUri("java-model", "1")).isEqualTo(run.getArtifactUri() + "/model");
    ModelVersionsPage versions = client.searchModelVersions("name = 'java-model'");
    // MLflow's default order: most recently changed first (version 1 moved to Staging after 2 was made),
    // then name, then version number descending.
    assertThat(versions.getItems()).extracting(ModelVersion::getVersion).containsExactlyInAnyOrder("1", "2");
    assertThat(versions.getItems()).isSortedAccordingTo(java.util.Comparator
        .comparingLong(ModelVersion::getLastUpdatedTimestamp).reversed()
        .thenComparing(v -> -Integer.parseInt(v.getVersion())));
    assertThatThrownBy(() -> client.getRegisteredModel("nope")).isInstanceOf(MlflowClientException.class);
  }
}
