package dev.pedigree.server.openlineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.model.Execution;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.Node;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import dev.pedigree.server.openlineage.ServerFixture.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays events shaped like the OpenLineage consumer scenarios (start then complete, column
 * lineage, nanosecond and zone-less timestamps, unicode names, a large event, custom facets) and
 * checks that every facet comes back exactly as sent.
 */
class ConsumerScenarioReplayTest {
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

  static ObjectNode facet(String schema) {
    ObjectNode facet = ServerFixture.JSON.createObjectNode();
    facet.put("_producer", "https://github.com/example/producer/v1");
    facet.put("_schemaURL", "https://openlineage.io/spec/facets/" + schema);
    return facet;
  }

  static ObjectNode dataset(String namespace, String name, int columns) {
    ObjectNode dataset = ServerFixture.JSON.createObjectNode();
    dataset.put("namespace", namespace);
    dataset.put("name", name);
    ObjectNode facets = dataset.putObject("facets");
    ObjectNode schema = facet("1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet");
    ArrayNode fields = schema.putArray("fields");
    for (int i = 0; i < columns; i++) {
      fields.addObject().put("name", "col_" + i + "_名前").put("type", i % 2 == 0 ? "VARCHAR" : "BIGINT")
          .put("description", "column number " + i + " with a longer description to make the event realistic");
    }
    facets.set("schema", schema);
    return dataset;
  }

  static ObjectNode runEvent(String type, String time, String runId, String jobNamespace, String job,
      List<ObjectNode> inputs, List<ObjectNode> outputs) {
    ObjectNode event = ServerFixture.JSON.createObjectNode();
    event.put("eventType", type);
    event.put("eventTime", time);
    event.put("producer", "https://github.com/example/producer/v1");
    event.put("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent");
    event.putObject("run").put("runId", runId).putObject("facets")
        .set("acme_runStats", facet("custom").put("rows", 12345678901L).put("ratio", 0.125)
            .set("nested", ServerFixture.JSON.createObjectNode().putArray("list").add(1).add("two").add(true)));
    ObjectNode jobNode = event.putObject("job");
    jobNode.put("namespace", jobNamespace).put("name", job);
    jobNode.putObject("facets").set("jobType", facet("2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet")
        .put("processingType", "BATCH").put("integration", "SPARK").put("jobType", "JOB"));
    event.putArray("inputs").addAll(inputs);
    event.putArray("outputs").addAll(outputs);
    event.put("unknownTopLevelField", "tolerated");
    return event;
  }

  static void columnLineage(ObjectNode output, ObjectNode input, int columns) {
    ObjectNode lineage = facet("1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet");
    ObjectNode fields = lineage.putObject("fields");
    for (int i = 0; i < columns; i++) {
      ArrayNode inputFields = fields.putObject("col_" + i + "_名前").putArray("inputFields");
      ObjectNode from = inputFields.addObject().put("namespace", input.get("namespace").asText())
          .put("name", input.get("name").asText()).put("field", "col_" + i + "_名前");
      from.putArray("transformations").addObject().put("type", "DIRECT").put("subtype", "IDENTITY")
          .put("description", "").put("masking", false);
    }
    lineage.putArray("dataset").addObject().put("namespace", input.get("namespace").asText())
        .put("name", input.get("name").asText()).put("field", "col_0_名前").putArray("transformations")
        .addObject().put("type", "INDIRECT").put("subtype", "FILTER");
    ((ObjectNode) output.get("facets")).set("columnLineage", lineage);
  }

