package dev.pedigree.server.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Python virtual environment built from a pinned requirements file, for tests that drive real
 * Python clients (the official MLMD and MLflow packages) against Pedigree.
 *
 * <p>The environment is created once with {@code python -m venv} and pip, in a cache directory named
 * after the SHA-256 of the requirements file and the interpreter's version, so a changed pin gives a
 * fresh environment and an unchanged one is reused across test classes, JVMs and builds. A file lock
 * keeps concurrent builds from installing into the same directory; a marker file written last makes
 * a half-built environment (an interrupted install) visible, and it is rebuilt.
 *
 * <p>Settings (system properties, then environment variables):
 * <ul>
 *   <li>{@code pedigree.python} / {@code PEDIGREE_PYTHON}: the interpreter that creates environments
 *       (default {@code python3});</li>
 *   <li>{@code pedigree.python.venv-cache} / {@code PEDIGREE_PYTHON_VENV_CACHE}: where environments
 *       live (default {@code target/python-venvs} of the module under test).</li>
 * </ul>
 */
public final class PythonVenv {

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  private static final String READY_MARKER = ".pedigree-ready";
  private static final Map<String, PythonVenv> CREATED = new ConcurrentHashMap<>();

  private final Path directory;

  private PythonVenv(Path directory) {
    this.directory = directory;
  }

  /** The environment for {@code requirements}, creating it first if no cached one is ready. */
  public static PythonVenv forRequirements(Path requirements) {
    requireNonNull(requirements, "requirements");
    String interpreter = setting("pedigree.python", "PEDIGREE_PYTHON", "python3");
    Path cache = Path.of(setting("pedigree.python.venv-cache", "PEDIGREE_PYTHON_VENV_CACHE",
        "target/python-venvs")).toAbsolutePath();
    String key = cacheKey(requirements, interpreter);
    return CREATED.computeIfAbsent(key, k -> create(cache.resolve(k), requirements, interpreter));
  }

  /** The environment's own interpreter. */
  public Path python() {
    return directory.resolve("bin").resolve("python");
  }

  public Path directory() {
    return directory;
  }

  /**
   * Runs {@code script} with the environment's interpreter and waits at most {@code timeout}; a
   * script still running then is killed (with its children) and the call fails with what it printed.
   */
  public PythonResult run(Path script, Duration timeout, String... args) {
    requireNonNull(script, "script");
    requireNonNull(timeout, "timeout");
    List<String> command = new ArrayList<>();
    command.add(python().toString());
    command.add(script.toAbsolutePath().toString());
    command.addAll(List.of(args));
    return exec(command, timeout);
  }

  private static PythonVenv create(Path directory, Path requirements, String interpreter) {
    try {
      Files.createDirectories(directory.getParent());
      Path lockFile = directory.resolveSibling(directory.getFileName() + ".lock");
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        PythonVenv venv = new PythonVenv(directory);
        if (Files.exists(directory.resolve(READY_MARKER))) {
          return venv;
        }
        deleteRecursively(directory);
        check(exec(List.of(interpreter, "-m", "venv", directory.toString()), INSTALL_TIMEOUT),
            "python -m venv");
        check(exec(List.of(venv.python().toString(), "-m", "pip", "install", "--disable-pip-version-check",
            "--no-input", "--quiet", "-r", requirements.toAbsolutePath().toString()), INSTALL_TIMEOUT),
            "pip install -r " + requirements);
        Files.writeString(directory.resolve(READY_MARKER), Files.readString(requirements));
        return venv;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Python environment in " + directory, e);
    }
  }

  private static PythonResult exec(List<String> command, Duration timeout) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("pedigree-python-", ".out");
      err = Files.createTempFile("pedigree-python-", ".err");
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      Map<String, String> env = builder.environment();
      env.remove("PYTHONPATH");
      env.remove("PYTHONHOME");
      env.put("PYTHONUNBUFFERED", "1");
      env.put("PYTHONDONTWRITEBYTECODE", "1");
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command)
            + "\n--- stdout ---\n" + Files.readString(out) + "\n--- stderr ---\n" + Files.readString(err));
      }
      return new PythonResult(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void check(PythonResult result, String what) {
    if (!result.succeeded()) {
      throw new IllegalStateException(what + " failed: " + result.describe());
    }
  }

  private static String cacheKey(Path requirements, String interpreter) {
    PythonResult version = exec(List.of(interpreter, "-c",
        "import platform, sys; print(sys.version); print(platform.machine())"), Duration.ofSeconds(30));
    check(version, interpreter + " -c 'print version'");
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(Files.readAllBytes(requirements));
      digest.update(version.stdout().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + requirements, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String setting(String property, String variable, String fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(variable);
    }
    return value == null || value.isBlank() ? fallback : value;
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

  private static void deleteQuietly(@org.jspecify.annotations.Nullable Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // A leftover temporary file is harmless.
    }
  }
}
