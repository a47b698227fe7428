package dev.pedigree.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ArtifactStoreBenchmark} and prints Pedigree against plain JDBC with their ratio.
 * Usage: {@code pedigree-bench/run FoundationBench [iterations] [seconds-per-iteration]}.
 */
public final class FoundationBench {
  private FoundationBench() {}

  public static void main(String[] args) throws Exception {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Options options = new OptionsBuilder()
        .include(ArtifactStoreBenchmark.class.getName())
        .forks(1)
        .warmupIterations(2)
        .warmupTime(TimeValue.seconds(seconds))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(seconds))
        .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "-Xmx2g")
        .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, double[]> scores = new HashMap<>();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      scores.put(name, new double[] {result.getPrimaryResult().getScore(),
          result.getPrimaryResult().getScoreError()});
    }
    int batch = Integer.parseInt(results.iterator().next().getParams().getParam("batch"));
    System.out.println();
    System.out.println("Pedigree store vs plain JDBC on the same SQLite settings (higher is better)");
    print("batched put (" + batch + " artifacts x 3 properties / tx), artifacts/s", scores.get("pedigreePut"),
        scores.get("jdbcPut"), batch);
    print("get by id (node + properties), gets/s", scores.get("pedigreeGetById"), scores.get("jdbcGetById"), 1);
  }

  private static void print(String what, double[] pedigree, double[] jdbc, int scale) {
    System.out.printf("%-72s pedigree %,12.0f ± %,.0f   plain JDBC %,12.0f ± %,.0f   ratio %.2f%n", what,
        pedigree[0] * scale, pedigree[1] * scale, jdbc[0] * scale, jdbc[1] * scale, pedigree[0] / jdbc[0]);
  }
}
