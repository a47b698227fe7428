package dev.pedigree.bench;

import dev.pedigree.server.PedigreeServer;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.PostgresMetadataStore;
import dev.pedigree.store.jdbc.PostgresOptions;
import dev.pedigree.store.jdbc.SqliteOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OpenLineage ingest throughput: an in-process server on loopback over a fresh SQLite file and N
 * concurrent HTTP clients posting run events (START and COMPLETE per run; each with one input and
 * one output dataset carrying a 10-column schema facet, the output also a column-lineage facet,
 * about 2.5 KB). Reports events per second, bytes of database per event, and CPU per event.
 *
 * <p>The clients run in a second JVM (one thread and one keep-alive HTTP/1.1 connection per client,
 * writing requests serialised before the clock starts), so this process's CPU time is the server's
 * alone; the clients still share the machine's cores, and their CPU per event is reported next to
 * the server's.
 *
 * <p>Usage: {@code IngestBench single|batch EVENTS [CLIENTS] [BATCH_SIZE]}; {@code -Dwarmup=N} events
 * before the measured ones (default 2,000 or a fifth of EVENTS, whichever is fewer);
 * {@code -Dbackend=postgres} for an embedded PostgreSQL instead of SQLite.
 */
public final class IngestBench {
  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "single";
    int total = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "ingest-bench-");
    Path db = dir.resolve("pedigree.db");
    SqliteOptions defaults = SqliteOptions.defaults();
    // -Dsynchronous=NORMAL trades the last commits on power loss for fewer fsyncs (default FULL).
    SqliteOptions options = new SqliteOptions(org.sqlite.SQLiteConfig.SynchronousMode.valueOf(
        System.getProperty("synchronous", defaults.synchronous().name())), defaults.readers(),
        defaults.busyTimeoutMillis(), Integer.getInteger("cacheKib", defaults.cacheKib()));
    // -Dbackend=postgres: an embedded PostgreSQL on loopback with its default durability (fsync and
    // synchronous_commit on), data under target/.
    EmbeddedPostgres postgres = "postgres".equals(System.getProperty("backend"))
        ? EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true)
            .setPGStartupWait(java.time.Duration.ofSeconds(120)).setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("shared_buffers", "256MB").setServerConfig("max_wal_size", "2GB").start()
        : null;
    String backend = postgres == null ? "sqlite synchronous=" + options.synchronous() : "postgresql";
    MetadataStore store = postgres == null ? SqliteMetadataStore.open(db, options)
        : PostgresMetadataStore.open(postgres.getJdbcUrl("postgres", "postgres"), null, null, PostgresOptions.defaults());
    PedigreeServer server = PedigreeServer.builder().port(0).store(store).dataDir(dir).start();
    long emptyBytes = databaseBytes(postgres, db, dir);
    // -Dwarmup=N: 2,000 events leave the JIT compiling through much of the measured run.
    int warmup = Integer.getInteger("warmup", Math.min(2_000, total / 5));
    Process driver = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Clients.class.getName(), String.valueOf(server.port()), mode,
        String.valueOf(warmup), String.valueOf(total), String.valueOf(clients), String.valueOf(batchSize))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    var fromDriver = new java.io.BufferedReader(new java.io.InputStreamReader(driver.getInputStream(),
        java.nio.charset.StandardCharsets.UTF_8));
    var toDriver = new java.io.PrintStream(driver.getOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8);
    try {
      awaitLine(fromDriver, "warm");
    } catch (RuntimeException e) {
      driver.destroy();
      server.close();
      store.close();
      throw e;
    }
    long started = System.nanoTime();
    long cpuStarted = processCpuNanos();
    long machineStarted = machineCpuNanos();
    long writerStarted = threadCpuNanos("pedigree-sqlite-writer");
    long writerUserStarted = threadUserNanos("pedigree-sqlite-writer");
    long jitStarted = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    long eventLoopStarted = threadCpuNanos("armeria-common-worker");
    long requestThreadsStarted = threadCpuNanos("armeria-blocking-tasks");
    toDriver.println("go");
    String[] done = awaitLine(fromDriver, "done").split(" ");
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpuPerEvent = (processCpuNanos() - cpuStarted) / 1e3 / total;
    double machinePerEvent = (machineCpuNanos() - machineStarted) / 1e3 / total;
    double writerPerEvent = (threadCpuNanos("pedigree-sqlite-writer") - writerStarted) / 1e3 / total;
    double writerUserPerEvent = (threadUserNanos("pedigree-sqlite-writer") - writerUserStarted) / 1e3 / total;
    long jitMillis = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime()
        - jitStarted;
    double eventLoopPerEvent = (threadCpuNanos("armeria-common-worker") - eventLoopStarted) / 1e3 / total;
    double requestThreadsPerEvent = (threadCpuNanos("armeria-blocking-tasks") - requestThreadsStarted) / 1e3 / total;
    double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    if (driver.waitFor() != 0 || !done[0].equals("done")) {
      throw new IllegalStateException("the client process failed");
    }
    long bytesSent = Long.parseLong(done[1]);
    double clientCpuPerEvent = Long.parseLong(done[2]) / 1e3 / total;
    String reads = mode.equals("single") ? marquezReads(server.port(), total / 4) : "";
    server.close();
    store.close();
    long bytes = databaseBytes(postgres, db, dir) - emptyBytes;
    if (postgres != null) {
      postgres.close();
    }
    int events = total + warmup;
    System.out.printf("%s ", backend);
    System.out.printf("%s: %,d events (%,d warm-up before) from %d clients%s in %.2f s: %,.0f events/s;"
        + " mean event %,d bytes; database grew %,d bytes = %,.0f bytes/event%n", mode, total, warmup, clients,
        mode.equals("batch") ? " in batches of " + batchSize : "", seconds, total / seconds, bytesSent / total, bytes,
        bytes / (double) events);
    // CPU per event depends far less on what else the machine runs than events/s does.
    System.out.printf("cpu per event: server process %,.0f us (of which writer thread %,.0f us, %,.0f us of it in user"
        + " mode; event loops %,.0f us; request threads %,.0f us; JIT compiling %,d ms in all), client process %,.0f us;"
        + " whole machine %,.0f us (database server processes included); load average at end %.1f%n", cpuPerEvent,
        writerPerEvent, writerUserPerEvent, eventLoopPerEvent, requestThreadsPerEvent, jitMillis, clientCpuPerEvent,
        machinePerEvent, load);
    System.out.print(reads);
  }

  /**
   * Marquez's lineage read over the chain the measured events built (job_k reads t_k and writes
   * t_k+1, so TOTAL events make a chain of TOTAL/2 jobs): from the middle dataset, both directions,
   * at Marquez's default depth (20) and at 100, over HTTP; 10 warm-up reads, then 50 timed.
   */
  private static String marquezReads(int port, int middle) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    StringBuilder report = new StringBuilder();
    for (int depth : new int[] {20, 100}) {
      var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
          + "/api/v1/lineage?depth=" + depth + "&nodeId=" + java.net.URLEncoder.encode(
              "dataset:postgres://db:5432:t_" + middle, java.nio.charset.StandardCharsets.UTF_8))).build();
      long[] nanos = new long[50];
      int nodes = 0;
      for (int i = -10; i < nanos.length; i++) {
        long started = System.nanoTime();
        var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("lineage read failed: " + response.statusCode() + " " + response.body());
        }
        if (i >= 0) {
          nanos[i] = System.nanoTime() - started;
        }
        nodes = json.readTree(response.body()).path("graph").size();
      }
      java.util.Arrays.sort(nanos);
      report.append(String.format("Marquez lineage read (job-level graph) from the middle of a %,d-job chain, depth %d:"
          + " %d nodes, p50 %.1f ms, slowest of 50 %.1f ms%n", middle * 2, depth, nodes, nanos[nanos.length / 2] / 1e6,
          nanos[nanos.length - 1] / 1e6));
    }
    return report.toString();
  }

  /**
   * The load driver, in its own JVM: {@code PORT MODE WARMUP TOTAL CLIENTS BATCH_SIZE}. Builds the
   * bytes of every request first, posts the warm-up requests, prints {@code warm}, waits for a line
   * on stdin, posts the measured requests and prints {@code done BYTES_SENT CPU_NANOS} (its own CPU
   * time during the measured events). Each client thread has one keep-alive HTTP/1.1 connection
   * and writes pre-built requests, so the driver costs little CPU next to the server.
   */
  public static final class Clients {
    public static void main(String[] args) throws Exception {
      int port = Integer.parseInt(args[0]);
      String mode = args[1];
      int warmup = Integer.parseInt(args[2]);
      int total = Integer.parseInt(args[3]);
      int clients = Integer.parseInt(args[4]);
      int batchSize = Integer.parseInt(args[5]);
      String path = "/api/v1/lineage" + (mode.equals("batch") ? "/batch" : "");
      var address = new java.net.InetSocketAddress("127.0.0.1", port);
      String host = "127.0.0.1:" + port;
      Requests warmupRequests = requests(host, path, mode, warmup, batchSize, 1_000_000);
      Requests measuredRequests = requests(host, path, mode, total, batchSize, 0);
      run(address, warmupRequests.bytes(), clients);
      System.out.println("warm");
      System.out.flush();
      if (!"go".equals(new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
          java.nio.charset.StandardCharsets.UTF_8)).readLine())) {
        throw new IllegalStateException("expected 'go' on stdin");
      }
      long cpuStarted = processCpuNanos();
      run(address, measuredRequests.bytes(), clients);
      long cpu = processCpuNanos() - cpuStarted;
      System.out.println("done " + measuredRequests.bodyBytes() + " " + cpu);
      System.out.flush();
    }
  }

  /** Requests ready to write, and the bytes of their bodies. */
  private record Requests(List<byte[]> bytes, long bodyBytes) {}

  /**
   * The requests posting {@code total} events (START/COMPLETE pairs of runs numbered from
   * {@code firstRun}): two single events per run, or arrays of {@code batchSize} events.
   */
  private static Requests requests(String host, String path, String mode, int total, int batchSize,
      int firstRun) {
    int chunk = mode.equals("batch") ? batchSize : 2;
    int run = firstRun;
    List<byte[]> requests = new ArrayList<>();
    long bodyBytes = 0;
    List<String> pending = new ArrayList<>();
    for (int remaining = total; remaining > 0; remaining -= chunk) {
      pending.clear();
      while (pending.size() < chunk) {
        int k = run++;
        String runId = UUID.randomUUID().toString();
        pending.add(event(runId, "START", k, "2026-01-01T00:00:00.000Z"));
        pending.add(event(runId, "COMPLETE", k, "2026-01-01T00:01:00.000Z"));
      }
      List<String> bodies = mode.equals("batch") ? List.of("[" + String.join(",", pending) + "]") : pending;
      for (String body : bodies) {
        byte[] json = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        requests.add(KeepAliveConnection.post(host, path, json));
        bodyBytes += json.length;
      }
    }
    return new Requests(requests, bodyBytes);
  }

  /**
   * Sends the requests from {@code clients} threads, one connection each, taking the next request
   * in list order; a status other than 200 or a partial batch ends the driver.
   */
  private static void run(java.net.InetSocketAddress address, List<byte[]> requests, int clients)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      threads.add(Thread.ofPlatform().uncaughtExceptionHandler((thread, e) -> {
        e.printStackTrace();
        System.exit(1);
      }).start(() -> {
        try (KeepAliveConnection connection = new KeepAliveConnection(address)) {
          for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
            KeepAliveConnection.Response response = connection.exchange(requests.get(i));
            if (response.status() != 200 || response.body().contains("partial_success")) {
              throw new IllegalStateException("ingest failed: " + response.status() + " " + response.body());
            }
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }

  /**
   * The next line of the client process that is {@code token} or starts with it; other lines (a
   * logging library's start-up notes, say) are passed on to stderr.
   */
  private static String awaitLine(java.io.BufferedReader from, String token) throws java.io.IOException {
    for (String line = from.readLine(); line != null; line = from.readLine()) {
      if (line.equals(token) || line.startsWith(token + " ")) {
        return line;
      }
      System.err.println(line);
    }
    throw new IllegalStateException("the client process ended before saying '" + token + "'");
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** CPU time of the live threads whose name starts with {@code prefix}, 0 if there are none. */
  private static long threadCpuNanos(String prefix) {
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    return threadsNamed(prefix).map(id -> Math.max(0, threads.getThreadCpuTime(id))).sum();
  }

  /** Like {@link #threadCpuNanos}, user mode only (the rest is the kernel's: writes, fsync). */
  private static long threadUserNanos(String prefix) {
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    return threadsNamed(prefix).map(id -> Math.max(0, threads.getThreadUserTime(id))).sum();
  }

  private static java.util.stream.LongStream threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().startsWith(prefix))
        .mapToLong(Thread::threadId);
  }

  static String event(String runId, String type, int k, String time) {
    return "{\"eventType\":\"" + type + "\",\"eventTime\":\"" + time + "\",\"producer\":"
        + "\"https://github.com/OpenLineage/OpenLineage/tree/1.54.0/integration/spark\",\"schemaURL\":"
        + "\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\",\"run\":{\"runId\":\"" + runId
        + "\",\"facets\":{}},\"job\":{\"namespace\":\"bench\",\"name\":\"job_" + k + "\",\"facets\":{}},"
        + "\"inputs\":[" + dataset("t_" + k, null) + "],\"outputs\":[" + dataset("t_" + (k + 1), "t_" + k) + "]}";
  }

  private static String dataset(String name, String lineageFrom) {
    StringBuilder fields = new StringBuilder();
    StringBuilder lineage = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      fields.append(i == 0 ? "" : ",").append("{\"name\":\"column_").append(i).append("\",\"type\":\"")
          .append(i % 2 == 0 ? "VARCHAR" : "BIGINT").append("\"}");
      if (lineageFrom != null) {
        lineage.append(i == 0 ? "" : ",").append("\"column_").append(i).append("\":{\"inputFields\":[{\"namespace\":")
            .append("\"postgres://db:5432\",\"name\":\"").append(lineageFrom).append("\",\"field\":\"column_").append(i)
            .append("\"}]}");
      }
    }
    String facets = "\"schema\":{\"_producer\":\"p\",\"_schemaURL\":\"https://openlineage.io/spec/facets/1-1-1/"
        + "SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet\",\"fields\":[" + fields + "]}";
    if (lineageFrom != null) {
      facets += ",\"columnLineage\":{\"_producer\":\"p\",\"_schemaURL\":\"https://openlineage.io/spec/facets/1-2-0/"
          + "ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet\",\"fields\":{" + lineage + "}}";
    }
    return "{\"namespace\":\"postgres://db:5432\",\"name\":\"" + name + "\",\"facets\":{" + facets + "}}";
  }

  /** Bytes of the database: PostgreSQL's size of the database, or SQLite's files with the log folded in. */
  private static long databaseBytes(EmbeddedPostgres postgres, Path db, Path dir) throws Exception {
    if (postgres == null) {
      checkpoint(db);
      return size(dir);
    }
    try (var connection = postgres.getPostgresDatabase().getConnection();
        var statement = connection.createStatement();
        var row = statement.executeQuery("SELECT pg_database_size('postgres')")) {
      row.next();
      return row.getLong(1);
    }
  }

  /** CPU time of the whole machine, all cores, from /proc/stat (0 where it cannot be read). */
  private static long machineCpuNanos() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long ticks = 0;
      for (int i = 1; i <= 8 && i < fields.length; i++) {
        if (i != 4 && i != 5) { // all but idle and iowait
          ticks += Long.parseLong(fields[i]);
        }
      }
      return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Folds the write-ahead log into the database file so the size measured is the data's. */
  private static void checkpoint(Path db) throws java.sql.SQLException {
    try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        var statement = connection.createStatement()) {
      statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
  }

  private static long size(Path dir) throws java.io.IOException {
    long bytes = 0;
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        if (file.getFileName().toString().startsWith("pedigree.db")) {
          bytes += Files.size(file);
        }
      }
    }
    return bytes;
  }
}
