package dev.pedigree.bench;

import dev.pedigree.model.Artifact;
import dev.pedigree.model.ArtifactState;
import dev.pedigree.model.Association;
import dev.pedigree.model.Attribution;
import dev.pedigree.model.Context;
import dev.pedigree.model.Event;
import dev.pedigree.model.EventType;
import dev.pedigree.model.Execution;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.PropertyType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import dev.pedigree.store.Cursor;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.NodeQuery;
import dev.pedigree.store.OrderBy;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Loads a metadata graph of a million-node scale through the store's batch API and measures load
 * throughput, size on disk and read latencies. At scale 1: 1M artifacts, 1M executions, 2M events,
 * 100k contexts (each artifact and execution attributed/associated to one context).
 *
 * <pre>
 * java -cp CLASSPATH dev.pedigree.bench.ScaleBench --db sqlite|postgresql [--scale 1] [--dir DIR]
 *     [--batch 1000] [--loaders 1] [--samples 20000] [--sqlite-cache-mib 64]
 * </pre>
 */
public final class ScaleBench {
  private static final int ARTIFACT_TYPES = 10;
  private static final int EXECUTION_TYPES = 5;
  private static final int PAGE = 100;

  private final String db;
  private final double scale;
  private final Path dir;
  private final int batch;
  private final int loaders;
  private final int samples;
  private final int sqliteCacheMib;

