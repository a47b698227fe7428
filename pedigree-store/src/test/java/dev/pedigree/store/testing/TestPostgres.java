package dev.pedigree.store.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A real PostgreSQL server for tests, from binaries shipped in a jar: started in a temp directory on
 * a random loopback port, stoppable and restartable on the same port and data.
 */
public final class TestPostgres implements AutoCloseable {
  private static @Nullable TestPostgres shared;

  private final Path dataDir;
  private final Map<String, String> config;
  private final AtomicInteger databases = new AtomicInteger();
  private int port;
  private @Nullable EmbeddedPostgres server;

  private TestPostgres(Path dataDir, Map<String, String> config) {
    this.dataDir = dataDir;
    this.config = config;
  }

  /** A server with durable commits (the defaults of PostgreSQL), for fault and scale tests. */
  public static TestPostgres start(Path dataDir) {
    TestPostgres postgres = new TestPostgres(dataDir, Map.of("synchronous_commit", "on", "fsync", "on"));
    postgres.start();
    return postgres;
  }

  /**
   * One server for the whole test JVM, with durability off for speed (tests never crash the host);
   * stopped when the JVM exits. Give each test its own database with {@link #createDatabase()}.
   */
  public static synchronized TestPostgres shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("pedigree-pg-");
        TestPostgres postgres = new TestPostgres(dir.resolve("data"),
            Map.of("synchronous_commit", "off", "fsync", "off", "full_page_writes", "off"));
        postgres.start();
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
        shared = postgres;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  public synchronized void start() {
    if (server != null) {
      return;
    }
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setPGStartupWait(Duration.ofSeconds(60))
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("max_connections", "300");
      config.forEach(builder::setServerConfig);
      if (port != 0) {
        builder.setPort(port);
      }
      server = builder.start();
      port = server.getPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL in " + dataDir, e);
    }
  }

  /** Stops the server (fast shutdown: open sessions are cut off); the data stays. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      server = null;
    }
  }

  public int port() {
    return port;
  }

  /** A URL for {@code database} as the superuser {@code postgres} (the server trusts loopback). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  /** Creates a fresh, empty database and returns its name. */
  public String createDatabase() {
    String name = "pedigree_" + databases.incrementAndGet();
    execute("postgres", "CREATE DATABASE " + name);
    return name;
  }

  /** Runs one statement in {@code database} with auto-commit. */
  public void execute(String database, String sql) {
    try (Connection connection = java.sql.DriverManager.getConnection(jdbcUrl(database));
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed: " + sql, e);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