  @Test
  void consumerScenarioEventsIngestWithoutLoss() throws Exception {
    List<ObjectNode> sent = new ArrayList<>();
    String sparkRun = UUID.randomUUID().toString();
    ObjectNode raw = dataset("gs://bucket-ü", "raw/events/2026/02/03", 10);
    ObjectNode clean = dataset("bigquery", "project.dataset.清洁_table", 10);
    columnLineage(clean, raw, 10);
    sent.add(runEvent("START", "2026-02-03T04:05:06.123456789Z", sparkRun, "spark://cluster", "etl.clean_📦",
        List.of(raw), List.of()));
    sent.add(runEvent("COMPLETE", "2026-02-03T04:15:06.987654321+01:00", sparkRun, "spark://cluster", "etl.clean_📦",
        List.of(raw), List.of(clean)));
    String airflowRun = UUID.randomUUID().toString();
    ObjectNode report = dataset("bigquery", "project.dataset.report", 10);
    sent.add(runEvent("START", "2026-02-03T05:00:00.000001", airflowRun, "airflow://prod", "dag.task", List.of(clean),
        List.of()));
    sent.add(runEvent("COMPLETE", "2026-02-03T05:01:00.000001", airflowRun, "airflow://prod", "dag.task",
        List.of(clean), List.of(report)));
    String bigRun = UUID.randomUUID().toString();
    ObjectNode wide = dataset("s3://warehouse", "wide_table", 3000);
    ObjectNode wideOut = dataset("s3://warehouse", "wide_table_out", 3000);
    columnLineage(wideOut, wide, 3000);
    sent.add(runEvent("COMPLETE", "2026-02-03T06:00:00Z", bigRun, "spark://cluster", "wide", List.of(wide),
        List.of(wideOut)));
    assertThat(sent.get(4).toString().length()).isGreaterThan(1_000_000);

    for (ObjectNode event : sent) {
      Reply reply = fixture.post("/api/v1/lineage", event.toString());
      assertThat(reply.status()).as(String.valueOf(reply.json())).isEqualTo(200);
    }
    // Replaying the whole scenario again changes nothing.
    long artifacts = fixture.server.metadata().countNodes(TypeKind.ARTIFACT);
    for (ObjectNode event : sent) {
      assertThat(fixture.post("/api/v1/lineage", event.toString()).json().get("duplicate").asBoolean()).isTrue();
    }
    assertThat(fixture.server.metadata().countNodes(TypeKind.ARTIFACT)).isEqualTo(artifacts);

    Node spark = fixture.server.metadata().nodeByTypeAndName(TypeKind.EXECUTION, "openlineage.Run", null, sparkRun)
        .orElseThrow();
    assertThat(((Execution) spark).lastKnownState()).isEqualTo(ExecutionState.COMPLETE);
    assertSameJson(spark.customProperties().get("facet.acme_runStats"),
        sent.get(1).get("run").get("facets").get("acme_runStats"));

    Reply up = fixture.get("/api/v1/lineage?direction=upstream&namespace=bigquery&name=project.dataset.report");
    List<String> names = new ArrayList<>();
    up.json().get("nodes").forEach(node -> names.add(node.get("name").asText()));
    assertThat(names).contains("bigquery/project.dataset.清洁_table@v1", "gs://bucket-ü/raw/events/2026/02/03@v1");

    for (int i : new int[] {1, 4}) {
      JsonNode output = sent.get(i).get("outputs").get(0);
      JsonNode stored = storedDataset(output.get("namespace").asText(), output.get("name").asText());
      for (Iterator<Map.Entry<String, JsonNode>> it = output.get("facets").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> facet = it.next();
        assertThat(stored.get(facet.getKey())).as(facet.getKey()).isEqualTo(facet.getValue());
      }
    }
  }

  private JsonNode storedDataset(String namespace, String name) throws Exception {
    Reply up = fixture.get("/api/v1/lineage?depth=0&namespace=" + java.net.URLEncoder.encode(namespace, "UTF-8")
        + "&name=" + java.net.URLEncoder.encode(name, "UTF-8"));
    long id = up.json().get("nodes").get(0).get("id").asLong();
    Node node = fixture.server.metadata().node(TypeKind.ARTIFACT, id);
    ObjectNode facets = ServerFixture.JSON.createObjectNode();
    node.customProperties().forEach((key, value) -> {
      if (key.startsWith("facet.")) {
        try {
          facets.set(key.substring("facet.".length()), ServerFixture.JSON.readTree(((Value.StructValue) value).json()));
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
    });
    return facets;
  }

  private static void assertSameJson(Value stored, JsonNode sent) throws Exception {
    assertThat(ServerFixture.JSON.readTree(((Value.StructValue) stored).json())).isEqualTo(sent);
  }
}
