package dev.pedigree.cli;

import dev.pedigree.store.testing.TestS3;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API that keeps object versions, for what s3proxy cannot play: S3Mock, started in a JVM
 * of its own (its Spring Boot classpath, gathered by the pedigree-s3mock module, stays out of this
 * one) on free loopback ports, storing under a directory. It accepts any key pair, so the CLI and
 * the admin client use {@link TestS3}'s.
 */
final class TestVersionedS3 implements AutoCloseable {
  private static final long START_TIMEOUT_SECONDS = 120;
  private static final Pattern STARTED = Pattern.compile("Tomcat started on ports? \\d+ \\(https\\), (\\d+) \\(http\\)");
  private static final int LOG_LINES = 40;

  private final Process process;
  private final URI endpoint;
  private final S3Client admin;

  private TestVersionedS3(Process process, int port) {
    this.process = process;
    this.endpoint = URI.create("http://127.0.0.1:" + port);
    this.admin = TestS3.adminClient(endpoint);
  }

  /** Starts S3Mock storing under {@code dir}; returns once it serves. */
  static TestVersionedS3 start(Path dir) throws IOException, InterruptedException, TimeoutException {
    String lib = System.getProperty("pedigree.s3mock.lib");
    if (lib == null || !Files.isDirectory(Path.of(lib))) {
      throw new IllegalStateException("S3Mock's libraries are missing (pedigree.s3mock.lib = " + lib
          + "); the pedigree-s3mock module gathers them when the build runs tests");
    }
    Path data = Files.createDirectories(dir.resolve("s3mock"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-cp", lib + File.separator + "*", "com.adobe.testing.s3mock.S3MockApplication",
        "--server.address=127.0.0.1", "--server.port=0", "--com.adobe.testing.s3mock.httpPort=0",
        "--com.adobe.testing.s3mock.domain.root=" + data, "--spring.main.banner-mode=off")
        .redirectErrorStream(true)
        .start();
    try {
      return new TestVersionedS3(process, awaitPort(process));
    } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /**
   * Reads the output until the line that names the HTTP port, then keeps draining it in the
   * background (a full pipe would stall the process).
   */
  private static int awaitPort(Process process) throws IOException, InterruptedException, TimeoutException {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Deque<String> recent = new ArrayDeque<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (!port.isDone()) {
            synchronized (recent) {
              recent.addLast(line);
              if (recent.size() > LOG_LINES) {
                recent.removeFirst();
              }
            }
            Matcher started = STARTED.matcher(line);
            if (started.find()) {
              port.complete(Integer.parseInt(started.group(1)));
            }
          }
        }
      } catch (IOException e) {
        // The process went away; reported below if it never served.
      }
      synchronized (recent) {
        port.completeExceptionally(new IOException("S3Mock stopped before serving:\n" + String.join("\n", recent)));
      }
    }, "s3mock-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return port.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (TimeoutException e) {
      synchronized (recent) {
        throw new TimeoutException("S3Mock did not serve within " + START_TIMEOUT_SECONDS + " s:\n"
            + String.join("\n", recent));
      }
    }
  }

  URI endpoint() {
    return endpoint;
  }

  /** A client with full access, path-style, for setting up and inspecting buckets. */
  S3Client admin() {
    return admin;
  }

  @Override
  public void close() throws InterruptedException {
    admin.close();
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
