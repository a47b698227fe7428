package dev.pedigree.server.openlineage;

import static dev.pedigree.server.openlineage.Events.dataset;
import static dev.pedigree.server.openlineage.Events.newRunId;
import static dev.pedigree.server.openlineage.Events.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.server.openlineage.ServerFixture.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Marquez's lineage read over the graph OpenLineage events built (once: the tests only read). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarquezLineageTest {
  private static final String PG = "postgres://db:5432";
  private static final String RAW = "dataset:" + PG + ":public.raw";
  private static final String STAGED = "dataset:" + PG + ":public.staged";
  private static final String FEATURES = "dataset:s3://lake:features";
  private static final String MODEL = "dataset:models:churn";

  @TempDir static Path dir;
  ServerFixture fixture;

  @BeforeAll
  void start() {
    fixture = new ServerFixture(dir);
    // extract: raw -> staged (two runs); transform: staged -> features; train: features -> model;
    // backfill: features -> staged, which closes a cycle.
    for (String time : List.of("2026-01-01T10:00:00Z", "2026-01-02T10:00:00Z")) {
      complete("airflow", "etl.extract", time, List.of(dataset(PG, "public.raw")), List.of(dataset(PG, "public.staged")));
    }
    complete("airflow", "etl.transform", "2026-01-02T11:00:00Z", List.of(dataset(PG, "public.staged")),
        List.of(dataset("s3://lake", "features")));
    complete("ml", "train", "2026-01-02T12:00:00Z", List.of(dataset("s3://lake", "features")),
        List.of(dataset("models", "churn")));
    complete("airflow", "backfill", "2026-01-02T13:00:00Z", List.of(dataset("s3://lake", "features")),
        List.of(dataset(PG, "public.staged")));
    String failed = newRunId();
    post(run(failed, "START", "2026-01-03T10:00:00Z", "ml", "train", List.of(dataset("s3://lake", "features")),
        List.of()));
    post(run(failed, "FAIL", "2026-01-03T10:01:00Z", "ml", "train", List.of(), List.of()));
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @Test
  void aDatasetsGraphFoldsRunsIntoJobsAndVersionsIntoDatasetsInMarquezShape() {
    Reply reply = lineage(STAGED, "&depth=20");
    assertThat(reply.status()).isEqualTo(200);
    Map<String, JsonNode> nodes = nodes(reply);
    assertThat(nodes).containsOnlyKeys(RAW, STAGED, FEATURES, MODEL, "job:airflow:etl.extract",
        "job:airflow:etl.transform", "job:airflow:backfill", "job:ml:train");
    assertThat(reply.json().path("truncated").asBoolean()).isFalse();

    JsonNode staged = nodes.get(STAGED);
    assertThat(staged.path("type").asText()).isEqualTo("DATASET");
    assertThat(edges(staged, "inEdges", "origin")).containsExactlyInAnyOrder("job:airflow:etl.extract",
        "job:airflow:backfill");
    assertThat(edges(staged, "outEdges", "destination")).containsExactly("job:airflow:etl.transform");
    assertThat(staged.path("inEdges").get(0).path("destination").asText()).isEqualTo(STAGED);
    JsonNode data = staged.path("data");
    assertThat(data.path("id").path("namespace").asText()).isEqualTo(PG);
    assertThat(data.path("id").path("name").asText()).isEqualTo("public.staged");
    assertThat(data.path("versionCount").asLong()).as("two extract runs and a backfill").isEqualTo(3);
    assertThat(data.path("fields").get(0).path("name").asText()).isEqualTo("id");
    assertThat(data.path("facets").path("schema").path("fields")).hasSize(1);

    JsonNode train = nodes.get("job:ml:train").path("data");
    assertThat(nodes.get("job:ml:train").path("type").asText()).isEqualTo("JOB");
    assertThat(train.path("inputs").get(0).path("name").asText()).isEqualTo("features");
    assertThat(train.path("outputs").get(0).path("name").asText()).isEqualTo("churn");
    assertThat(train.path("latestRun").path("state").asText()).as("the newest run failed").isEqualTo("FAILED");
    assertThat(nodes.get("job:airflow:etl.transform").path("data").path("latestRun").path("state").asText())
        .isEqualTo("COMPLETED");
  }

  @Test
  void depthCountsEdgesAndJobsAtTheEdgeStillListAllTheirInputsAndOutputs() {
    Map<String, JsonNode> nodes = nodes(lineage(STAGED, "&depth=1"));
    assertThat(nodes).containsOnlyKeys(STAGED, "job:airflow:etl.extract", "job:airflow:etl.transform",
        "job:airflow:backfill");
    JsonNode extract = nodes.get("job:airflow:etl.extract");
    assertThat(extract.path("data").path("inputs").get(0).path("name").asText()).isEqualTo("public.raw");
    assertThat(extract.path("inEdges")).as("raw is not in the graph").isEmpty();
    assertThat(nodes(lineage(STAGED, "&depth=0"))).containsOnlyKeys(STAGED);

    Map<String, JsonNode> fromJob = nodes(lineage("job:ml:train", "&depth=1"));
    assertThat(fromJob).containsOnlyKeys("job:ml:train", FEATURES, MODEL);
  }

  @Test
  void aCappedGraphSaysItIsTruncated() {
    Reply reply = lineage(STAGED, "&max_nodes=3");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().path("graph")).hasSize(3);
    assertThat(reply.json().path("truncated").asBoolean()).isTrue();
  }

  @Test
  void badNodeIdsAreAnsweredWithTheReason() {
    assertThat(lineage("dataset:" + PG + ":public.missing", "").status()).isEqualTo(404);
    Reply kind = lineage("run:abc", "");
    assertThat(kind.status()).isEqualTo(400);
    assertThat(kind.json().path("detail").asText()).contains("dataset:NAMESPACE:NAME");
    Reply deep = lineage(STAGED, "&depth=100000");
    assertThat(deep.status()).isEqualTo(400);
    assertThat(deep.json().path("detail").asText()).contains("lineage.max-depth");
    // The native walk is still where it was.
    assertThat(fixture.get("/api/v1/lineage?namespace=" + enc(PG) + "&name=public.staged").json().has("nodes"))
        .isTrue();
  }

  private void complete(String namespace, String job, String time, List<String> inputs, List<String> outputs) {
    String runId = newRunId();
    post(run(runId, "START", time, namespace, job, inputs, List.of()));
    post(run(runId, "COMPLETE", time, namespace, job, inputs, outputs));
  }

  private void post(String event) {
    assertThat(fixture.post("/api/v1/lineage", event).status()).isEqualTo(200);
  }

  private Reply lineage(String nodeId, String more) {
    return fixture.get("/api/v1/lineage?nodeId=" + enc(nodeId) + more);
  }

  private static Map<String, JsonNode> nodes(Reply reply) {
    Map<String, JsonNode> nodes = new HashMap<>();
    reply.json().path("graph").forEach(node -> nodes.put(node.path("id").asText(), node));
    return nodes;
  }

  private static List<String> edges(JsonNode node, String side, String end) {
    List<String> ids = new ArrayList<>();
    node.path(side).forEach(edge -> ids.add(edge.path(end).asText()));
    return ids;
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
