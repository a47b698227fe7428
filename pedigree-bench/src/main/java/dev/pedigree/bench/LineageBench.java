package dev.pedigree.bench;

import dev.pedigree.core.lineage.AliasLookup;
import dev.pedigree.core.lineage.Direction;
import dev.pedigree.core.lineage.LineageQuery;
import dev.pedigree.core.lineage.LineageResult;
import dev.pedigree.core.lineage.LineageService;
import dev.pedigree.core.lineage.LineageSettings;
import dev.pedigree.model.Artifact;
import dev.pedigree.model.Event;
import dev.pedigree.model.EventType;
import dev.pedigree.model.Execution;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeRef;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.jdbc.JdbcLineageStore;
import dev.pedigree.store.jdbc.PostgresMetadataStore;
import dev.pedigree.store.jdbc.PostgresOptions;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Lineage walks on a generated graph of about a million nodes in SQLite or PostgreSQL, in-process.
 *
 * <p>The graph: a chain of 250,000 executions (artifact, execution, artifact, ...), plus 2,450
 * regions hanging off it, each a fan-in execution (100 inputs, one of them a chain artifact) whose
 * output feeds a fan-out execution (100 outputs, one of them a chain artifact further on), plus one
 * execution with 10,000 outputs for a wide result. Walks start at random chain artifacts.
 *
 * <p>The same graph and the same queries on either backend: {@code LineageBench sqlite DB_FILE [QUERIES]}
 * or {@code LineageBench postgres DATA_DIR [QUERIES]}, the latter on an embedded PostgreSQL server
 * (binaries from a Maven artifact) on a loopback port. A graph generated once is reused: a file
 * {@code DB_FILE.ids} (or {@code DATA_DIR.ids}) next to it marks it complete.
 */