  private ScaleBench(Map<String, String> args) throws IOException {
    this.db = args.getOrDefault("db", "sqlite");
    this.scale = Double.parseDouble(args.getOrDefault("scale", "1"));
    this.dir = args.containsKey("dir") ? Path.of(args.get("dir")) : Files.createTempDirectory("pedigree-bench-");
    this.batch = Integer.parseInt(args.getOrDefault("batch", "1000"));
    this.loaders = Integer.parseInt(args.getOrDefault("loaders", "1"));
    this.samples = Integer.parseInt(args.getOrDefault("samples", "20000"));
    this.sqliteCacheMib = Integer.parseInt(args.getOrDefault("sqlite-cache-mib", "64"));
    if (!db.equals("sqlite") && !db.equals("postgresql")) {
      throw new IllegalArgumentException("--db: " + db + " (expected: sqlite or postgresql)");
    }
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new java.util.HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      if (!argv[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + argv[i]);
      }
      args.put(argv[i].substring(2), argv[i + 1]);
    }
    new ScaleBench(args).run();
  }

  private void run() throws Exception {
    Files.createDirectories(dir);
    EmbeddedPostgres postgres = null;
    MetadataStore store;
    String url = null;
    if (db.equals("sqlite")) {
      SqliteOptions defaults = SqliteOptions.defaults();
      store = SqliteMetadataStore.open(dir.resolve("pedigree.db"), new SqliteOptions(defaults.synchronous(),
          defaults.readers(), defaults.busyTimeoutMillis(), sqliteCacheMib * 1024));
    } else {
      // Durable commits as in production (fsync, synchronous_commit on); memory sized for the host.
      postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pgdata")).setCleanDataDirectory(true)
          .setPGStartupWait(Duration.ofSeconds(120))
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
          .setServerConfig("shared_buffers", "1GB").setServerConfig("max_wal_size", "8GB")
          .setServerConfig("max_connections", "100")
          .start();
      try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE bench");
      }
      url = postgres.getJdbcUrl("postgres", "bench");
      store = PostgresMetadataStore.open(url, null, null, PostgresOptions.defaults());
    }
    try {
      print("database", store.info().database() + " at " + store.info().location());
      print("scale", scale + " (machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
          + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB heap)");
      Loaded loaded = load(store);
      long bytes = size(store, url);
      long nodes = loaded.artifacts.length + loaded.executions + loaded.contexts.length;
      print("database size", String.format(Locale.ROOT, "%.1f MiB, %.0f bytes per node (events and links included)",
          bytes / 1048576.0, (double) bytes / nodes));
      measure(store, loaded);
    } finally {
      store.close();
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  private record Loaded(long[] artifacts, long executions, long[] contexts, long[] artifactTypes) {}

  private Loaded load(MetadataStore store) throws Exception {
    int artifactCount = (int) Math.round(1_000_000 * scale);
    int contextCount = Math.max(1, (int) Math.round(100_000 * scale));
    long[] artifactTypes = new long[ARTIFACT_TYPES];
    long[] executionTypes = new long[EXECUTION_TYPES];
    long contextType = store.write(tx -> {
      for (int t = 0; t < ARTIFACT_TYPES; t++) {
        artifactTypes[t] = tx.insertType(NodeType.of(TypeKind.ARTIFACT, "Dataset" + t,
            Map.of("rows", PropertyType.INT))).requireId();
      }
      for (int t = 0; t < EXECUTION_TYPES; t++) {
        executionTypes[t] = tx.insertType(NodeType.of(TypeKind.EXECUTION, "Trainer" + t,
            Map.of("step", PropertyType.INT))).requireId();
      }
      return tx.insertType(NodeType.of(TypeKind.CONTEXT, "Run", Map.of())).requireId();
    });

    long start = System.nanoTime();
    long[] contexts = new long[contextCount];
    for (int from = 0; from < contextCount; from += batch) {
      int to = Math.min(contextCount, from + batch);
      int first = from;
      List<Context> chunk = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        chunk.add(Context.of(contextType, "run-" + i));
      }
      List<Node> stored = store.write(tx -> tx.insertNodes(chunk, System.currentTimeMillis()));
      for (int i = 0; i < stored.size(); i++) {
        contexts[first + i] = stored.get(i).requireId();
      }
    }
    // Each chunk: `batch` executions and `batch` artifacts, two events per execution (an input and
    // an output artifact of the same chunk), every node linked to one context (10 per context).
    long[] artifacts = new long[artifactCount];
    ExecutorService pool = Executors.newFixedThreadPool(loaders);
    List<Future<?>> pending = new ArrayList<>();
    for (int from = 0; from < artifactCount; from += batch) {
      int first = from;
      int to = Math.min(artifactCount, from + batch);
      pending.add(pool.submit(() -> loadChunk(store, first, to, artifacts, contexts, artifactTypes, executionTypes)));
    }
    for (Future<?> future : pending) {
      future.get();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - start) / 1e9;
    long nodes = 2L * artifactCount + contextCount;
    long events = 2L * artifactCount;
    print("loaded", String.format(Locale.ROOT,
        "%,d artifacts, %,d executions, %,d events, %,d contexts, %,d attributions+associations in %.1f s",
        artifactCount, artifactCount, events, contextCount, 2L * artifactCount, seconds));
    print("load throughput", String.format(Locale.ROOT, "%,.0f nodes/s (%,.0f nodes+edges/s)", nodes / seconds,
        (nodes + events + 2L * artifactCount) / seconds));
    return new Loaded(artifacts, artifactCount, contexts, artifactTypes);
  }

  private void loadChunk(MetadataStore store, int from, int to, long[] artifactIds, long[] contexts,
      long[] artifactTypes, long[] executionTypes) {
    List<Execution> executions = new ArrayList<>(to - from);
    List<Artifact> artifacts = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      executions.add(new Execution(null, executionTypes[i % EXECUTION_TYPES], null, "e-" + i, ExecutionState.COMPLETE,
          null, Map.of("step", Value.of(i)), Map.of(), 0, 0));
      artifacts.add(new Artifact(null, artifactTypes[i % ARTIFACT_TYPES], null, "a-" + i,
          "s3://bucket/data/" + i, ArtifactState.LIVE, null, Map.of("rows", Value.of(i * 7L)),
          Map.of("owner", Value.of("team-" + (i % 50))), 0, 0));
    }
    store.write(tx -> {
      long now = System.currentTimeMillis();
      List<Node> storedExecutions = tx.insertNodes(executions, now);
      List<Node> storedArtifacts = tx.insertNodes(artifacts, now);
      int size = storedArtifacts.size();
      List<Event> events = new ArrayList<>(2 * size);
      List<Attribution> attributions = new ArrayList<>(size);
      List<Association> associations = new ArrayList<>(size);
      for (int k = 0; k < size; k++) {
        long execution = storedExecutions.get(k).requireId();
        long artifact = storedArtifacts.get(k).requireId();
        artifactIds[from + k] = artifact;
        events.add(new Event(storedArtifacts.get((k + 1) % size).requireId(), execution, EventType.INPUT, List.of(), 0));
        events.add(new Event(artifact, execution, EventType.OUTPUT, List.of(), 0));
        long context = contexts[((from + k) / 10) % contexts.length];
        attributions.add(new Attribution(context, artifact));
        associations.add(new Association(context, execution));
      }
      tx.insertEvents(events, now);
      tx.insertAttributions(attributions);
      tx.insertAssociations(associations);
      return null;
    });
  }

  private long size(MetadataStore store, String url) throws Exception {
    if (url == null) {
      // Fold the WAL into the main file so the file size is the data size.
      store.write(tx -> null);
      long total = 0;
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          if (file.getFileName().toString().startsWith("pedigree.db")) {
            total += Files.size(file);
          }
        }
      }
      return total;
    }
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("VACUUM ANALYZE");
      try (ResultSet row = statement.executeQuery("SELECT pg_database_size(current_database())")) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private void measure(MetadataStore store, Loaded loaded) {
    SplittableRandom random = new SplittableRandom(42);
    long[] artifacts = loaded.artifacts;
    int listSamples = Math.max(200, samples / 10);
    latency("get artifact by id", samples, i -> {
      long id = artifacts[random.nextInt(artifacts.length)];
      check(store.read(tx -> tx.findNodes(TypeKind.ARTIFACT, List.of(id))).size() == 1);
    });
    for (OrderBy order : List.of(OrderBy.ID, OrderBy.CREATE_TIME)) {
      latency("list by type, first page (" + PAGE + ", by " + order + ")", listSamples, i -> {
        long type = loaded.artifactTypes[random.nextInt(ARTIFACT_TYPES)];
        NodeQuery query = NodeQuery.all(TypeKind.ARTIFACT).withTypeId(type).withOrder(order, true).withPage(null, PAGE);
        check(store.read(tx -> tx.listNodes(query)).size() == PAGE + 1);
      });
      latency("list by type, deep page (90% in, by " + order + ")", listSamples, i -> {
        int t = random.nextInt(ARTIFACT_TYPES);
        // An artifact about 90% into this type's listing; its create time is the cursor's order value.
        // (at small scales: as deep as still leaves a full page after it).
        int deep = Math.min((int) (artifacts.length * 0.9) - ARTIFACT_TYPES * random.nextInt(
            Math.max(1, artifacts.length / 200)), artifacts.length - (PAGE + 2) * ARTIFACT_TYPES);
        int index = Math.max(0, deep) / ARTIFACT_TYPES * ARTIFACT_TYPES + t;
        long id = artifacts[index];
        Node at = store.read(tx -> tx.findNodes(TypeKind.ARTIFACT, List.of(id))).get(0);
        long value = order == OrderBy.ID ? id : at.createTimeMs();
        NodeQuery query = NodeQuery.all(TypeKind.ARTIFACT).withTypeId(loaded.artifactTypes[t]).withOrder(order, true)
            .withPage(new Cursor(value, id), PAGE);
        long started = System.nanoTime();
        check(store.read(tx -> tx.listNodes(query)).size() == PAGE + 1);
        lastNanos = System.nanoTime() - started;
      });
    }
    latency("list artifacts by context", listSamples, i -> {
      long context = loaded.contexts[random.nextInt(loaded.contexts.length)];
      NodeQuery query = NodeQuery.all(TypeKind.ARTIFACT).withContextId(context).withPage(null, PAGE);
      check(!store.read(tx -> tx.listNodes(query)).isEmpty());
    });
    latency("events by artifact", samples, i -> {
      long id = artifacts[random.nextInt(artifacts.length)];
      check(store.read(tx -> tx.findEventsByArtifacts(List.of(id))).size() == 2);
    });
  }

  /** Set by a sample that times only part of its work (the rest being set-up); -1 when unused. */
  private long lastNanos = -1;

  private void latency(String name, int count, LongConsumer sample) {
    for (int i = 0; i < Math.max(100, count / 10); i++) {
      sample.accept(i);
    }
    long[] nanos = new long[count];
    for (int i = 0; i < count; i++) {
      lastNanos = -1;
      long started = System.nanoTime();
      sample.accept(i);
      nanos[i] = lastNanos >= 0 ? lastNanos : System.nanoTime() - started;
    }
    Arrays.sort(nanos);
    print(name, String.format(Locale.ROOT, "p50 %.3f ms, p99 %.3f ms (%,d samples)",
        nanos[count / 2] / 1e6, nanos[(int) (count * 0.99)] / 1e6, count));
  }

  private static void check(boolean ok) {
    if (!ok) {
      throw new IllegalStateException("unexpected result size: the load or the query is wrong");
    }
  }

  private static void print(String what, String value) {
    System.out.printf(Locale.ROOT, "%-45s %s%n", what, value);
  }
}
