package dev.pedigree.server.openlineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.model.Execution;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.Node;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import dev.pedigree.server.openlineage.ServerFixture.Reply;
import dev.pedigree.server.testing.PythonResult;
import dev.pedigree.server.testing.PythonVenv;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The official {@code openlineage-python} client's HTTP transport against a real server. */
class OfficialOpenLineageClientTest {
  private static final Path PYTHON = Path.of("src/test/python/openlineage");
  private static PythonVenv venv;

  @TempDir Path dir;
  ServerFixture fixture;

  @BeforeAll
  static void environment() {
    venv = PythonVenv.forRequirements(PYTHON.resolve("requirements.txt"));
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  PythonResult emit(String compression, String apiKey) {
    return venv.run(PYTHON.resolve("emit_events.py"), Duration.ofMinutes(2), fixture.base + "/", compression, apiKey);
  }

  @ParameterizedTest(name = "compression {0}, api key ''{1}''")
  @CsvSource(value = {"none,''", "gzip,''", "none,k3y", "gzip,k3y"}, quoteCharacter = '\'')
  void theOfficialClientEmitsRunDatasetAndJobEvents(String compression, String apiKey) throws Exception {
    fixture = new ServerFixture(dir, apiKey, 16L * 1024 * 1024);
    PythonResult result = emit(compression, apiKey);
    assertThat(result.succeeded()).as(result.describe()).isTrue();
    JsonNode emitted = ServerFixture.JSON.readTree(result.stdout().strip());

    Node run = fixture.server.metadata().nodeByTypeAndName(TypeKind.EXECUTION, "openlineage.Run", null,
        emitted.get("run_id").asText()).orElseThrow();
    assertThat(((Execution) run).lastKnownState()).isEqualTo(ExecutionState.COMPLETE);
    assertThat(run.properties()).containsEntry("parent_run_id", Value.of(emitted.get("parent_run_id").asText()));

    String query = "/api/v1/lineage?direction=upstream&namespace=" + enc(emitted.get("namespace").asText())
        + "&name=" + enc(emitted.get("target").asText());
    Reply up = fixture.get(query);
    assertThat(up.status()).isEqualTo(200);
    assertThat(up.json().get("nodes")).hasSize(3);
    assertThat(up.json().get("nodes").get(2).get("name").asText()).contains(emitted.get("source").asText());
    Node target = fixture.server.metadata().node(TypeKind.ARTIFACT, up.json().get("nodes").get(0).get("id").asLong());
    assertThat(target.customProperties()).containsKeys("facet.schema", "facet.columnLineage");
    assertThat(((Value.StructValue) target.customProperties().get("facet.columnLineage")).json()).contains("amount");

    Reply down = fixture.get(query.replace("upstream", "downstream"));
    assertThat(down.json().get("edges").get(0).get("type").asText()).isEqualTo("DECLARED_INPUT");
  }

  @Test
  void theClientSeesARejectionWithoutTheKey() {
    fixture = new ServerFixture(dir, "expected-key", 16L * 1024 * 1024);
    PythonResult result = emit("gzip", "");
    assertThat(result.succeeded()).isFalse();
    assertThat(result.stderr()).contains("401");
    assertThat(fixture.server.metadata().countNodes(TypeKind.EXECUTION)).isZero();
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
