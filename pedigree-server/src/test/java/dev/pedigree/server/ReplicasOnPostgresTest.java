package dev.pedigree.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.server.testing.TestServer;
import dev.pedigree.server.testing.TestServer.Response;
import dev.pedigree.store.jdbc.PostgresMetadataStore;
import dev.pedigree.store.jdbc.PostgresOptions;
import dev.pedigree.store.testing.TestPostgres;
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
    int callers = 8;
    CyclicBarrier start = new CyclicBarrier(callers);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        TestServer replica = i % 2 == 0 ? a : b;
        calls.add(() -> {
          start.await(30, TimeUnit.SECONDS);
          return replica.post("/api/v1/artifacts", "{\"type\":\"Dataset\",\"name\":\"contested\"}").status();
        });
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> future : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
        statuses.add(future.get());
      }
      assertThat(statuses).containsOnlyOnce(201);
      assertThat(statuses).filteredOn(s -> s != 201).containsOnly(409);
    } finally {
      pool.shutdownNow();
    }
    assertThat(a.get("/api/v1/artifacts?type=Dataset").json().path("artifacts")).hasSize(1);
    assertThat(b.get("/api/v1/artifacts?type=Dataset").json().path("artifacts")).hasSize(1);
  }
}
