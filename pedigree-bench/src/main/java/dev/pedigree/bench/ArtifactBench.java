package dev.pedigree.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.cli.Main;
import dev.pedigree.server.PedigreeServer;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Push/pull throughput of versioned artifacts through the real CLI code and an in-process server,
 * side by side with {@code cp -r} of the same files on the same disk, alone (the copy may still be
 * in the page cache when it returns) and followed by {@code sync} (durable, as a push is).
 *
 * <pre>
 * pedigree-bench/run ArtifactBench [WORK_DIR] [LARGE_MB] [LARGE_FILES] [SMALL_FILES]
 * </pre>
 *
 * Defaults: a temporary directory, 1024 MB in 8 files, 100,000 small files of 1-10 KB.
 */
public final class ArtifactBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ArtifactBench() {}

  public static void main(String[] args) throws Exception {
    Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("pedigree-bench");
    int largeMb = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    int largeFiles = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int smallFiles = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
    Files.createDirectories(work);
    System.setProperty("pedigree.cache-dir", work.resolve("cache").toString());
    Path data = work.resolve("server");
    try (SqliteMetadataStore store = SqliteMetadataStore.open(data.resolve("pedigree.db"), SqliteOptions.defaults())) {
      PedigreeServer server = PedigreeServer.builder().port(0).store(store).dataDir(data).start();
      try {
        String url = "http://127.0.0.1:" + server.port();
        Path large = work.resolve("large");
        writeLarge(large, largeMb, largeFiles);
        report("large", url, work, large, (long) largeMb << 20, largeFiles);
        Path small = work.resolve("small");
        long bytes = writeSmall(small, smallFiles);
        report("small", url, work, small, bytes, smallFiles);
      } finally {
        server.close();
      }
    } finally {
      delete(work);
    }
  }

  private static void report(String name, String url, Path work, Path source, long bytes, int files) throws Exception {
    // Read once before measuring: where the disk is itself cached (a virtual disk on the host's page
    // cache), the first step to read the source would otherwise pay for the others.
    readAll(source);
    dropCaches(source);
    double cp = time(() -> run("cp", "-r", source.toString(), work.resolve(name + "-cp").toString()));
    dropCaches(source);
    // A push returns with every blob flushed to disk; cp -r alone leaves the copy in the page cache.
    double cpSync = time(() -> {
      run("cp", "-r", source.toString(), work.resolve(name + "-cp-sync").toString());
      run("sync");
    });
    dropCaches(source);
    double cpu = cpuSeconds();
    JsonNode first = pedigree(url, "artifact", "push", "bench/" + name, source.toString(), "--json");
    double firstCpu = cpuSeconds() - cpu;
    double pushSeconds = first.path("seconds").asDouble();
    cpu = cpuSeconds();
    JsonNode second = pedigree(url, "artifact", "push", "bench/" + name, source.toString(), "--json");
    double secondCpu = cpuSeconds() - cpu;
    JsonNode rehash = pedigree(url, "artifact", "push", "bench/" + name, source.toString(), "--json", "--no-cache");
    dropCaches(work.resolve("server"));
    cpu = cpuSeconds();
    JsonNode pull = pedigree(url, "artifact", "pull", "bench/" + name, work.resolve(name + "-pull").toString(), "--json");
    double pullCpu = cpuSeconds() - cpu;
    double mb = bytes / 1048576.0;
    System.out.printf(Locale.ROOT, "%s: %d files, %.0f MiB%n", name, files, mb);
    System.out.printf(Locale.ROOT, "  cp -r           %7.2f s  %8.1f MiB/s  %9.0f files/s%n", cp, mb / cp, files / cp);
    System.out.printf(Locale.ROOT, "  cp -r; sync     %7.2f s  %8.1f MiB/s  %9.0f files/s%n", cpSync, mb / cpSync,
        files / cpSync);
    System.out.printf(Locale.ROOT, "  push (first)    %7.2f s  %8.1f MiB/s  %9.0f files/s  (%.2fx cp, %.2fx cp; sync)"
        + "  new bytes %d%n", pushSeconds, mb / pushSeconds, files / pushSeconds, cp / pushSeconds,
        cpSync / pushSeconds, first.path("new_bytes").asLong());
    System.out.printf(Locale.ROOT, "    CPU (client and server) %.2f s%n", firstCpu);
    System.out.printf(Locale.ROOT, "    phases (s)    first %s; again %s%n", first.path("phase_seconds"),
        second.path("phase_seconds"));
    System.out.printf(Locale.ROOT, "  push (again)    %7.2f s  new bytes %d  (%.1f%% of first)%n",
        second.path("seconds").asDouble(), second.path("new_bytes").asLong(),
        100 * second.path("seconds").asDouble() / pushSeconds);
    System.out.printf(Locale.ROOT, "    CPU %.2f s (%.1f%% of first)%n", secondCpu, 100 * secondCpu / firstCpu);
    System.out.printf(Locale.ROOT, "  push (again, re-hashing) %7.2f s  new bytes %d  (%.1f%% of first)%n",
        rehash.path("seconds").asDouble(), rehash.path("new_bytes").asLong(),
        100 * rehash.path("seconds").asDouble() / pushSeconds);
    double pullSeconds = pull.path("seconds").asDouble();
    System.out.printf(Locale.ROOT, "  pull            %7.2f s  %8.1f MiB/s  %9.0f files/s  (%.2fx cp, %.2fx cp; sync)%n",
        pullSeconds, mb / pullSeconds, files / pullSeconds, cp / pullSeconds, cpSync / pullSeconds);
    System.out.printf(Locale.ROOT, "    CPU %.2f s%n", pullCpu);
  }

  /** CPU time of this process (client and server), which load from other processes does not inflate. */
  private static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  private static JsonNode pedigree(String url, String... args) throws IOException {
    String[] withServer = new String[args.length + 2];
    System.arraycopy(args, 0, withServer, 0, args.length);
    withServer[args.length] = "--server";
    withServer[args.length + 1] = url;
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(withServer);
    } finally {
      System.setOut(original);
    }
    if (code != 0) {
      throw new IllegalStateException("pedigree " + String.join(" ", args) + " failed: " + captured);
    }
    return JSON.readTree(captured.toString(StandardCharsets.UTF_8));
  }

  private static void writeLarge(Path dir, int totalMb, int files) throws IOException {
    Files.createDirectories(dir);
    SplittableRandom random = new SplittableRandom(42);
    byte[] block = new byte[1 << 20];
    for (int i = 0; i < files; i++) {
      try (OutputStream out = Files.newOutputStream(dir.resolve("part-" + i + ".bin"))) {
        for (int mb = 0; mb < totalMb / files; mb++) {
          random.nextBytes(block);
          out.write(block);
        }
      }
    }
  }

  private static long writeSmall(Path dir, int files) throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    long total = 0;
    for (int i = 0; i < files; i++) {
      Path file = dir.resolve("d" + (i % 100)).resolve("f" + i + ".dat");
      Files.createDirectories(file.getParent());
      byte[] content = new byte[1024 + random.nextInt(9 * 1024 + 1)];
      random.nextBytes(content);
      Files.write(file, content);
      total += content.length;
    }
    return total;
  }

  /**
   * Writes dirty pages out and evicts the files under {@code tree} from the page cache, so that each
   * measured step reads what it copies from the disk, as the first copy of new data or a pull from
   * a server that has not just written the blobs does (no root needed: {@code posix_fadvise} per
   * file; skipped with a note where Python is missing).
   */
  private static void dropCaches(Path tree) throws Exception {
    run("sync");
    try {
      run("python3", "-c", """
          import os, sys
          for top, _, names in os.walk(sys.argv[1]):
              for name in names:
                  fd = os.open(os.path.join(top, name), os.O_RDONLY)
                  try:
                      os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                  finally:
                      os.close(fd)
          """, tree.toString());
    } catch (IOException e) {
      System.out.println("  (python3 not found: files stay in the page cache between steps)");
    }
  }

  private static void readAll(Path tree) throws IOException {
    try (Stream<Path> paths = Files.walk(tree)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (Files.isRegularFile(path)) {
          try (var in = Files.newInputStream(path)) {
            in.transferTo(OutputStream.nullOutputStream());
          }
        }
      }
    }
  }

  private static double time(ThrowingRunnable work) throws Exception {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
