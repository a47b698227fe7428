package dev.pedigree.core.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.core.metadata.MetadataService;
import dev.pedigree.core.mlflow.MlflowViews.PageOf;
import dev.pedigree.core.mlflow.MlflowViews.RunView;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.blob.LocalBlobStore;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.jdbc.PostgresMetadataStore;
import dev.pedigree.store.jdbc.PostgresOptions;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.testing.TestPostgres;
import dev.pedigree.store.jdbc.SqliteOptions;
import dev.pedigree.store.jdbc.mlflow.JdbcMlflowStore;
import dev.pedigree.store.mlflow.MlflowRows.MetricPoint;
import dev.pedigree.store.mlflow.MlflowRows.ViewType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MLflow tracking over each database: {@link Sqlite} and {@link Postgres} below run every test. */
abstract class MlflowTrackingTest {
  @TempDir Path dir;
  private MetadataStore store;
  private MlflowTracking tracking;
  private MlflowArtifacts artifacts;
  private ModelRegistry registry;

  @BeforeEach
  void open() {
    store = openStore(dir);
    MlflowGraph graph = new MlflowGraph(new MetadataService(store, Clock.systemUTC()), new JdbcMlflowStore(),
        Clock.systemUTC());
    tracking = new MlflowTracking(graph);
    registry = new ModelRegistry(graph, tracking, new LoggedModels(graph, tracking));
    artifacts = new MlflowArtifacts(graph, LocalBlobStore.open(dir.resolve("blobs")));
  }

  @AfterEach
  void close() {
    store.close();
  }

  abstract MetadataStore openStore(Path dir);

  static final class Sqlite extends MlflowTrackingTest {
    @Override
    MetadataStore openStore(Path dir) {
      return SqliteMetadataStore.open(dir.resolve("pedigree.db"), SqliteOptions.defaults());
    }
  }

  static final class Postgres extends MlflowTrackingTest {
    @Override
    MetadataStore openStore(Path dir) {
      TestPostgres postgres = TestPostgres.shared();
      return PostgresMetadataStore.open(postgres.jdbcUrl(postgres.createDatabase()), null, null,
          PostgresOptions.defaults().withPools(4, 2).withConnectAttempts(1, java.time.Duration.ZERO));
    }
  }

  @Test
  void searchRunsMatchesLikeCaseSensitivelyAndFiltersOnMetrics() {
    for (String name : List.of("Sweep-a", "sweep-b", "sweep-c")) {
      String run = tracking.createRun("0", "ada", name, null, Map.of()).info().runUuid();
      tracking.logBatch(run, List.of(MetricPoint.of("acc", name.endsWith("c") ? 0.9 : 0.5, 1, 0)), Map.of(),
          Map.of());
    }
    List<String> like = tracking.searchRuns(List.of("0"), "attributes.run_name LIKE 'sweep-%'",
        ViewType.ACTIVE_ONLY, null, List.of("attributes.run_name ASC"), null)
        .items().stream().map(view -> view.info().name()).toList();
    assertThat(like).containsExactly("sweep-b", "sweep-c");
    List<String> ilike = tracking.searchRuns(List.of("0"), "attributes.run_name ILIKE 'sweep-%'",
        ViewType.ACTIVE_ONLY, null, List.of("attributes.run_name ASC"), null)
        .items().stream().map(view -> view.info().name()).toList();
    assertThat(ilike).containsExactly("Sweep-a", "sweep-b", "sweep-c");
    List<String> good = tracking.searchRuns(List.of("0"), "metrics.acc > 0.8", ViewType.ACTIVE_ONLY, null,
        List.of(), null).items().stream().map(view -> view.info().name()).toList();
    assertThat(good).containsExactly("sweep-c");
  }

  @Test
  void aFailedBatchWritesNothing() {
    String run = tracking.createRun("0", "ada", "r", null, Map.of()).info().runUuid();
    tracking.logBatch(run, List.of(), Map.of("p", "1"), Map.of());
    assertThatThrownBy(() -> tracking.logBatch(run, List.of(MetricPoint.of("m", 1, 1, 0)), Map.of("p", "2"),
        Map.of("t", "v"))).isInstanceOf(PedigreeException.class).hasMessageContaining("Changing param values");
    RunView view = tracking.run(run);
    assertThat(view.data().metrics()).isEmpty();
    assertThat(view.data().tags()).doesNotContainKey("t");
    assertThat(view.data().params()).containsExactly(Map.entry("p", "1"));
  }

