package dev.pedigree.bench;

import dev.pedigree.server.PedigreeServer;
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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Round trip of a single-artifact create through the native REST API (HTTP/1.1 keep-alive over
 * loopback, in-process server on SQLite): latency percentiles with one client, then throughput with
 * several. Usage: {@code pedigree-bench/run RestPutLatency [requests] [clients]}.
 */
public final class RestPutLatency {
  private RestPutLatency() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Path dir = Files.createTempDirectory("pedigree-rest-bench");
    try (SqliteMetadataStore store = SqliteMetadataStore.open(dir.resolve("pedigree.db"), SqliteOptions.defaults());
        PedigreeServer server = PedigreeServer.builder().port(0).store(store).dataDir(dir).start()) {
      String base = "http://127.0.0.1:" + server.port() + "/api/v1";
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      send(http, base + "/types/artifact",
          "{\"name\":\"Dataset\",\"properties\":{\"rows\":\"INT\",\"format\":\"STRING\",\"score\":\"DOUBLE\"}}");
      AtomicLong sequence = new AtomicLong();
      for (int i = 0; i < 1000; i++) {
        putOne(http, base, sequence);
      }
      long[] latencies = new long[requests];
      for (int i = 0; i < requests; i++) {
        long start = System.nanoTime();
        putOne(http, base, sequence);
        latencies[i] = System.nanoTime() - start;
      }
      Arrays.sort(latencies);
      System.out.printf("single client, %d sequential creates: p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n",
          requests, ms(latencies, 0.50), ms(latencies, 0.90), ms(latencies, 0.99), latencies[requests - 1] / 1e6);

      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<long[]>> futures = new ArrayList<>();
      long start = System.nanoTime();
      for (int c = 0; c < clients; c++) {
        futures.add(pool.submit(() -> {
          HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
          long[] mine = new long[requests / clients];
          for (int i = 0; i < mine.length; i++) {
            long t = System.nanoTime();
            putOne(own, base, sequence);
            mine[i] = System.nanoTime() - t;
          }
          return mine;
        }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<long[]> future : futures) {
        for (long latency : future.get()) {
          all.add(latency);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      long[] concurrent = all.stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf("%d clients, %d creates: %.0f creates/s  p50 %.2f ms  p99 %.2f ms%n", clients,
          concurrent.length, concurrent.length / seconds, ms(concurrent, 0.50), ms(concurrent, 0.99));
    }
  }

  private static void putOne(HttpClient http, String base, AtomicLong sequence) throws Exception {
    long n = sequence.incrementAndGet();
    send(http, base + "/artifacts", "{\"type\":\"Dataset\",\"name\":\"a-" + n + "\",\"uri\":\"s3://b/" + n
        + "\",\"properties\":{\"rows\":" + n + ",\"format\":\"parquet\",\"score\":0.5}}");
  }

  private static void send(HttpClient http, String url, String json) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
  }
}
