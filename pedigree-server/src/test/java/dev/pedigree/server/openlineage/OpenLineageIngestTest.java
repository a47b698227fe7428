package dev.pedigree.server.openlineage;

import static dev.pedigree.server.openlineage.Events.dataset;
import static dev.pedigree.server.openlineage.Events.newRunId;
import static dev.pedigree.server.openlineage.Events.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.model.Artifact;
import dev.pedigree.model.ArtifactState;
import dev.pedigree.model.Execution;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.TypeKind;
import dev.pedigree.server.openlineage.ServerFixture.Reply;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenLineageIngestTest {
  @TempDir Path dir;
  ServerFixture fixture;

  @BeforeEach
  void start() {
    fixture = new ServerFixture(dir, null, 64 * 1024);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  long count(TypeKind kind) {
    return fixture.server.metadata().countNodes(kind);
  }

  @Test
  void aRunEventBecomesAnExecutionWithVersionedDatasets() {
    String runId = newRunId();
    Reply start = fixture.post("/api/v1/lineage", run(runId, "START", "2026-01-01T10:00:00.123456789Z", "ns", "job",
        List.of(dataset("pg://db", "public.raw")), List.of()));
    assertThat(start.status()).isEqualTo(200);
    Reply complete = fixture.post("/api/v1/lineage", run(runId, "COMPLETE", "2026-01-01T10:05:00Z", "ns", "job",
        List.of(dataset("pg://db", "public.raw")), List.of(dataset("pg://db", "public.clean"))));
    assertThat(complete.status()).isEqualTo(200);
    long execution = complete.json().get("execution_id").asLong();
    assertThat(start.json().get("execution_id").asLong()).isEqualTo(execution);
    Execution stored = (Execution) fixture.server.metadata().node(TypeKind.EXECUTION, execution);
    assertThat(stored.lastKnownState()).isEqualTo(ExecutionState.COMPLETE);
    assertThat(stored.typeName()).isEqualTo("openlineage.Run");
    assertThat(fixture.server.metadata().eventsByExecutions(List.of(execution))).hasSize(2);

    Reply lineage = fixture.get("/api/v1/lineage?namespace=pg://db&name=public.clean&direction=upstream");
    assertThat(lineage.status()).isEqualTo(200);
    assertThat(lineage.json().get("nodes")).hasSize(3);
  }

  @Test
  void theSameEventTwiceIsIngestedOnce() {
    String event = run(newRunId(), "COMPLETE", "2026-01-01T10:00:00Z", "ns", "job",
        List.of(dataset("s3://b", "in")), List.of(dataset("s3://b", "out")));
    assertThat(fixture.post("/api/v1/lineage", event).json().get("duplicate").asBoolean()).isFalse();
    long artifacts = count(TypeKind.ARTIFACT);
    long executions = count(TypeKind.EXECUTION);
    Reply again = fixture.postGzip("/api/v1/lineage", event, null);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("duplicate").asBoolean()).isTrue();
    assertThat(count(TypeKind.ARTIFACT)).isEqualTo(artifacts);
    assertThat(count(TypeKind.EXECUTION)).isEqualTo(executions);
  }

  @Test
  void aDroppedOutputDatasetIsADeletedVersion() {
    String dropped = "{\"namespace\":\"pg://db\",\"name\":\"public.old\",\"facets\":{\"lifecycleStateChange\":"
        + "{\"_producer\":\"p\",\"_schemaURL\":\"https://openlineage.io/spec/facets/1-0-1/"
        + "LifecycleStateChangeDatasetFacet.json\",\"lifecycleStateChange\":\"DROP\"}}}";
    Reply reply = fixture.post("/api/v1/lineage", run(newRunId(), "COMPLETE", "2026-01-01T10:00:00Z", "ns", "drop",
        List.of(), List.of(dropped, dataset("pg://db", "public.kept"))));
    assertThat(reply.status()).isEqualTo(200);
    var ids = reply.json().get("artifact_ids");
    assertThat(((Artifact) fixture.server.metadata().node(TypeKind.ARTIFACT, ids.get(0).asLong())).state())
        .isEqualTo(ArtifactState.DELETED);
    assertThat(((Artifact) fixture.server.metadata().node(TypeKind.ARTIFACT, ids.get(1).asLong())).state())
        .isEqualTo(ArtifactState.LIVE);
  }

  @Test
  void malformedEventsAre400NamingTheFieldAndLeaveNothingBehind() {
    long before = count(TypeKind.EXECUTION);
    String good = run(newRunId(), "START", "2026-01-01T10:00:00Z", "ns", "job", List.of(), List.of());
    Reply missingRunId = fixture.post("/api/v1/lineage", good.replaceFirst("\"runId\":\"[^\"]+\",", ""));
    assertThat(missingRunId.status()).isEqualTo(400);
    assertThat(missingRunId.json().get("detail").asText()).contains("run.runId");
    assertThat(missingRunId.contentType()).contains("application/problem+json");

    Reply badTime = fixture.post("/api/v1/lineage", good.replace("2026-01-01T10:00:00Z", "yesterday"));
    assertThat(badTime.status()).isEqualTo(400);
    assertThat(badTime.json().get("detail").asText()).contains("eventTime");

    Reply badRunId = fixture.post("/api/v1/lineage", good.replaceFirst("\"runId\":\"[^\"]+\"", "\"runId\":42"));
    assertThat(badRunId.status()).isEqualTo(400);
    assertThat(badRunId.json().get("detail").asText()).contains("run.runId");

    Reply wrongType = fixture.post("/api/v1/lineage", good.replace("\"inputs\":[]", "\"inputs\":{}"));
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.json().get("detail").asText()).contains("inputs");

    Reply badDataset = fixture.post("/api/v1/lineage", good.replace("\"outputs\":[]", "\"outputs\":[{\"namespace\":\"x\"}]"));
    assertThat(badDataset.status()).isEqualTo(400);
    assertThat(badDataset.json().get("detail").asText()).contains("outputs[0].name");

    Reply notUuid = fixture.post("/api/v1/lineage", good.replaceFirst("\"runId\":\"[^\"]+\"", "\"runId\":\"run-1\""));
    assertThat(notUuid.status()).isEqualTo(400);
    assertThat(notUuid.json().get("detail").asText()).contains("run.runId");

    Reply badEventType = fixture.post("/api/v1/lineage", good.replace("\"START\"", "\"STARTED\""));
    assertThat(badEventType.status()).isEqualTo(400);
    assertThat(badEventType.json().get("detail").asText()).contains("eventType", "STARTED");

    Reply badProducer = fixture.post("/api/v1/lineage", good.replace("https://example.com/test", "not a uri"));
    assertThat(badProducer.status()).isEqualTo(400);
    assertThat(badProducer.json().get("detail").asText()).contains("producer");

    String withFacet = run(newRunId(), "START", "2026-01-01T10:00:00Z", "ns", "job", List.of(),
        List.of(dataset("s3://b", "out")));
    Reply badFacet = fixture.post("/api/v1/lineage", withFacet.replace("\"_producer\":\"p\"", "\"_producer\":7"));
    assertThat(badFacet.status()).isEqualTo(400);
    assertThat(badFacet.json().get("detail").asText()).contains("outputs[0].facets.schema._producer");

    Reply badDeleted = fixture.post("/api/v1/lineage", withFacet.replace("\"_producer\":\"p\"",
        "\"_producer\":\"p\",\"_deleted\":\"maybe\""));
    assertThat(badDeleted.status()).isEqualTo(400);
    assertThat(badDeleted.json().get("detail").asText()).contains("outputs[0].facets.schema._deleted");

    Reply runMissing = fixture.post("/api/v1/lineage",
        good.replaceFirst("\"run\":\\{\"runId\":\"[^\"]+\",\"facets\":\\{}},", ""));
    assertThat(runMissing.status()).as(runMissing.json().toString()).isEqualTo(400);
    assertThat(runMissing.json().get("detail").asText()).contains("'run' is required");

    Reply badParent = fixture.post("/api/v1/lineage", good.replace("\"facets\":{}},\"job\"",
        "\"facets\":{\"parent\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"run\":{\"runId\":\"not-a-uuid\"},"
            + "\"job\":{\"namespace\":\"ns\",\"name\":\"parent\"}}}},\"job\""));
    assertThat(badParent.status()).as(badParent.json().toString()).isEqualTo(400);
    assertThat(badParent.json().get("detail").asText()).contains("run.facets.parent.run.runId");

    String deep = "[".repeat(5000) + "]".repeat(5000);
    Reply tooDeep = fixture.post("/api/v1/lineage", good.replace("\"inputs\":[]", "\"deep\":" + deep + ",\"inputs\":[]"));
    assertThat(tooDeep.status()).as(tooDeep.json().toString()).isEqualTo(400);
    assertThat(tooDeep.json().get("detail").asText()).contains("malformed JSON", "nesting");

    assertThat(fixture.post("/api/v1/lineage", "{not json").status()).isEqualTo(400);
    assertThat(count(TypeKind.EXECUTION)).isEqualTo(before);
    assertThat(count(TypeKind.ARTIFACT)).isZero();
  }

  @Test
  void bodiesOverTheLimitAre413EvenWhenCompressed() {
    String padding = "x".repeat(200 * 1024);
    String huge = run(newRunId(), "START", "2026-01-01T10:00:00Z", "ns", padding, List.of(), List.of());
    Reply plain = fixture.post("/api/v1/lineage", huge);
    assertThat(plain.status()).isEqualTo(413);
    Reply gzipped = fixture.postGzip("/api/v1/lineage", huge, null);
    assertThat(gzipped.status()).isEqualTo(413);
    assertThat(gzipped.json().get("code").asText()).isEqualTo("TOO_LARGE");
  }

  @Test
  void batchReportsPartialSuccessByIndexAndAppliesTheGoodEvents() {
    String runId = newRunId();
    String batch = "[" + run(runId, "START", "2026-01-01T10:00:00Z", "ns", "b", List.of(), List.of()) + ","
        + "{\"eventTime\":\"2026-01-01T10:00:00Z\",\"run\":{},\"job\":{\"namespace\":\"ns\",\"name\":\"x\"}},"
        + run(runId, "COMPLETE", "2026-01-01T10:01:00Z", "ns", "b", List.of(), List.of(dataset("ns", "t"))) + "]";
    Reply reply = fixture.post("/api/v1/lineage/batch", batch);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("status").asText()).isEqualTo("partial_success");
    assertThat(reply.json().get("summary").get("received").asInt()).isEqualTo(3);
    assertThat(reply.json().get("summary").get("successful").asInt()).isEqualTo(2);
    assertThat(reply.json().get("summary").get("non_retriable").asInt()).isEqualTo(1);
    assertThat(reply.json().get("failed_events").get(0).get("index").asInt()).isEqualTo(1);
    assertThat(reply.json().get("failed_events").get(0).get("reason").asText()).contains("run.runId");
    assertThat(reply.json().get("failed_events").get(0).get("retriable").asBoolean()).isFalse();
    assertThat(count(TypeKind.EXECUTION)).isEqualTo(1);

    Reply allGood = fixture.postGzip("/api/v1/lineage/batch", "[" + run(newRunId(), "COMPLETE",
        "2026-01-01T11:00:00Z", "ns", "c", List.of(), List.of()) + "]", null);
    assertThat(allGood.json().get("status").asText()).isEqualTo("success");
    assertThat(fixture.post("/api/v1/lineage/batch", "{}").status()).isEqualTo(400);
  }

  @Test
  void datasetAndJobEventsAreAccepted() {
    Reply datasetEvent = fixture.post("/api/v1/lineage", "{\"eventTime\":\"2026-01-01T10:00:00\","
        + "\"producer\":\"p\",\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent\","
        + "\"dataset\":" + dataset("kafka://broker:9092", "tópico-ünicode") + "}");
    assertThat(datasetEvent.status()).isEqualTo(200);
    Reply jobEvent = fixture.post("/api/v1/lineage", "{\"eventTime\":\"2026-01-01T10:00:00Z\","
        + "\"producer\":\"p\",\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent\","
        + "\"job\":{\"namespace\":\"ns\",\"name\":\"static\"},\"inputs\":[" + dataset("kafka://broker:9092", "tópico-ünicode")
        + "],\"outputs\":[" + dataset("s3://b", "sink") + "]}");
    assertThat(jobEvent.status()).isEqualTo(200);
    Reply down = fixture.get("/api/v1/lineage?namespace=kafka://broker:9092&name=t%C3%B3pico-%C3%BCnicode&direction=downstream");
    assertThat(down.json().get("nodes")).hasSize(3);
    assertThat(down.json().get("edges").get(0).get("type").asText()).isEqualTo("DECLARED_INPUT");
  }

  @Test
  void anApiKeyWhenConfiguredIsRequired() {
    fixture.close();
    fixture = new ServerFixture(dir.resolve("keyed"), "s3cret", 64 * 1024);
    String event = run(newRunId(), "START", "2026-01-01T10:00:00Z", "ns", "job", List.of(), List.of());
    Reply anonymous = fixture.post("/api/v1/lineage", event);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.json().get("code").asText()).isEqualTo("UNAUTHENTICATED");
    assertThat(fixture.postWithKey("/api/v1/lineage", event, "wrong").status()).isEqualTo(401);
    assertThat(fixture.postWithKey("/api/v1/lineage", event, "s3cret").status()).isEqualTo(200);
    assertThat(fixture.postGzip("/api/v1/lineage/batch", "[" + event + "]", "s3cret").status()).isEqualTo(200);
  }
}