public final class LineageBench {
  static final int CHAIN = 250_000;
  static final int REGIONS = 2_450;
  static final int WIDE = 10_000;
  static final int BATCH = 5_000;

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || !List.of("sqlite", "postgres").contains(args[0])) {
      System.err.println("usage: LineageBench sqlite DB_FILE [QUERIES] | LineageBench postgres DATA_DIR [QUERIES]");
      System.exit(2);
    }
    Path location = Path.of(args[1]).toAbsolutePath();
    int queries = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    // Written once the graph is complete: the first chain artifact's id and the wide start's id.
    Path ids = location.resolveSibling(location.getFileName() + ".ids");
    boolean exists = Files.exists(ids);
    Files.createDirectories(location.getParent());
    if (args[0].equals("sqlite")) {
      if (!exists) {
        Files.deleteIfExists(location);
      }
      try (MetadataStore store = SqliteMetadataStore.open(location, SqliteOptions.defaults())) {
        if (!exists) {
          generate(store, ids);
        }
        measureAll(store, ids, queries);
        System.out.printf("database %s: %,d bytes%n", location, Files.size(location));
      }
      return;
    }
    if (!exists) {
      deleteRecursively(location);
    }
    // Durability off: the graph is regenerated if the process dies; reads do not depend on it. The
    // builder's own cleaning is off because it would also delete the data directory on close.
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(location)
        .setCleanDataDirectory(false).setPGStartupWait(Duration.ofSeconds(120))
        .setServerConfig("listen_addresses", "127.0.0.1").setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off").setServerConfig("full_page_writes", "off")
        .setServerConfig("shared_buffers", "512MB").setServerConfig("max_wal_size", "4GB").start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      try (MetadataStore store = PostgresMetadataStore.open(url, null, null, PostgresOptions.defaults());
          Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement()) {
        if (!exists) {
          generate(store, ids);
          // Planner statistics for the freshly loaded tables, as autovacuum would gather them later.
          statement.execute("VACUUM ANALYZE");
        }
        measureAll(store, ids, queries);
        try (ResultSet size = statement.executeQuery("SELECT pg_database_size(current_database())")) {
          size.next();
          System.out.printf("database %s: %,d bytes%n", location, size.getLong(1));
        }
      }
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static void generate(MetadataStore store, Path ids) throws Exception {
    long started = System.nanoTime();
    Generated generated = generate(store);
    for (int i = 0; i <= CHAIN; i++) {
      if (generated.chain[i] != generated.chain[0] + i) {
        throw new IllegalStateException("chain artifact ids are not consecutive at " + i);
      }
    }
    System.out.printf("generated %,d artifacts and %,d executions in %.1f s%n",
        store.read(tx -> tx.countNodes(TypeKind.ARTIFACT)), store.read(tx -> tx.countNodes(TypeKind.EXECUTION)),
        (System.nanoTime() - started) / 1e9);
    Files.writeString(ids, generated.chain[0] + " " + generated.wideStart);
  }

  /** Times the walks; with {@code queries} 0 it times nothing, so a first run with 0 only generates the graph. */
  private static void measureAll(MetadataStore store, Path ids, int queries) throws Exception {
    String[] stored = Files.readString(ids).strip().split(" ");
    long[] chain = new long[CHAIN + 1];
    for (int i = 0; i <= CHAIN; i++) {
      chain[i] = Long.parseLong(stored[0]) + i;
    }
    long wideStart = Long.parseLong(stored[1]);
    System.out.printf("%s: %,d nodes%n", store.info().database(),
        store.read(tx -> tx.countNodes(TypeKind.ARTIFACT) + tx.countNodes(TypeKind.EXECUTION)));
    if (queries == 0) {
      return;
    }
    LineageService lineage = new LineageService(store, new JdbcLineageStore(),
        new LineageSettings(20, 100_000, 10_000, 1_000_000), AliasLookup.NONE);
    Random random = new Random(42);
    for (Direction direction : List.of(Direction.UPSTREAM, Direction.DOWNSTREAM)) {
      measure(lineage, direction, chain, random, 300, false);
      measure(lineage, direction, chain, random, queries, true);
    }
    for (int i = 0; i < 3; i++) {
      big(lineage, "wide: downstream 2 hops from one artifact with a 10,000-output consumer",
          LineageQuery.of(new NodeRef(TypeKind.ARTIFACT, wideStart), Direction.DOWNSTREAM, 2).withMaxNodes(20_000)
              .withPage(LineageQuery.MAX_PAGE_SIZE, null), i == 2);
      big(lineage, "deep: downstream 10,000 hops along the chain (cap 10,000 nodes)",
          LineageQuery.of(new NodeRef(TypeKind.ARTIFACT, chain[1000]), Direction.DOWNSTREAM, 10_000)
              .withMaxNodes(10_000).withPage(LineageQuery.MAX_PAGE_SIZE, null), i == 2);
    }
  }

  private static void measure(LineageService lineage, Direction direction, long[] chain, Random random, int count,
      boolean report) {
    long[] nanos = new long[count];
    long nodes = 0;
    for (int i = 0; i < count; i++) {
      int position = 500 + random.nextInt(CHAIN - 1000);
      long started = System.nanoTime();
      LineageResult result = lineage.lineage(LineageQuery.of(new NodeRef(TypeKind.ARTIFACT, chain[position]),
          direction, 100));
      nanos[i] = System.nanoTime() - started;
      nodes += result.totalNodes();
    }
    if (report) {
      Arrays.sort(nanos);
      System.out.printf("%s 100 hops: %d queries, mean %.0f nodes/result, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms,"
          + " max %.2f ms%n", direction, count, nodes / (double) count, ms(nanos, 0.50), ms(nanos, 0.90),
          ms(nanos, 0.99), nanos[count - 1] / 1e6);
    }
  }

  private static void big(LineageService lineage, String label, LineageQuery query, boolean report) {
    long started = System.nanoTime();
    LineageResult result = lineage.lineage(query);
    long elapsed = System.nanoTime() - started;
    if (report) {
      System.out.printf("%s: %,d nodes, %,d edges, truncated %s, %.1f ms%n", label, result.totalNodes(),
          result.edges().size(), result.truncated(), elapsed / 1e6);
    }
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }

  private record Generated(long[] chain, long wideStart) {}

  private static Generated generate(MetadataStore store) {
    long[] types = store.write(tx -> new long[] {
        tx.insertType(NodeType.of(TypeKind.ARTIFACT, "bench.Dataset", Map.of())).requireId(),
        tx.insertType(NodeType.of(TypeKind.EXECUTION, "bench.Step", Map.of())).requireId()});
    long artifactType = types[0];
    long executionType = types[1];
    long[] chain = new long[CHAIN + 1];
    for (int from = 0; from <= CHAIN; from += BATCH) {
      int start = from;
      int end = Math.min(CHAIN + 1, from + BATCH);
      store.write(tx -> {
        List<Artifact> artifacts = new ArrayList<>();
        for (int i = start; i < end; i++) {
          artifacts.add(Artifact.of(artifactType, "chain-" + i, null));
        }
        List<Node> stored = tx.insertNodes(artifacts, 1L);
        for (int i = start; i < end; i++) {
          chain[i] = stored.get(i - start).requireId();
        }
        return null;
      });
    }
    for (int from = 0; from < CHAIN; from += BATCH) {
      int start = from;
      int end = Math.min(CHAIN, from + BATCH);
      store.write(tx -> {
        List<Execution> executions = new ArrayList<>();
        for (int i = start; i < end; i++) {
          executions.add(Execution.of(executionType, "step-" + i, ExecutionState.COMPLETE));
        }
        List<Node> stored = tx.insertNodes(executions, 1L);
        List<Event> events = new ArrayList<>();
        for (int i = start; i < end; i++) {
          long execution = stored.get(i - start).requireId();
          events.add(Event.of(chain[i], execution, EventType.INPUT));
          events.add(Event.of(chain[i + 1], execution, EventType.OUTPUT));
        }
        tx.insertEvents(events, 1L);
        return null;
      });
    }
    int perWrite = 25;
    for (int from = 0; from < REGIONS; from += perWrite) {
      int start = from;
      int end = Math.min(REGIONS, from + perWrite);
      store.write(tx -> {
        for (int r = start; r < end; r++) {
          int attach = 500 + (int) ((long) r * (CHAIN - 1000) / REGIONS);
          List<Artifact> artifacts = new ArrayList<>();
          for (int i = 0; i < 99 + 1 + 100; i++) {
            artifacts.add(Artifact.of(artifactType, "region-" + r + "-" + i, null));
          }
          List<Node> stored = tx.insertNodes(artifacts, 1L);
          List<Node> steps = tx.insertNodes(List.of(Execution.of(executionType, "fan-in-" + r, ExecutionState.COMPLETE),
              Execution.of(executionType, "fan-out-" + r, ExecutionState.COMPLETE)), 1L);
          long fanIn = steps.get(0).requireId();
          long fanOut = steps.get(1).requireId();
          long middle = stored.get(99).requireId();
          List<Event> events = new ArrayList<>();
          for (int i = 0; i < 99; i++) {
            events.add(Event.of(stored.get(i).requireId(), fanIn, EventType.INPUT));
          }
          events.add(Event.of(chain[attach], fanIn, EventType.INPUT));
          events.add(Event.of(middle, fanIn, EventType.OUTPUT));
          events.add(Event.of(middle, fanOut, EventType.INPUT));
          for (int i = 100; i < 199; i++) {
            events.add(Event.of(stored.get(i).requireId(), fanOut, EventType.OUTPUT));
          }
          events.add(Event.of(chain[attach + 10], fanOut, EventType.OUTPUT));
          tx.insertEvents(events, 1L);
        }
        return null;
      });
    }
    long wideStart = store.write(tx -> {
      long source = tx.insertNodes(List.of(Artifact.of(artifactType, "wide-source", null)), 1L).get(0).requireId();
      long consumer = tx.insertNodes(List.of(Execution.of(executionType, "wide-consumer", ExecutionState.COMPLETE)), 1L)
          .get(0).requireId();
      List<Artifact> outputs = new ArrayList<>();
      for (int i = 0; i < WIDE; i++) {
        outputs.add(Artifact.of(artifactType, "wide-" + i, null));
      }
      List<Event> events = new ArrayList<>();
      events.add(Event.of(source, consumer, EventType.INPUT));
      for (Node output : tx.insertNodes(outputs, 1L)) {
        events.add(Event.of(output.requireId(), consumer, EventType.OUTPUT));
      }
      tx.insertEvents(events, 1L);
      return source;
    });
    return new Generated(chain, wideStart);
  }
}