  @Test
  void latestMetricIsByStepThenTimestampThenValue() {
    String run = tracking.createRun("0", null, null, null, Map.of()).info().runUuid();
    tracking.logBatch(run, List.of(MetricPoint.of("m", 5, 100, 2), MetricPoint.of("m", 7, 999, 1)), Map.of(),
        Map.of());
    tracking.logBatch(run, List.of(MetricPoint.of("m", 3, 100, 2)), Map.of(), Map.of());
    assertThat(tracking.run(run).data().metrics()).extracting(MetricPoint::value).containsExactly(5.0);
    tracking.logBatch(run, List.of(MetricPoint.of("m", 1, 101, 2)), Map.of(), Map.of());
    assertThat(tracking.run(run).data().metrics()).extracting(MetricPoint::value).containsExactly(1.0);
  }

  @Test
  void historyPagesWithKeysetTokensAndAbsentMaxResultsMeansAll() {
    String run = tracking.createRun("0", null, null, null, Map.of()).info().runUuid();
    List<MetricPoint> points = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      points.add(MetricPoint.of("loss", i, 1000 + i, i));
    }
    tracking.logBatch(run, points, Map.of(), Map.of());
    tracking.logBatch(run, points.subList(0, 10), Map.of(), Map.of()); // exact replays are no-ops
    assertThat(tracking.metricHistory(run, "loss", null, null).items()).hasSize(250);
    assertThat(tracking.metricHistory(run, "loss", 0L, null).items()).hasSize(250);
    List<Long> steps = new ArrayList<>();
    String token = null;
    do {
      PageOf<MetricPoint> page = tracking.metricHistory(run, "loss", 100L, token);
      page.items().forEach(p -> steps.add(p.step()));
      token = page.nextPageToken();
    } while (token != null);
    assertThat(steps).hasSize(250).isSorted().doesNotHaveDuplicates();
    List<MetricPoint> sampled = tracking.metricHistoryBulkInterval(List.of(run), "loss", null, null, 10L);
    assertThat(sampled).hasSize(10).extracting(MetricPoint::step).contains(0L, 249L);
  }

  @Test
  void batchLimitsNameTheLimit() {
    String run = tracking.createRun("0", null, null, null, Map.of()).info().runUuid();
    List<MetricPoint> tooMany = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      tooMany.add(MetricPoint.of("m", i, i, i));
    }
    assertThatThrownBy(() -> tracking.logBatch(run, tooMany, Map.of(), Map.of()))
        .hasMessageContaining("at most 1000 metrics");
    assertThatThrownBy(() -> tracking.logBatch(run, List.of(), Map.of("p", "x".repeat(6001)), Map.of()))
        .hasMessageContaining("6000");
    assertThatThrownBy(() -> tracking.logBatch(run, List.of(MetricPoint.of("../m", 1, 1, 1)), Map.of(), Map.of()))
        .isInstanceOfSatisfying(PedigreeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void badArtifactPathsAreRejectedBeforeAnyByteIsStored() throws Exception {
    for (String bad : List.of("../x", "a/../../x", "/etc/passwd", "a\0b", "a//b", "./a", "C:/x", "a\\..\\b")) {
      assertThatThrownBy(() -> artifacts.put(bad, new ByteArrayInputStream(new byte[] {1})))
          .as(bad).isInstanceOf(PedigreeException.class);
    }
    try (var files = java.nio.file.Files.walk(dir.resolve("blobs"))) {
      assertThat(files.filter(java.nio.file.Files::isRegularFile).filter(p -> p.toString().contains("sha256")))
          .isEmpty();
    }
    artifacts.put("0/a/b.txt", new ByteArrayInputStream("hi".getBytes(StandardCharsets.UTF_8)));
    artifacts.put("0/a/c.txt", new ByteArrayInputStream("hi".getBytes(StandardCharsets.UTF_8)));
    assertThat(artifacts.list("0/a")).extracting(e -> e.name()).containsExactly("b.txt", "c.txt");
    try (var files = java.nio.file.Files.walk(dir.resolve("blobs"))) {
      assertThat(files.filter(java.nio.file.Files::isRegularFile).filter(p -> p.toString().contains("sha256")))
          .as("the same bytes are stored once").hasSize(1);
    }
    artifacts.delete("0/a");
    assertThat(artifacts.list("0")).isEmpty();
  }

  @Test
  void concurrentNewVersionsOfOneModelGetConsecutiveNumbers() throws Exception {
    registry.create("contested", Map.of(), null);
    int writers = 6;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      List<java.util.concurrent.Future<Integer>> versions = new java.util.ArrayList<>();
      for (int i = 0; i < writers; i++) {
        versions.add(pool.submit(() -> {
          start.await(30, java.util.concurrent.TimeUnit.SECONDS);
          return registry.createVersion("contested", "s3://models/m", null, Map.of(), null, null, null)
              .version().version();
        }));
      }
      List<Integer> numbers = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<Integer> version : versions) {
        numbers.add(version.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }
      assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
    } finally {
      pool.shutdownNow();
    }
  }
}
