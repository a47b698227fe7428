package dev.pedigree.server.api;

import static dev.pedigree.server.openlineage.Events.dataset;
import static dev.pedigree.server.openlineage.Events.newRunId;
import static dev.pedigree.server.openlineage.Events.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.server.openlineage.ServerFixture;
import dev.pedigree.server.openlineage.ServerFixture.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageApiTest {
  @TempDir Path dir;
  ServerFixture fixture;

  @BeforeEach
  void start() {
    fixture = new ServerFixture(dir);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  static List<String> refs(JsonNode nodes) {
    List<String> refs = new ArrayList<>();
    nodes.forEach(node -> refs.add(node.get("ref").asText()));
    return refs;
  }

  /**
   * One query across front doors: an OpenLineage job writes a dataset, an execution recorded through
   * the native API reads that exact version and produces a model; upstream of the model reaches the
   * OpenLineage job's own input.
   */
  @Test
  void upstreamOfAModelCrossesFromTheNativeApiIntoOpenLineage() {
    String runId = newRunId();
    Reply etl = fixture.post("/api/v1/lineage", run(runId, "COMPLETE", "2026-03-01T08:00:00Z", "airflow", "etl.daily",
        List.of(dataset("postgres://db:5432", "shop.orders")), List.of(dataset("s3://lake", "features/churn"))));
    assertThat(etl.status()).isEqualTo(200);
    long featureVersion = etl.json().get("artifact_ids").get(1).asLong();
    long ordersVersion = etl.json().get("artifact_ids").get(0).asLong();

    assertThat(fixture.post("/api/v1/types/artifact", "{\"name\":\"Model\"}").status()).isEqualTo(200);
    assertThat(fixture.post("/api/v1/types/execution", "{\"name\":\"Trainer\"}").status()).isEqualTo(200);
    Reply train = fixture.post("/api/v1/put-execution", "{\"execution\":{\"type\":\"Trainer\",\"name\":\"train-1\","
        + "\"last_known_state\":\"COMPLETE\"},\"artifacts\":["
        + "{\"event\":{\"artifact_id\":" + featureVersion + ",\"type\":\"INPUT\"}},"
        + "{\"artifact\":{\"type\":\"Model\",\"name\":\"churn-model\",\"uri\":\"s3://models/churn/1\"},"
        + "\"event\":{\"type\":\"OUTPUT\"}}]}");
    assertThat(train.status()).isEqualTo(200);
    long model = train.json().get("artifact_ids").get(1).asLong();

    Reply up = fixture.get("/api/v1/lineage?node=artifact:" + model + "&direction=upstream&depth=10");
    assertThat(up.status()).isEqualTo(200);
    assertThat(refs(up.json().get("nodes"))).containsExactly("artifact:" + model,
        "execution:" + train.json().get("execution_id").asLong(), "artifact:" + featureVersion,
        "execution:" + etl.json().get("execution_id").asLong(), "artifact:" + ordersVersion);
    assertThat(up.json().get("nodes").get(4).get("type").asText()).isEqualTo("openlineage.Dataset");
    assertThat(up.json().get("nodes").get(4).get("name").asText()).isEqualTo("postgres://db:5432/shop.orders@v1");
    assertThat(up.json().get("truncated").asBoolean()).isFalse();

    Reply paths = fixture.get("/api/v1/lineage/paths?from=artifact:" + ordersVersion + "&to=artifact:" + model);
    assertThat(paths.json().get("direction").asText()).isEqualTo("downstream");
    assertThat(paths.json().get("paths")).hasSize(1);
    assertThat(paths.json().get("paths").get(0)).hasSize(5);

    Reply impact = fixture.get("/api/v1/lineage/impact?namespace=postgres://db:5432&name=shop.orders");
    assertThat(impact.status()).isEqualTo(200);
    assertThat(impact.json().get("total").asInt()).isEqualTo(4);
    List<String> groups = new ArrayList<>();
    impact.json().get("groups").forEach(g -> groups.add(g.get("kind").asText() + "/" + g.get("type").asText()));
    assertThat(groups).containsExactly("artifact/Model", "artifact/openlineage.Dataset", "execution/Trainer",
        "execution/openlineage.Run");

    Reply query = fixture.post("/api/v1/lineage/query", "{\"nodes\":[\"artifact:" + model + "\"],\"direction\":\"upstream\","
        + "\"types\":[\"openlineage.Dataset\"],\"page_size\":2}");
    assertThat(query.status()).isEqualTo(200);
    assertThat(refs(query.json().get("nodes"))).containsExactly("artifact:" + model, "artifact:" + featureVersion);
    assertThat(query.json().get("next_page_token")).isNotNull();
  }

  @Test
  void badQueriesAreProblems() {
    Reply unknown = fixture.get("/api/v1/lineage?node=artifact:12345");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).contains("application/problem+json");
    assertThat(unknown.json().get("code").asText()).isEqualTo("NOT_FOUND");

    Reply etl = fixture.post("/api/v1/lineage", run(newRunId(), "COMPLETE", "2026-03-01T08:00:00Z", "ns", "j",
        List.of(), List.of(dataset("ns", "t"))));
    long id = etl.json().get("artifact_ids").get(0).asLong();
    Reply tooDeep = fixture.get("/api/v1/lineage?node=artifact:" + id + "&depth=100000");
    assertThat(tooDeep.status()).isEqualTo(400);
    assertThat(tooDeep.json().get("detail").asText()).contains("1000").contains("lineage.max-depth");

    assertThat(fixture.get("/api/v1/lineage?node=artifact:" + id + "&direction=sideways").status()).isEqualTo(400);
    Reply collection = fixture.get("/api/v1/lineage?node=datasets/churn:v3");
    assertThat(collection.status()).isEqualTo(404);
    assertThat(collection.json().get("detail").asText()).contains("datasets/churn");
    assertThat(fixture.get("/api/v1/lineage?namespace=nope&name=nothing").status()).isEqualTo(404);
    assertThat(fixture.get("/api/v1/lineage").status()).isEqualTo(400);
    // ".." in a query value reaches the service (Armeria would refuse it as plain text) and gets a problem.
    Reply dots = fixture.get("/api/v1/lineage?node=datasets/../x:v1");
    assertThat(dots.status()).isEqualTo(400);
    assertThat(dots.contentType()).contains("application/problem+json");
    assertThat(dots.json().get("detail").asText()).contains("collection name");
    Reply notANumber = fixture.get("/api/v1/lineage?node=artifact:" + id + "&depth=deep");
    assertThat(notANumber.status()).isEqualTo(400);
    assertThat(notANumber.json().get("detail").asText()).isEqualTo("parameter 'depth': 'deep' is not a valid number");
  }

  @Test
  void theOpenApiDocumentDescribesTheLineageArtifactAndGraphEndpoints() {
    var http = java.net.http.HttpClient.newHttpClient();
    try {
      var response = http.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(fixture.base + "/api/v1/openapi.yaml")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).startsWith("openapi: 3").contains("/lineage/batch:", "/lineage/impact:",
          "/lineage/paths:", "/lineage/query:");
      // The artifact store and the rest of the graph API are described too.
      assertThat(response.body()).contains("/blobs/{sha256}:", "/blobs/batch:", "/blobs/fetch:",
          "/collections/{collection}/uploads:", "/uploads/{id}/commit:", "/collections/{collection}/versions/{selector}:",
          "/collections/{collection}/versions/{selector}/files/{path}:", "/collections/{collection}/aliases/{alias}:",
          "/collections/{collection}/retention:", "/resolve:", "/gc:", "/verify:", "/types/{kind}/{name}:",
          "/{kind}/batch:", "/contexts/{id}/members:", "/contexts/{id}/children:");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
