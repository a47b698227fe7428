package dev.pedigree.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.model.Artifact;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.Event;
import dev.pedigree.model.EventType;
import dev.pedigree.model.Execution;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.NodeQuery;
import dev.pedigree.store.testing.TestPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the PostgreSQL store behaves when the database is away, misnamed, or newer than the code. */
class PostgresStoreFaultsTest {
  private static final PostgresOptions FAST = PostgresOptions.defaults().withPools(4, 2)
      .withConnectAttempts(1, Duration.ZERO).withConnectionTimeout(Duration.ofSeconds(1));

  @TempDir Path tempDir;

  @Test
  void unreachableAtStartRetriesABoundedNumberOfTimesThenFailsClearly() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/pedigree?user=app&password=s3cret";
    long start = System.nanoTime();
    assertThatThrownBy(() -> PostgresMetadataStore.open(url, null, null,
        FAST.withConnectAttempts(3, Duration.ofMillis(50))))
        .isInstanceOfSatisfying(PedigreeException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
          assertThat(e.getMessage()).startsWith("cannot reach PostgreSQL at postgresql://127.0.0.1:" + port
              + "/pedigree after 3 attempts").doesNotContain("s3cret").doesNotContain("\n");
        });
    // Two waits of 50 and 100 ms between three attempts: well under the default 15 s budget.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150))
        .isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void badUrlsAndCredentialsGiveOneLineNamingTheProblemButNotThePassword() {
    TestPostgres postgres = TestPostgres.shared();
    Map<String, String> env = Map.of();
    assertError(ErrorCode.INVALID_ARGUMENT, "supported: jdbc:sqlite:FILE, jdbc:postgresql://",
        () -> JdbcStores.open("jdbc:mysql://db/pedigree?password=s3cret", env));
    assertError(ErrorCode.INVALID_ARGUMENT, "invalid PostgreSQL URL",
        () -> JdbcStores.open("jdbc:postgresql://db:port/pedigree?password=s3cret", env));
    String base = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/";
    assertError(ErrorCode.INVALID_ARGUMENT, "has no such database",
        () -> JdbcStores.open(base + "missing?user=postgres&password=s3cret", env));
    assertError(ErrorCode.INVALID_ARGUMENT, "rejected the credentials of user 'nobody_here'",
        () -> JdbcStores.open(base + "postgres?user=nobody_here&password=s3cret", env));
    assertError(ErrorCode.INVALID_ARGUMENT, "rejected the credentials of user 'nobody_here'",
        () -> JdbcStores.open(base + "postgres",
            Map.of("PEDIGREE_DB_USER", "nobody_here", "PEDIGREE_DB_PASSWORD", "s3cret")));
  }

  @Test
  void credentialsMayComeFromTheEnvironment() {
    TestPostgres postgres = TestPostgres.shared();
    String database = postgres.createDatabase();
    String url = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database;
    try (MetadataStore store = JdbcStores.open(url, Map.of("PEDIGREE_DB_USER", "postgres"))) {
      assertThat(store.info().database()).isEqualTo("postgresql");
      assertThat(store.info().location()).isEqualTo("postgresql://127.0.0.1:" + postgres.port() + "/" + database);
      assertThat(store.info().schemaVersion()).isEqualTo(Migrations.latestVersion());
    }
  }

  @Test
  void replicasStartingTogetherMigrateOnce() throws Exception {
    TestPostgres postgres = TestPostgres.shared();
    String database = postgres.createDatabase();
    int replicas = 4;
    CyclicBarrier start = new CyclicBarrier(replicas);
    ExecutorService pool = Executors.newFixedThreadPool(replicas);
    List<MetadataStore> stores = new ArrayList<>();
    try {
      List<Future<MetadataStore>> opened = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        opened.add(pool.submit(() -> {
          start.await(30, TimeUnit.SECONDS);
          return PostgresMetadataStore.open(postgres.jdbcUrl(database), null, null, FAST);
        }));
      }
      for (Future<MetadataStore> future : opened) {
        stores.add(future.get(60, TimeUnit.SECONDS));
      }
      assertThat(stores).allSatisfy(s -> assertThat(s.info().schemaVersion()).isEqualTo(Migrations.latestVersion()));
      assertThat(count(postgres.jdbcUrl(database), "SELECT COUNT(*) FROM schema_version"))
          .isEqualTo(Migrations.latestVersion());
    } finally {
      stores.forEach(MetadataStore::close);
      pool.shutdownNow();
    }
  }

  @Test
  void aSchemaNewerThanTheCodeIsRefusedOnPostgres() {
    TestPostgres postgres = TestPostgres.shared();
    String database = postgres.createDatabase();
    PostgresMetadataStore.open(postgres.jdbcUrl(database), null, null, FAST).close();
    postgres.execute(database, "INSERT INTO schema_version (version, description, applied_at) VALUES ("
        + (Migrations.latestVersion() + 1) + ", 'from the future', 0)");
    assertError(ErrorCode.FAILED_PRECONDITION, "is newer than this Pedigree understands",
        () -> PostgresMetadataStore.open(postgres.jdbcUrl(database), null, null, FAST));
  }

  @Test
  void aSchemaNewerThanTheCodeIsRefusedOnSqlite() throws Exception {
    Path file = tempDir.resolve("pedigree.db");
    SqliteMetadataStore.open(file, SqliteOptions.defaults()).close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO schema_version (version, description, applied_at) VALUES ("
          + (Migrations.latestVersion() + 1) + ", 'from the future', 0)");
    }
    assertError(ErrorCode.FAILED_PRECONDITION, "is newer than this Pedigree understands",
        () -> JdbcStores.open("jdbc:sqlite:" + file, Map.of()));
  }

  @Test
  void restartUnderLoadFailsInFlightCallsRetriablyRecoversAndLosesNoAcknowledgedWrite() throws Exception {
    try (TestPostgres postgres = TestPostgres.start(tempDir.resolve("data"))) {
      String database = postgres.createDatabase();
      try (MetadataStore store = PostgresMetadataStore.open(postgres.jdbcUrl(database), null, null, FAST)) {
        long[] typeIds = store.write(tx -> new long[] {
            tx.insertType(NodeType.of(TypeKind.ARTIFACT, "Dataset", Map.of())).requireId(),
            tx.insertType(NodeType.of(TypeKind.EXECUTION, "Trainer", Map.of())).requireId()});
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<ErrorCode, Integer> failures = new ConcurrentHashMap<>();
        List<Throwable> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch beforeStop = new CountDownLatch(30);
        CountDownLatch duringOutage = new CountDownLatch(3);
        CountDownLatch afterRestart = new CountDownLatch(30);
        AtomicBoolean restarted = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        for (int w = 0; w < writers; w++) {
          int writer = w;
          pool.submit(() -> {
            for (int i = 0; running.get(); i++) {
              String key = "w" + writer + "-" + i;
              try {
                writeBatch(store, typeIds, key);
                acknowledged.add(key);
                beforeStop.countDown();
                if (restarted.get()) {
                  afterRestart.countDown();
                }
              } catch (PedigreeException e) {
                failures.merge(e.code(), 1, Integer::sum);
                duringOutage.countDown();
                pause();
              } catch (Throwable t) {
                unexpected.add(t);
                return;
              }
            }
          });
        }
        try {
          assertThat(beforeStop.await(60, TimeUnit.SECONDS)).as("writes before the restart").isTrue();
          postgres.stop();
          assertThat(duringOutage.await(60, TimeUnit.SECONDS)).as("failures during the outage").isTrue();
          postgres.start();
          restarted.set(true);
          assertThat(afterRestart.await(60, TimeUnit.SECONDS)).as("writes after the restart").isTrue();
        } finally {
          running.set(false);
          pool.shutdown();
          assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(unexpected).isEmpty();
        assertThat(failures.keySet()).isNotEmpty().isSubsetOf(ErrorCode.UNAVAILABLE, ErrorCode.ABORTED);

        // Every acknowledged batch is there, and every batch that is there is whole.
        Map<String, Integer> artifactsPerBatch = new HashMap<>();
        Map<String, Integer> eventsPerBatch = new HashMap<>();
        store.read(tx -> {
          List<Node> executions = tx.listNodes(NodeQuery.all(TypeKind.EXECUTION));
          for (Node artifact : tx.listNodes(NodeQuery.all(TypeKind.ARTIFACT))) {
            artifactsPerBatch.merge(((Value.StringValue) artifact.customProperties().get("batch")).value(), 1,
                Integer::sum);
          }
          List<Long> ids = executions.stream().map(Node::requireId).toList();
          Map<Long, String> names = new HashMap<>();
          executions.forEach(e -> names.put(e.requireId(), e.name()));
          for (Event event : tx.findEventsByExecutions(ids)) {
            eventsPerBatch.merge(names.get(event.executionId()), 1, Integer::sum);
          }
          assertThat(artifactsPerBatch.keySet()).isEqualTo(Set.copyOf(names.values()));
          return null;
        });
        assertThat(artifactsPerBatch.keySet()).containsAll(acknowledged);
        assertThat(artifactsPerBatch.values()).containsOnly(3);
        assertThat(eventsPerBatch.keySet()).isEqualTo(artifactsPerBatch.keySet());
        assertThat(eventsPerBatch.values()).containsOnly(3);
      }
    }
  }

  private static void writeBatch(MetadataStore store, long[] typeIds, String key) {
    store.write(tx -> {
      long now = System.currentTimeMillis();
      Node execution = tx.insertNodes(List.of(Execution.of(typeIds[1], key, ExecutionState.COMPLETE)), now).get(0);
      List<Artifact> artifacts = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        artifacts.add(Artifact.of(typeIds[0], key + "-a" + k, "s3://b/" + key + "/" + k)
            .withCustomProperties(Map.of("batch", Value.of(key))));
      }
      List<Event> events = new ArrayList<>();
      for (Node artifact : tx.insertNodes(artifacts, now)) {
        events.add(Event.of(artifact.requireId(), execution.requireId(), EventType.OUTPUT));
      }
      tx.insertEvents(events, now);
      return null;
    });
  }

  private static void pause() {
    try {
      // Back off a little after a failure, as a retrying client would.
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long count(String url, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  private static void assertError(ErrorCode code, String messagePart, Runnable call) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(PedigreeException.class, e -> {
      assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
      assertThat(e.getMessage()).contains(messagePart).doesNotContain("s3cret").doesNotContain("\n");
    });
  }
}
