package dev.pedigree.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.model.TypeKind;
import dev.pedigree.server.PedigreeServer;
import dev.pedigree.server.testing.TestServer;
import dev.pedigree.server.testing.TestServer.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeApiTest {
  @TempDir Path dir;
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(dir, PedigreeServer.builder().maxRequestBytes(64 * 1024));
    assertThat(server.post("/api/v1/types/artifact",
        "{\"name\":\"Dataset\",\"properties\":{\"rows\":\"INT\",\"format\":\"STRING\"}}").status()).isEqualTo(200);
    assertThat(server.post("/api/v1/types/execution", "{\"name\":\"Trainer\"}").status()).isEqualTo(200);
    assertThat(server.post("/api/v1/types/context", "{\"name\":\"Run\"}").status()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static void assertProblem(Response response, int status, String code, String detailPart) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode problem = response.json();
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("code").asText()).isEqualTo(code);
    assertThat(problem.path("detail").asText()).contains(detailPart);
    assertThat(problem.path("type").asText()).startsWith("urn:pedigree:problem:");
  }

  private long artifactCount() {
    return server.server().metadata().countNodes(TypeKind.ARTIFACT);
  }

  @Test
  void opsEndpointsAnswer() {
    assertThat(server.get("/health").json().path("status").asText()).isEqualTo("UP");
    assertThat(server.get("/ready").json().path("status").asText()).isEqualTo("READY");
    JsonNode version = server.get("/version").json();
    assertThat(version.path("database").asText()).isEqualTo("sqlite");
    assertThat(version.path("schema_version").asInt()).isPositive();
    server.get("/health");
    Response metrics = server.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("pedigree_http_requests_total");
  }

  @Test
  void artifactRoundTripsThroughTheApi() {
    Response created = server.post("/api/v1/artifacts", """
        {"type": "Dataset", "name": "churn", "uri": "s3://d/churn.csv", "state": "live",
         "properties": {"rows": 120000, "format": "csv"},
         "custom_properties": {"owner": "ana", "ratio": 0.5, "final": true, "meta": {"cols": ["a", "b"]}}}""");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    long id = created.json().path("id").asLong();
    JsonNode read = server.get("/api/v1/artifacts/" + id).json();
    assertThat(read.path("type").asText()).isEqualTo("Dataset");
    assertThat(read.path("state").asText()).isEqualTo("LIVE");
    assertThat(read.path("properties").path("rows").asLong()).isEqualTo(120000);
    assertThat(read.path("custom_properties").path("ratio").isDouble()).isTrue();
    assertThat(read.path("custom_properties").path("final").asBoolean()).isTrue();
    assertThat(read.path("custom_properties").path("meta").path("cols").get(1).asText()).isEqualTo("b");
    assertThat(read.path("create_time").asLong()).isPositive();
  }

  @Test
  void patchChangesOnlyGivenFieldsAndPutReplaces() {
    long id = server.post("/api/v1/artifacts", """
        {"type":"Dataset","name":"d","uri":"u1","properties":{"rows":1},"custom_properties":{"a":"1","b":"2"}}""")
        .json().path("id").asLong();
    JsonNode patched = server.patch("/api/v1/artifacts/" + id,
        "{\"uri\":\"u2\",\"custom_properties\":{\"a\":null,\"c\":3}}").json();
    assertThat(patched.path("uri").asText()).isEqualTo("u2");
    assertThat(patched.path("name").asText()).isEqualTo("d");
    assertThat(patched.path("properties").path("rows").asInt()).isEqualTo(1);
    assertThat(patched.path("custom_properties").fieldNames()).toIterable().containsExactlyInAnyOrder("b", "c");

    JsonNode replaced = server.put("/api/v1/artifacts/" + id, "{\"name\":\"d\",\"uri\":\"u3\"}").json();
    assertThat(replaced.path("uri").asText()).isEqualTo("u3");
    assertThat(replaced.path("properties").size()).isZero();
    assertProblem(server.patch("/api/v1/artifacts/999", "{\"uri\":\"x\"}"), 404, "NOT_FOUND", "artifact 999");
  }

  @Test
  void wrongPropertyKindIsRejectedNamingThePropertyAndStoresNothing() {
    assertProblem(server.post("/api/v1/artifacts", "{\"type\":\"Dataset\",\"name\":\"d\",\"properties\":{\"rows\":\"many\"}}"),
        400, "INVALID_ARGUMENT", "'rows'");
    assertProblem(server.post("/api/v1/artifacts", "{\"type\":\"Dataset\",\"name\":\"d\",\"properties\":{\"cols\":3}}"),
        400, "INVALID_ARGUMENT", "unknown property 'cols'");
    assertThat(artifactCount()).isZero();
  }

  @Test
  void unknownTypesAndIdsAreNotFound() {
    assertProblem(server.post("/api/v1/artifacts", "{\"type\":\"Model\",\"name\":\"m\"}"), 404, "NOT_FOUND", "Model");
    assertProblem(server.get("/api/v1/artifacts/42"), 404, "NOT_FOUND", "artifact 42");
    assertProblem(server.get("/api/v1/types/artifact/Model"), 404, "NOT_FOUND", "Model");
    assertProblem(server.get("/api/v1/no-such-thing"), 404, "NOT_FOUND", "/api/v1/no-such-thing");
  }

  @Test
  void duplicateNameWithinATypeIsAConflict() {
    assertThat(server.post("/api/v1/artifacts", "{\"type\":\"Dataset\",\"name\":\"d\"}").status()).isEqualTo(201);
    assertProblem(server.post("/api/v1/artifacts", "{\"type\":\"Dataset\",\"name\":\"d\"}"), 409, "ALREADY_EXISTS",
        "already exists");
    assertThat(artifactCount()).isEqualTo(1);
  }

  @Test
  void badJsonIsRejectedClearly() {
    assertProblem(server.post("/api/v1/artifacts", "{\"type\":\"Dataset\",\"nmae\":\"d\"}"), 400, "INVALID_ARGUMENT",
        "unknown field 'nmae'");
    assertProblem(server.post("/api/v1/artifacts", "{\"type\":\"Dataset\","), 400, "INVALID_ARGUMENT", "malformed JSON");
    assertProblem(server.post("/api/v1/artifacts", "[1,2]"), 400, "INVALID_ARGUMENT", "wrong JSON type");
    assertProblem(server.post("/api/v1/artifacts", ""), 400, "INVALID_ARGUMENT", "empty");
    assertProblem(server.post("/api/v1/artifacts", "{\"type\":\"Dataset\",\"custom_properties\":{\"x\":"
        + "[".repeat(3000) + "]".repeat(3000) + "}}"), 400, "INVALID_ARGUMENT", "nesting");
    assertProblem(server.post("/api/v1/artifacts", "{\"type\":\"Dataset\",\"name\":\"d\",\"name\":\"e\"}"), 400,
        "INVALID_ARGUMENT", "Duplicate field");
    assertProblem(server.post("/api/v1/artifacts", "{\"type\":\"Dataset\",\"state\":\"ALIVE\"}"), 400,
        "INVALID_ARGUMENT", "expected one of");
    assertProblem(server.post("/api/v1/executions", "{\"type\":\"Trainer\",\"uri\":\"x\"}"), 400,
        "INVALID_ARGUMENT", "artifacts only");
    assertThat(artifactCount()).isZero();
  }

  @Test
  void scalarsOfTheWrongJsonTypeAreRejectedNotConverted() {
    assertProblem(server.post("/api/v1/artifacts", "{\"type\":\"Dataset\",\"uri\":7}"), 400, "INVALID_ARGUMENT",
        "field 'uri'");
    assertProblem(server.post("/api/v1/artifacts", "{\"type\":\"Dataset\",\"name\":true}"), 400,
        "INVALID_ARGUMENT", "field 'name'");
    assertProblem(server.post("/api/v1/types/artifact", "{\"name\":5}"), 400, "INVALID_ARGUMENT", "field 'name'");
    assertProblem(server.post("/api/v1/types/artifact", "{\"name\":\"T\",\"can_add_fields\":1}"), 400,
        "INVALID_ARGUMENT", "field 'can_add_fields'");
    assertProblem(server.post("/api/v1/contexts/1/members", "{\"artifact_ids\":[\"1\"]}"), 400,
        "INVALID_ARGUMENT", "field 'artifact_ids[0]'");
    assertProblem(server.post("/api/v1/contexts/1/members", "{\"artifact_ids\":[1.5]}"), 400,
        "INVALID_ARGUMENT", "field 'artifact_ids[0]'");
    assertThat(artifactCount()).isZero();
    assertThat(server.get("/api/v1/types/artifact/5").status()).isEqualTo(404);
  }

  @Test
  void oversizedBodiesAreRejectedWithAProblem() {
    String huge = "{\"type\":\"Dataset\",\"name\":\"" + "x".repeat(100 * 1024) + "\"}";
    assertProblem(server.post("/api/v1/artifacts", huge), 413, "TOO_LARGE", "larger than");
    assertThat(artifactCount()).isZero();
  }

  @Test
  void listingPagesWithTokens() {
    for (int i = 0; i < 5; i++) {
      server.post("/api/v1/artifacts", "{\"type\":\"Dataset\",\"name\":\"d" + i + "\",\"uri\":\"u\"}");
    }
    List<String> names = new ArrayList<>();
    String token = "";
    do {
      JsonNode page = server.get("/api/v1/artifacts?type=Dataset&page_size=2&order=desc"
          + (token.isEmpty() ? "" : "&page_token=" + token)).json();
      page.path("artifacts").forEach(a -> names.add(a.path("name").asText()));
      token = page.path("next_page_token").asText("");
    } while (!token.isEmpty());
    assertThat(names).containsExactly("d4", "d3", "d2", "d1", "d0");
    assertProblem(server.get("/api/v1/artifacts?page_size=0"), 400, "INVALID_ARGUMENT", "page_size");
    assertProblem(server.get("/api/v1/artifacts?order_by=size"), 400, "INVALID_ARGUMENT", "order_by");
    assertProblem(server.get("/api/v1/artifacts?page_token=garbage"), 400, "INVALID_ARGUMENT", "page token");
  }

  @Test
  void putExecutionIsAtomic() {
    long input = server.post("/api/v1/artifacts", "{\"type\":\"Dataset\",\"name\":\"in\"}").json().path("id").asLong();
    Response ok = server.post("/api/v1/put-execution", """
        {"execution": {"type": "Trainer", "name": "train-1", "last_known_state": "COMPLETE"},
         "artifacts": [
           {"event": {"artifact_id": %d, "type": "INPUT", "path": ["examples", 0]}},
           {"artifact": {"type": "Dataset", "name": "out"}, "event": {"type": "OUTPUT"}}],
         "contexts": [{"type": "Run", "name": "run-1"}]}""".formatted(input));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    long execution = ok.json().path("execution_id").asLong();
    JsonNode events = server.get("/api/v1/events?execution_id=" + execution).json().path("events");
    assertThat(events).hasSize(2);
    assertThat(events.get(0).path("path").get(0).asText()).isEqualTo("examples");
    long context = ok.json().path("context_ids").get(0).asLong();
    assertThat(server.get("/api/v1/artifacts?context_id=" + context).json().path("artifacts")).hasSize(2);

    long before = artifactCount();
    assertProblem(server.post("/api/v1/put-execution", """
        {"execution": {"type": "Trainer", "name": "train-2"},
         "artifacts": [
           {"artifact": {"type": "Dataset", "name": "out-2"}, "event": {"type": "OUTPUT"}},
           {"event": {"artifact_id": 9999, "type": "INPUT"}}]}"""), 400, "INVALID_ARGUMENT", "9999");
    assertThat(artifactCount()).isEqualTo(before);
    assertThat(server.server().metadata().countNodes(TypeKind.EXECUTION)).isEqualTo(1);
  }

  @Test
  void contextsLinkMembersAndParents() {
    long run = server.post("/api/v1/contexts", "{\"type\":\"Run\",\"name\":\"r\"}").json().path("id").asLong();
    long pipeline = server.post("/api/v1/contexts", "{\"type\":\"Run\",\"name\":\"p\"}").json().path("id").asLong();
    long artifact = server.post("/api/v1/artifacts", "{\"type\":\"Dataset\",\"name\":\"a\"}").json().path("id").asLong();
    assertThat(server.post("/api/v1/contexts/" + run + "/members", "{\"artifact_ids\":[" + artifact + "]}").status())
        .isEqualTo(200);
    assertThat(server.get("/api/v1/artifacts/" + artifact + "/contexts").json().path("contexts")).hasSize(1);
    assertThat(server.post("/api/v1/contexts/" + run + "/parents", "{\"parent_ids\":[" + pipeline + "]}").status())
        .isEqualTo(200);
    assertThat(server.get("/api/v1/contexts/" + pipeline + "/children").json().path("contexts").get(0)
        .path("name").asText()).isEqualTo("r");
    assertProblem(server.post("/api/v1/contexts/" + pipeline + "/parents", "{\"parent_ids\":[" + run + "]}"), 400,
        "INVALID_ARGUMENT", "cycle");
  }

  @Test
  void typesEvolveOnlyWhenAsked() {
    assertProblem(server.post("/api/v1/types/artifact", "{\"name\":\"Dataset\",\"properties\":{\"rows\":\"INT\"}}"),
        409, "ALREADY_EXISTS", "can_omit_fields");
    JsonNode evolved = server.post("/api/v1/types/artifact",
        "{\"name\":\"Dataset\",\"properties\":{\"size\":\"INT\"},\"can_add_fields\":true,\"can_omit_fields\":true}").json();
    assertThat(evolved.path("properties").fieldNames()).toIterable().containsExactlyInAnyOrder("rows", "format", "size");
    assertProblem(server.post("/api/v1/types/artifact", "{\"name\":\"X\",\"properties\":{\"p\":\"FLOAT\"}}"), 400,
        "INVALID_ARGUMENT", "FLOAT");
    assertProblem(server.post("/api/v1/types/widget", "{\"name\":\"X\"}"), 400, "INVALID_ARGUMENT", "widget");
  }
}
