package dev.pedigree.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.core.metadata.MetadataService;
import dev.pedigree.model.Artifact;
import dev.pedigree.model.Event;
import dev.pedigree.model.EventType;
import dev.pedigree.model.Node;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import dev.pedigree.server.testing.PythonResult;
import dev.pedigree.server.testing.PythonVenv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MLflow Python client (pinned 3.x, from its own environment) against a real Pedigree
 * server: each scenario in {@code scenarios.py} asserts what the client sees; these tests then check
 * where the data landed in Pedigree's graph.
 */
class OfficialMlflowPythonClientTest {
  private static final Path SCRIPTS = Path.of("src/test/python/mlflow");
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static PythonVenv venv;

  @TempDir Path dir;
  private MlflowTestServer server;

  @BeforeAll
  static void createEnvironment() {
    venv = PythonVenv.forRequirements(SCRIPTS.resolve("requirements.txt"));
  }

  @BeforeEach
  void start() {
    server = new MlflowTestServer(dir.resolve("server"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode scenario(String name) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    PythonResult result = venv.run(SCRIPTS.resolve("scenarios.py"), TIMEOUT, server.uri(), name, work.toString());
    assertThat(result.succeeded()).as(result.describe()).isTrue();
    String[] lines = result.stdout().strip().split("\n");
    return JSON.readTree(lines[lines.length - 1]);
  }

  private MetadataService metadata() {
    return server.server.metadata();
  }

  @Test
  void experimentsCreateSearchPageRenameDeleteAndRestore() throws Exception {
    JsonNode out = scenario("experiments");
    // The experiment is a context of type mlflow.Experiment named after it, tags as custom properties.
    Optional<Node> context = metadata().nodeByTypeAndName(TypeKind.CONTEXT, "mlflow.Experiment", null,
        "exp-renamed");
    assertThat(context).isPresent();
    assertThat(context.get().customProperties()).containsEntry("tag.stage", Value.of("dev"));
    assertThat(out.get("experiment_id").asText()).isNotEqualTo("0");
  }

  @Test
  void runsLogParamsMetricsTagsAndBatchesAtomically() throws Exception {
    JsonNode out = scenario("runs");
    Optional<Node> run = metadata().nodeByTypeAndName(TypeKind.EXECUTION, "mlflow.Run", null,
        out.get("run_id").asText());
    assertThat(run).isPresent();
    assertThat(run.get().customProperties())
        .containsEntry("param.lr", Value.of("0.01"))
        .containsEntry("tag.owner", Value.of("ada"))
        .doesNotContainKey("param.loss");
    // Metrics are not properties: they live in the metric series.
    assertThat(run.get().customProperties().keySet()).noneMatch(k -> k.contains("loss"));
    assertThat(run.get().customProperties()).doesNotContainKey("param.p1");
  }

  @Test
  void searchRunsFiltersOrdersAndPages() throws Exception {
    scenario("search_runs");
  }

  @Test
  void artifactsUploadListAndDownloadThroughTheProxy() throws Exception {
    JsonNode out = scenario("artifacts");
    // Bytes are in the content-addressed blob store; the run has its top-level artifacts as outputs.
    try (Stream<Path> blobs = Files.walk(server.dataDir.resolve("blobs"))) {
      assertThat(blobs.filter(Files::isRegularFile).filter(p -> p.toString().contains("sha256")).count())
          .isGreaterThanOrEqualTo(5);
    }
    Node run = metadata().nodeByTypeAndName(TypeKind.EXECUTION, "mlflow.Run", null, out.get("run_id").asText())
        .orElseThrow();
    List<Event> events = metadata().eventsByExecutions(List.of(run.requireId()));
    List<Long> outputs = events.stream().filter(e -> e.type() == EventType.OUTPUT).map(Event::artifactId).toList();
    List<String> names = metadata().artifacts(outputs).stream().map(Artifact::name).toList();
    String runId = out.get("run_id").asText();
    assertThat(names).containsExactlyInAnyOrder(runId + "/a.txt", runId + "/tree", runId + "/notes",
        runId + "/conf.json");
  }

  @Test
  void largeArtifactsUploadInPartsThroughTheProxy() throws Exception {
    scenario("multipart");
  }

  @Test
  void loggedPyfuncModelRegistersAndItsVersionLeadsBackToTheRunAndDataset() throws Exception {
    JsonNode out = scenario("log_model_and_register");
    String runId = out.get("run_id").asText();
    Node run = metadata().nodeByTypeAndName(TypeKind.EXECUTION, "mlflow.Run", null, runId).orElseThrow();
    // Lineage: model version (artifact) <-OUTPUT- run (execution) <-INPUT- dataset (artifact).
    List<Artifact> versions = metadata().read(tx -> tx.listTypes(TypeKind.ARTIFACT)).stream()
        .filter(t -> t.name().equals("mlflow.ModelVersion")).findFirst()
        .map(t -> metadata().artifacts(metadata().eventsByExecutions(List.of(run.requireId())).stream()
            .filter(e -> e.type() == EventType.OUTPUT).map(Event::artifactId).toList()).stream()
            .filter(a -> a.typeId() == t.requireId()).toList())
        .orElseThrow();
    assertThat(versions).hasSize(2);
    Artifact version1 = versions.stream()
        .filter(a -> Value.of("1").equals(a.customProperties().get("mlflow.version"))).findFirst().orElseThrow();
    assertThat(version1.customProperties()).containsEntry("mlflow.model_name", Value.of("adder"));
    List<Event> producedBy = metadata().eventsByArtifacts(List.of(version1.requireId()));
    assertThat(producedBy).extracting(Event::executionId).containsExactly(run.requireId());
    List<Long> inputs = metadata().eventsByExecutions(List.of(run.requireId())).stream()
        .filter(e -> e.type() == EventType.INPUT).map(Event::artifactId).toList();
    assertThat(metadata().artifacts(inputs)).extracting(Artifact::typeName).containsExactly("mlflow.Dataset");
    assertThat(metadata().artifacts(inputs).get(0).uri()).isEqualTo("file:///data/train.csv");
  }

  @Test
  void registryModelsVersionsStagesTagsSearchRenameAndDelete() throws Exception {
    scenario("registry");
    // A deleted model's context stays in the graph (renamed) so lineage does not lose it.
    assertThat(metadata().nodeByTypeAndName(TypeKind.CONTEXT, "mlflow.RegisteredModel", null, "reg-renamed"))
        .isPresent();
  }

  @Test
  void aliasesSetMoveDeleteAndResolve() throws Exception {
    scenario("aliases");
  }

  @Test
  void errorsUseMlflowCodesAndStatusesAndBadPathsWriteNothing() throws Exception {
    scenario("errors");
  }
}
