package dev.pedigree.server.mlmd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.server.PedigreeServer;
import dev.pedigree.server.testing.PythonResult;
import dev.pedigree.server.testing.PythonVenv;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import dev.pedigree.store.MetadataStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code ml-metadata} client runs the same scenarios (KFP v1 and v2 flows, filters,
 * lineage, paging, every error case) against Pedigree over gRPC and against MLMD's own in-process
 * SQLite store; the answers must agree field by field except for the documented deliberate
 * differences (docs/mlmd.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MlmdDifferentialTest {
  private static final Path SCRIPTS = Path.of("src/test/python/mlmd");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** scenario -> answer path where Pedigree deliberately answers otherwise than MLMD 1.17.1. */
  private static final Set<String> DELIBERATE = Set.of(
      // MLMD stores an event naming an artifact that does not exist; Pedigree keeps the graph whole.
      "types_and_updates .put_execution_missing_artifact",
      // MLMD leaves base_type out of GetArtifactTypesByExternalIds only; Pedigree always returns it.
      "types_and_updates .types_by_external_id[0].base_type");

  @TempDir static Path dir;
  private MetadataStore store;
  private PedigreeServer server;
  private JsonNode report;

  @BeforeAll
  void runScenariosAgainstBoth() throws Exception {
    PythonVenv venv = PythonVenv.forRequirements(SCRIPTS.resolve("requirements.txt"));
    store = SqliteMetadataStore.open(dir.resolve("pedigree.db"), SqliteOptions.defaults());
    server = PedigreeServer.builder().port(0).store(store).dataDir(dir).start();
    PythonResult result = venv.run(SCRIPTS.resolve("differential.py"), Duration.ofMinutes(5),
        "127.0.0.1", Integer.toString(server.port()), dir.resolve("mlmd.sqlite").toString());
    assertThat(result.succeeded()).as(result.describe()).isTrue();
    report = JSON.readTree(result.stdout());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
  }

  @Test
  void everyScenarioRanToTheEndOnBothSides() {
    assertThat(report.size()).isEqualTo(7);
    report.fields().forEachRemaining(scenario -> {
      assertThat(scenario.getValue().at("/pedigree").has("<crashed>")).as(scenario.getKey() + " "
          + scenario.getValue().at("/pedigree/<crashed>")).isFalse();
      assertThat(scenario.getValue().at("/mlmd").has("<crashed>")).as(scenario.getKey() + " "
          + scenario.getValue().at("/mlmd/<crashed>")).isFalse();
    });
  }

  @Test
  void pedigreeAnswersAsMlmdDoesExceptForTheDocumentedDifferences() {
    Map<String, String> found = new TreeMap<>();
    report.fields().forEachRemaining(scenario -> scenario.getValue().get("differences").forEach(difference ->
        found.put(scenario.getKey() + " " + difference.get("path").asText(), difference.toString())));
    assertThat(found.keySet()).as(found.toString()).containsExactlyInAnyOrderElementsOf(DELIBERATE);
  }

  @Test
  void scenariosExercisedTheCasesTheyName() {
    JsonNode v2 = report.at("/kfp_v2_driver_launcher/pedigree");
    assertThat(v2.at("/dag_task_pages").toString()).isEqualTo("[[\"ingest\",\"train\"],[\"evaluate\"]]");
    assertThat(v2.at("/reused_artifact_by_external_id").asBoolean()).isTrue();
    JsonNode errors = report.at("/types_and_updates/pedigree");
    Set<String> codes = new TreeSet<>();
    errors.forEach(answer -> {
      if (answer.has("error")) {
        codes.add(answer.get("error").asText());
      }
    });
    assertThat(codes).contains("InvalidArgumentError", "NotFoundError", "AlreadyExistsError",
        "FailedPreconditionError", "UnimplementedError");
    assertThat(report.at("/lineage/pedigree/out_of_range/error").asText()).isEqualTo("OutOfRangeError");
  }

  @Test
  void callsTheInProcessStoreLacksAreAnsweredByPedigree() {
    JsonNode answers = report.at("/types_and_updates/pedigree");
    assertThat(answers.at("/batch_children/contexts").size()).isEqualTo(1);
    assertThat(answers.at("/batch_parents/contexts").size()).isEqualTo(1);
    JsonNode graph = answers.at("/lineage_graph/subgraph");
    assertThat(graph.get("artifacts")).hasSize(3);
    assertThat(graph.get("executions")).hasSize(2);
    assertThat(graph.get("events")).hasSize(4);
  }
}
