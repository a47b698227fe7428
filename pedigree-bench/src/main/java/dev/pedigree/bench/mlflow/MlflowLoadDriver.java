package dev.pedigree.bench.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load driver for the MLflow front door: runs the same workloads, with the same HTTP client, against
 * Pedigree and against a stock MLflow server, and prints both plus the ratio. Run it through
 * {@code pedigree-bench/scripts/mlflow-bench.sh}, which installs and starts both servers.
 *
 * <p>Arguments: {@code PEDIGREE_URL MLFLOW_URL MLFLOW_SEED_COMMAND...}. The seed command bulk-loads
 * the stock server's SQLite database directly (its API is too slow to load 100k runs in reasonable
 * time); it is called as {@code SEED... runs EXPERIMENT_ID COUNT} and {@code SEED... history RUN_ID
 * KEY COUNT}. Pedigree is loaded through its MLflow API (create-run plus log-batch, 8 threads).
 * Sizes: system properties {@code runs} (100000), {@code points} (1000000), {@code seconds} (20).
 */
public final class MlflowLoadDriver {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final int THREADS = Integer.getInteger("threads", 8);
  private static final int RUNS = Integer.getInteger("runs", 100_000);
  private static final int POINTS = Integer.getInteger("points", 1_000_000);
  private static final int SECONDS = Integer.getInteger("seconds", 20);
  private static final List<String> PHASES =
      List.of(System.getProperty("phases", "batch,create,search,history").split(","));

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newFixedThreadPool(THREADS)).build();
  private final String base;
  private final String name;

  private MlflowLoadDriver(String name, String base) {
    this.name = name;
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: MlflowLoadDriver PEDIGREE_URL MLFLOW_URL SEED_COMMAND...");
      System.exit(2);
    }
    MlflowLoadDriver pedigree = new MlflowLoadDriver("pedigree", args[0]);
    MlflowLoadDriver mlflow = new MlflowLoadDriver("mlflow", args[1]);
    List<String> seed = Arrays.asList(args).subList(2, args.length);
    Map<String, double[]> results = new LinkedHashMap<>();

    if (PHASES.contains("batch")) {
      results.put("log-batch (10 metrics), requests/s, " + THREADS + " threads, higher is better",
          new double[] {pedigree.logBatchThroughput(), mlflow.logBatchThroughput()});
    }
    if (PHASES.contains("create")) {
      double[] pedigreeCreate = pedigree.createRunLatency();
      double[] mlflowCreate = mlflow.createRunLatency();
      results.put("create-run latency p50 ms, lower is better", new double[] {pedigreeCreate[0], mlflowCreate[0]});
      results.put("create-run latency p99 ms, lower is better", new double[] {pedigreeCreate[1], mlflowCreate[1]});
    }
    if (PHASES.contains("search")) {
      search(pedigree, mlflow, seed, results);
    }
    if (PHASES.contains("history")) {
      history(pedigree, mlflow, seed, results);
    }
    printTable(results);
    System.exit(0);
  }

  private static void search(MlflowLoadDriver pedigree, MlflowLoadDriver mlflow, List<String> seed,
      Map<String, double[]> results) throws Exception {
    String pedigreeSearch = pedigree.createExperiment("bench-search-" + System.nanoTime());
    long seedStart = System.nanoTime();
    pedigree.seedRunsThroughApi(pedigreeSearch, RUNS);
    System.out.printf(Locale.ROOT, "pedigree: loaded %d runs through the API in %.1f s%n", RUNS,
        (System.nanoTime() - seedStart) / 1e9);
    String mlflowSearch = mlflow.createExperiment("bench-search-" + System.nanoTime());
    seedStart = System.nanoTime();
    run(seed, "runs", mlflowSearch, Integer.toString(RUNS));
    System.out.printf(Locale.ROOT, "mlflow: loaded %d runs into its SQLite database in %.1f s%n", RUNS,
        (System.nanoTime() - seedStart) / 1e9);
    double[] pedigreeSearchMs = pedigree.searchLatency(pedigreeSearch);
    double[] mlflowSearchMs = mlflow.searchLatency(mlflowSearch);
    results.put("search-runs over " + RUNS + " runs (metric filter + order, 100 per page) p50 ms",
        new double[] {pedigreeSearchMs[0], mlflowSearchMs[0]});
    results.put("search-runs p95 ms", new double[] {pedigreeSearchMs[1], mlflowSearchMs[1]});
  }

  private static void history(MlflowLoadDriver pedigree, MlflowLoadDriver mlflow, List<String> seed,
      Map<String, double[]> results) throws Exception {
    String pedigreeRun = pedigree.createRun("0");
    long seedStart = System.nanoTime();
    pedigree.seedHistoryThroughApi(pedigreeRun, POINTS);
    System.out.printf(Locale.ROOT, "pedigree: logged %d points through log-batch in %.1f s%n", POINTS,
        (System.nanoTime() - seedStart) / 1e9);
    String mlflowRun = mlflow.createRun("0");
    run(seed, "history", mlflowRun, "h", Integer.toString(POINTS));
    results.put("get-history of " + POINTS + " points (pages of 25000), seconds",
        new double[] {pedigree.historySeconds(pedigreeRun), mlflow.historySeconds(mlflowRun)});
  }

  private static void printTable(Map<String, double[]> results) {
    System.out.println();
    System.out.printf(Locale.ROOT, "| %-75s | %12s | %12s | %9s |%n", "workload", "Pedigree", "MLflow", "ratio");
    System.out.printf(Locale.ROOT, "|%s|%s|%s|%s|%n", "-".repeat(77), "-".repeat(14), "-".repeat(14), "-".repeat(11));
    for (Map.Entry<String, double[]> row : results.entrySet()) {
      double[] v = row.getValue();
      boolean higherIsBetter = row.getKey().contains("requests/s");
      double ratio = higherIsBetter ? v[0] / v[1] : v[1] / v[0];
      System.out.printf(Locale.ROOT, "| %-75s | %12.2f | %12s | %9s |%n", row.getKey(), v[0],
          Double.isInfinite(v[1]) ? "timed out" : String.format(Locale.ROOT, "%.2f", v[1]),
          Double.isInfinite(v[1]) ? "-" : String.format(Locale.ROOT, "%.1fx", ratio));
    }
  }

  // Workloads

  double logBatchThroughput() throws Exception {
    String experiment = createExperiment("bench-batch-" + System.nanoTime());
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      runs.add(createRun(experiment));
    }
    AtomicLong count = new AtomicLong();
    long warmupEnd = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    long end = warmupEnd + Duration.ofSeconds(SECONDS).toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> futures = new ArrayList<>();
    for (String run : runs) {
      futures.add(pool.submit(() -> {
        long step = 0;
        while (System.nanoTime() < end) {
          ObjectNode body = JSON.createObjectNode().put("run_id", run);
          ArrayNode metrics = body.putArray("metrics");
          long now = System.currentTimeMillis();
          for (int k = 0; k < 10; k++) {
            metrics.addObject().put("key", "metric_" + k).put("value", ThreadLocalRandom.current().nextDouble())
                .put("timestamp", now).put("step", step);
          }
          step++;
          post("runs/log-batch", body);
          if (System.nanoTime() > warmupEnd) {
            count.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
    double rate = count.get() / (double) SECONDS;
    System.out.printf(Locale.ROOT, "%s: log-batch %.1f requests/s%n", name, rate);
    return rate;
  }

  double[] createRunLatency() throws Exception {
    String experiment = createExperiment("bench-create-" + System.nanoTime());
    for (int i = 0; i < 30; i++) {
      createRun(experiment);
    }
    int n = 300;
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      createRun(experiment);
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    double[] result = {ms[n / 2], ms[n * 99 / 100]};
    System.out.printf(Locale.ROOT, "%s: create-run p50 %.2f ms, p99 %.2f ms%n", name, result[0], result[1]);
    return result;
  }

  double[] searchLatency(String experiment) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("experiment_ids").add(experiment);
    body.put("filter", "metrics.score > 0.5");
    body.putArray("order_by").add("metrics.score DESC");
    body.put("max_results", 100);
    JsonNode first;
    try {
      first = post("runs/search", body);
    } catch (java.net.http.HttpTimeoutException e) {
      System.out.printf(Locale.ROOT, "%s: search-runs did not answer within %d s%n", name, TIMEOUT.toSeconds());
      return new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    }
    if (first.path("runs").size() != 100) {
      throw new IllegalStateException(name + ": search returned " + first.path("runs").size() + " runs");
    }
    // Up to 30 measured queries, but at most about two minutes of them (the stock server can take
    // minutes per query at this size); at least three.
    List<Double> samples = new ArrayList<>();
    long budgetEnd = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (samples.size() < 30 && (samples.size() < 3 || System.nanoTime() < budgetEnd)) {
      long start = System.nanoTime();
      post("runs/search", body);
      samples.add((System.nanoTime() - start) / 1e6);
    }
    double[] ms = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = ms.length;
    double[] result = {ms[n / 2], ms[Math.min(n - 1, n * 95 / 100)]};
    System.out.printf(Locale.ROOT, "%s: search-runs p50 %.1f ms, p95 %.1f ms (%d queries)%n", name, result[0],
        result[1], n);
    return result;
  }

  double historySeconds(String runId) throws Exception {
    List<Double> samples = new ArrayList<>();
    long budgetEnd = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (samples.size() < 3 && (samples.isEmpty() || System.nanoTime() < budgetEnd)) {
      long start = System.nanoTime();
      long points = 0;
      String token = null;
      do {
        String query = "metrics/get-history?run_id=" + runId + "&metric_key=h&max_results=25000"
            + (token == null ? "" : "&page_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        JsonNode page = get(query);
        points += page.path("metrics").size();
        token = page.hasNonNull("next_page_token") && !page.get("next_page_token").asText().isEmpty()
            ? page.get("next_page_token").asText() : null;
      } while (token != null);
      samples.add((System.nanoTime() - start) / 1e9);
      if (points != POINTS) {
        throw new IllegalStateException(name + ": history returned " + points + " points, expected " + POINTS);
      }
    }
    double[] seconds = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = seconds[seconds.length / 2];
    System.out.printf(Locale.ROOT, "%s: get-history of %d points in %.2f s (median of %d)%n", name, POINTS,
        median, seconds.length);
    return median;
  }

  // Loading Pedigree through its API

  void seedRunsThroughApi(String experiment, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> futures = new ArrayList<>();
    int perThread = count / THREADS;
    for (int t = 0; t < THREADS; t++) {
      int runs = t == THREADS - 1 ? count - perThread * (THREADS - 1) : perThread;
      futures.add(pool.submit(() -> {
        for (int i = 0; i < runs; i++) {
          String run = createRun(experiment);
          ObjectNode body = JSON.createObjectNode().put("run_id", run);
          body.putArray("metrics").addObject().put("key", "score")
              .put("value", ThreadLocalRandom.current().nextDouble()).put("timestamp", System.currentTimeMillis())
              .put("step", 0);
          body.putArray("params").addObject().put("key", "model").put("value", i % 2 == 0 ? "tree" : "linear");
          post("runs/log-batch", body);
        }
        return null;
      }));
    }
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
  }

  void seedHistoryThroughApi(String runId, int points) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int batch = 0; batch < points / 1000; batch++) {
      int first = batch * 1000;
      futures.add(pool.submit(() -> {
        ObjectNode body = JSON.createObjectNode().put("run_id", runId);
        ArrayNode metrics = body.putArray("metrics");
        for (int i = first; i < first + 1000; i++) {
          metrics.addObject().put("key", "h").put("value", Math.sin(i)).put("timestamp", 1_700_000_000_000L + i)
              .put("step", i);
        }
        post("runs/log-batch", body);
        return null;
      }));
    }
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
  }

  // HTTP

  String createExperiment(String experimentName) throws Exception {
    return post("experiments/create", JSON.createObjectNode().put("name", experimentName)).get("experiment_id")
        .asText();
  }

  String createRun(String experiment) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("experiment_id", experiment)
        .put("start_time", System.currentTimeMillis());
    body.putArray("tags").addObject().put("key", "mlflow.user").put("value", "bench");
    return post("runs/create", body).get("run").get("info").get("run_id").asText();
  }

  JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + path))
        .header("Content-Type", "application/json").timeout(TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    return send(request);
  }

  JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + pathAndQuery))
        .timeout(TIMEOUT).GET().build();
    return send(request);
  }

  private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(name + ": " + request.method() + " " + request.uri() + " -> "
          + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
    }
    return JSON.readTree(response.body());
  }

  private static void run(List<String> command, String... args) throws Exception {
    List<String> full = new ArrayList<>(command);
    full.addAll(List.of(args));
    Process process = new ProcessBuilder(full).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("seed command failed: " + full);
    }
  }
}
