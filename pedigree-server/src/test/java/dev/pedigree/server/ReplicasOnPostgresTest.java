package dev.pedigree.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.model.artifact.FileEntry;
import dev.pedigree.model.artifact.Manifest;
import dev.pedigree.model.artifact.Sha256;
import dev.pedigree.server.testing.TestServer;
import dev.pedigree.server.testing.TestServer.Response;
import dev.pedigree.store.jdbc.PostgresMetadataStore;
import dev.pedigree.store.jdbc.PostgresOptions;
import dev.pedigree.store.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two stateless servers on two ports sharing one PostgreSQL database behave as one. */
class ReplicasOnPostgresTest {
  @TempDir Path dir;
  TestServer a;
  TestServer b;

  @BeforeEach
  void start() {
    TestPostgres postgres = TestPostgres.shared();
    String database = postgres.createDatabase();
    PostgresOptions options = PostgresOptions.defaults().withPools(4, 4);
    a = TestServer.start(dir.resolve("a"), PostgresMetadataStore.open(postgres.jdbcUrl(database), null, null, options));
    b = TestServer.start(dir.resolve("b"), PostgresMetadataStore.open(postgres.jdbcUrl(database), null, null, options));
    assertThat(a.server().port()).isNotEqualTo(b.server().port());
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  @Test
  void aWriteThroughOneReplicaIsReadThroughTheOther() {
    assertThat(a.post("/api/v1/types/artifact", "{\"name\":\"Dataset\",\"properties\":{\"rows\":\"INT\"}}").status())
        .isEqualTo(200);
    Response created = b.post("/api/v1/artifacts",
        "{\"type\":\"Dataset\",\"name\":\"churn\",\"uri\":\"s3://d/churn\",\"properties\":{\"rows\":7}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    long id = created.json().path("id").asLong();
    assertThat(a.get("/api/v1/artifacts/" + id).json().path("properties").path("rows").asLong()).isEqualTo(7);
    assertThat(a.post("/api/v1/artifacts", "{\"type\":\"Dataset\",\"name\":\"churn\"}").status()).isEqualTo(409);
    assertThat(a.get("/version").json().path("database").asText()).isEqualTo("postgresql");
  }

  @Test
  void racingCreatesThroughBothReplicasHaveOneWinnerAndBothSeeIt() throws Exception {
    a.post("/api/v1/types/artifact", "{\"name\":\"Dataset\"}");
    List<Integer> statuses = atOnce(8, i -> (i % 2 == 0 ? a : b)
        .post("/api/v1/artifacts", "{\"type\":\"Dataset\",\"name\":\"contested\"}").status());
    assertThat(statuses).containsOnlyOnce(201);
    assertThat(statuses).filteredOn(s -> s != 201).containsOnly(409);
    assertThat(a.get("/api/v1/artifacts?type=Dataset").json().path("artifacts")).hasSize(1);
    assertThat(b.get("/api/v1/artifacts?type=Dataset").json().path("artifacts")).hasSize(1);
  }

  @Test
  void artifactVersionsAliasesDeletionAndRetentionWorkOnPostgres() {
    for (int i = 1; i <= 4; i++) {
      assertThat(commit("pg/c", "content " + i).path("version").asInt()).isEqualTo(i);
    }
    assertThat(a.put("/api/v1/collections/pg/c/aliases/production", "{\"version\": 1}").status()).isEqualTo(200);
    Response aliased = a.send(HttpRequest.newBuilder(URI.create(a.baseUrl() + "/api/v1/collections/pg/c/versions/v1"))
        .DELETE());
    assertThat(aliased.status()).isEqualTo(412);
    assertThat(aliased.body()).contains("alias 'production'");
    assertThat(a.send(HttpRequest.newBuilder(URI.create(a.baseUrl() + "/api/v1/collections/pg/c/versions/v2"))
        .DELETE()).status()).isEqualTo(200);
    assertThat(b.get("/api/v1/collections/pg/c/versions/v2").body()).contains("was deleted by");

    assertThat(a.put("/api/v1/collections/pg/c/retention", "{\"keep_last\": 1}").status()).isEqualTo(200);
    Response dry = a.post("/api/v1/gc?grace_seconds=0", "{}");
    assertThat(dry.json().path("deleted_versions").toString()).isEqualTo("[\"pg/c:v3\"]");
    assertThat(dry.json().path("freed_blobs").asLong()).isEqualTo(4); // file and manifest of v2 and of v3
    Response gc = a.post("/api/v1/gc?dry_run=false&grace_seconds=0", "{}");
    assertThat(gc.json().path("freed_blobs").asLong()).isEqualTo(4);
    assertThat(b.get("/api/v1/collections/pg/c/versions").json().path("versions").findValuesAsText("name"))
        .containsExactly("v1", "v4");
    assertThat(commit("pg/c", "content 5").path("version").asInt()).isEqualTo(5);
  }

  @Test
  void concurrentPushesToOneNewCollectionAllCommitWithConsecutiveVersions() throws Exception {
    int pushes = 6;
    assertThat(atOnce(pushes, i -> commit("pg/contested", "concurrent content " + i).path("version").asInt()))
        .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
    assertThat(b.get("/api/v1/collections/pg/contested/versions").json().path("versions").findValuesAsText("name"))
        .hasSize(pushes);
  }

  @Test
  void concurrentAliasMovesRecordEachTheVersionItReallyReplaced() throws Exception {
    for (int i = 1; i <= 3; i++) {
      commit("pg/moves", "moving " + i);
    }
    assertThat(atOnce(8, i -> (i % 2 == 0 ? a : b).put("/api/v1/collections/pg/moves/aliases/production",
        "{\"version\": " + (i % 3 + 1) + "}").status())).containsOnly(200);
    // Applied one after another, each change starts where the one before it ended.
    List<JsonNode> history = new ArrayList<>();
    a.get("/api/v1/collections/pg/moves/alias-history?alias=production").json().path("history").forEach(history::add);
    if (!history.get(0).path("from_version").isNull()) {
      java.util.Collections.reverse(history);
    }
    assertThat(history.get(0).path("from_version").isNull()).isTrue();
    for (int i = 1; i < history.size(); i++) {
      assertThat(history.get(i).path("from_version").asInt()).as("change " + i)
          .isEqualTo(history.get(i - 1).path("to_version").asInt());
    }
  }

  /** Runs {@code call(0..n-1)} on n threads released together; their results in order. */
  private static <T> List<T> atOnce(int n, java.util.function.IntFunction<T> call) throws Exception {
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Callable<T>> calls = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        calls.add(() -> {
          start.await(30, TimeUnit.SECONDS);
          return call.apply(index);
        });
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : pool.invokeAll(calls, 120, TimeUnit.SECONDS)) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Pushes one file through the upload protocol of server {@code a} and returns the committed version. */
  private JsonNode commit(String collection, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    Manifest manifest = Manifest.of(FileEntry.of("f", bytes.length, Sha256.hash(bytes)));
    putBlob(bytes);
    putBlob(manifest.toBytes());
    Response upload = a.post("/api/v1/collections/" + collection + "/uploads",
        "{\"manifest\": \"" + manifest.digest().hex() + "\"}");
    assertThat(upload.status()).as(upload.body()).isEqualTo(201);
    Response commit = a.post("/api/v1/uploads/" + upload.json().path("upload_id").asText() + "/commit", "{}");
    assertThat(commit.status()).as(commit.body()).isEqualTo(200);
    return commit.json().path("version");
  }

  private void putBlob(byte[] bytes) {
    Response put = a.send(HttpRequest.newBuilder(URI.create(a.baseUrl() + "/api/v1/blobs/" + Sha256.hash(bytes).hex()))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    assertThat(put.status()).as(put.body()).isIn(200, 201);
  }
}
