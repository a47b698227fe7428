package dev.pedigree.bench;

import dev.pedigree.server.PedigreeServer;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OpenLineage ingest throughput: an in-process server on loopback over a fresh SQLite file and N
 * concurrent HTTP clients posting run events (START and COMPLETE per run; each with one input and
 * one output dataset carrying a 10-column schema facet, the output also a column-lineage facet,
 * about 2.5 KB). Reports events per second and bytes of database per event.
 *
 * <p>Usage: {@code IngestBench single|batch EVENTS [CLIENTS] [BATCH_SIZE]}.
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
        defaults.busyTimeoutMillis(), defaults.cacheKib());
    MetadataStore store = SqliteMetadataStore.open(db, options);
    PedigreeServer server = PedigreeServer.builder().port(0).store(store).dataDir(dir).start();
    String url = "http://127.0.0.1:" + server.port() + "/api/v1/lineage" + (mode.equals("batch") ? "/batch" : "");
    checkpoint(db);
    long emptyBytes = size(dir);
    int warmup = Math.min(2_000, total / 5);
    run(url, mode, warmup, clients, batchSize, new AtomicInteger(1_000_000));
    long started = System.nanoTime();
    long bytesSent = run(url, mode, total, clients, batchSize, new AtomicInteger());
    double seconds = (System.nanoTime() - started) / 1e9;
    server.close();
    store.close();
    checkpoint(db);
    long bytes = size(dir) - emptyBytes;
    int events = total + warmup;
    System.out.printf("synchronous=%s ", options.synchronous());
    System.out.printf("%s: %,d events (%,d warm-up before) from %d clients%s in %.2f s: %,.0f events/s;"
        + " mean event %,d bytes; database grew %,d bytes = %,.0f bytes/event%n", mode, total, warmup, clients,
        mode.equals("batch") ? " in batches of " + batchSize : "", seconds, total / seconds, bytesSent / total, bytes,
        bytes / (double) events);
  }

  /** Posts {@code total} events (START/COMPLETE pairs) from {@code clients} threads; returns bytes sent. */
  private static long run(String url, String mode, int total, int clients, int batchSize, AtomicInteger runs)
      throws InterruptedException {
    AtomicInteger remaining = new AtomicInteger(total);
    AtomicLong sent = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      threads.add(Thread.ofPlatform().uncaughtExceptionHandler((thread, e) -> {
        e.printStackTrace();
        System.exit(1);
      }).start(() -> {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> pending = new ArrayList<>();
        int chunk = mode.equals("batch") ? batchSize : 2;
        while (remaining.getAndAdd(-chunk) > 0) {
          pending.clear();
          while (pending.size() < chunk) {
            int k = runs.getAndIncrement();
            String runId = UUID.randomUUID().toString();
            pending.add(event(runId, "START", k, "2026-01-01T00:00:00.000Z"));
            pending.add(event(runId, "COMPLETE", k, "2026-01-01T00:01:00.000Z"));
          }
          if (mode.equals("batch")) {
            String body = "[" + String.join(",", pending) + "]";
            post(http, url, body);
            sent.addAndGet(body.length());
          } else {
            for (String body : pending) {
              post(http, url, body);
              sent.addAndGet(body.length());
            }
          }
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return sent.get();
  }

  private static void post(HttpClient http, String url, String body) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200 || response.body().contains("partial_success")) {
        throw new IllegalStateException("ingest failed: " + response.statusCode() + " " + response.body());
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
