package dev.pedigree.store.jdbc;

import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.MetadataStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Opens the store named by a JDBC URL: {@code jdbc:sqlite:FILE} or
 * {@code jdbc:postgresql://HOST[:PORT]/DATABASE}. PostgreSQL credentials come from the URL
 * ({@code ?user=...&password=...}) or else from {@code PEDIGREE_DB_USER} and
 * {@code PEDIGREE_DB_PASSWORD}; {@code PEDIGREE_DB_CONNECT_ATTEMPTS} bounds the attempts to reach the
 * server at start (default 5).
 */
public final class JdbcStores {
  private static final String SQLITE = "jdbc:sqlite:";
  private static final String POSTGRESQL = "jdbc:postgresql:";
  private static final String SUPPORTED = "jdbc:sqlite:FILE, jdbc:postgresql://HOST[:PORT]/DATABASE";

  private JdbcStores() {}

  /** Opens the store, reading PostgreSQL credentials from the process environment. */
  public static MetadataStore open(String jdbcUrl) {
    return open(jdbcUrl, System.getenv());
  }

  /** Opens the store, reading PostgreSQL credentials and start-up retries from {@code env}. */
  public static MetadataStore open(String jdbcUrl, Map<String, String> env) {
    if (jdbcUrl.startsWith(SQLITE)) {
      return SqliteMetadataStore.open(sqliteFile(jdbcUrl), SqliteOptions.defaults());
    }
    if (jdbcUrl.startsWith(POSTGRESQL)) {
      PostgresOptions options = PostgresOptions.defaults();
      String attempts = env.get("PEDIGREE_DB_CONNECT_ATTEMPTS");
      if (attempts != null) {
        try {
          options = options.withConnectAttempts(Integer.parseInt(attempts.strip()), Duration.ofSeconds(1));
        } catch (IllegalArgumentException e) {
          throw PedigreeException.invalidArgument("PEDIGREE_DB_CONNECT_ATTEMPTS: '" + attempts
              + "' (expected: a whole number >= 1)");
        }
      }
      return PostgresMetadataStore.open(jdbcUrl, env.get("PEDIGREE_DB_USER"), env.get("PEDIGREE_DB_PASSWORD"),
          options);
    }
    throw PedigreeException.invalidArgument("unsupported database URL '" + redact(jdbcUrl)
        + "' (supported: " + SUPPORTED + ")");
  }

  private static Path sqliteFile(String jdbcUrl) {
    String path = jdbcUrl.substring(SQLITE.length());
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    if (path.startsWith("file:")) {
      path = path.substring("file:".length());
    }
    if (path.isEmpty() || path.contains(":memory:") || path.contains("mode=memory")) {
      throw PedigreeException.invalidArgument(
          "an in-memory SQLite database cannot be shared by the store's connections; give a file: jdbc:sqlite:FILE");
    }
    return Path.of(path);
  }

  /** The URL without credentials, safe to show. */
  public static String redact(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*@", "//***@");
  }
}
