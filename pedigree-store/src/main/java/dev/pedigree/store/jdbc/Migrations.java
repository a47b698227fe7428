package dev.pedigree.store.jdbc;

import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forward-only, versioned schema migrations, one history for every database. A released migration
 * is never edited; a change is a new file appended to {@link #SCRIPTS}. A script is shared by every
 * database ({@code migrations/NAME.sql}, with {@code {{TOKEN}}}s filled in by the dialect) or, where
 * the databases differ beyond tokens, written once per database ({@code migrations/DIALECT/NAME.sql},
 * empty of statements where a database needs nothing).
 */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  /** Migration scripts in order; version N is the N-th entry. */
  static final List<String> SCRIPTS = List.of("V1__metadata_graph", "V2__type_time_indexes", "V3__artifacts",
      "V4__lineage_openlineage", "V5__mlflow", "V6__blob_reference_indexes",
      "V7__artifact_retention", "V8__string_index_without_structs", "V9__lineage_walk",
      "V10__openlineage_job_context");

  private static final Pattern TOKEN = Pattern.compile("\\{\\{([A-Z_]+)}}");
  /** A statement's end, or a {@code $$} opening or closing a function body whose semicolons do not end it. */
  private static final Pattern STATEMENT_END_OR_QUOTE = Pattern.compile("\\$\\$|;\\s*\n");

  private Migrations() {}

  /** The schema version this code writes and understands. */
  public static int latestVersion() {
    return SCRIPTS.size();
  }

  /** The applied version, 0 for an empty database. */
  public static int currentVersion(Connection connection) throws SQLException {
    if (!hasVersionTable(connection)) {
      return 0;
    }
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }

  /**
   * Brings the schema up to date. Refuses a database whose schema is newer than this code, since
   * writing to it could corrupt data a newer version relies on. Returns the resulting version.
   */
  public static int migrate(Connection connection, Dialect dialect) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
            + "version INTEGER PRIMARY KEY, description VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)");
      }
      connection.commit();
      int current = currentVersion(connection);
      checkNotNewer(current);
      for (int version = current + 1; version <= latestVersion(); version++) {
        String name = SCRIPTS.get(version - 1);
        log.atInfo().addKeyValue("version", version).addKeyValue("migration", name)
            .log("applying schema migration");
        try (Statement statement = connection.createStatement()) {
          for (String sql : statements(load(name, dialect), dialect)) {
            statement.execute(sql);
          }
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
          insert.setInt(1, version);
          insert.setString(2, name);
          insert.setLong(3, System.currentTimeMillis());
          insert.executeUpdate();
        }
        connection.commit();
      }
      return latestVersion();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** Fails when the database was written by a newer version of Pedigree. */
  public static void checkNotNewer(int current) {
    if (current > latestVersion()) {
      throw new PedigreeException(ErrorCode.FAILED_PRECONDITION, "database schema version " + current
          + " is newer than this Pedigree understands (" + latestVersion()
          + "); run a newer Pedigree or restore a backup");
    }
  }

  static List<String> statements(String script, Dialect dialect) {
    StringBuilder withoutComments = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (!trimmed.startsWith("--")) {
        withoutComments.append(line).append('\n');
      }
    }
    Matcher matcher = TOKEN.matcher(withoutComments);
    StringBuilder substituted = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(substituted, Matcher.quoteReplacement(dialect.migrationToken(matcher.group(1))));
    }
    matcher.appendTail(substituted);
    List<String> statements = new ArrayList<>();
    Matcher end = STATEMENT_END_OR_QUOTE.matcher(substituted);
    int start = 0;
    boolean quoted = false;
    while (end.find()) {
      if (end.group().equals("$$")) {
        quoted = !quoted;
      } else if (!quoted) {
        addStatement(statements, substituted.substring(start, end.start()));
        start = end.end();
      }
    }
    addStatement(statements, substituted.substring(start));
    return statements;
  }

  private static void addStatement(List<String> statements, String statement) {
    String trimmed = statement.strip();
    if (trimmed.endsWith(";")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
    }
    if (!trimmed.isEmpty()) {
      statements.add(trimmed);
    }
  }

  /** The script shared by every database, else the one written for this dialect's database. */
  private static String load(String name, Dialect dialect) {
    String shared = "/dev/pedigree/store/migrations/" + name + ".sql";
    String own = "/dev/pedigree/store/migrations/" + dialect.name() + "/" + name + ".sql";
    String script = read(shared);
    if (script == null) {
      script = read(own);
    }
    if (script == null) {
      throw new IllegalStateException("missing migration resource " + shared + " or " + own);
    }
    return script;
  }

  private static @Nullable String read(String resource) {
    try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration " + resource, e);
    }
  }

  private static boolean hasVersionTable(Connection connection) throws SQLException {
    // Only the connection's own schema counts: another schema of the same database may hold
    // another application's table of that name.
    try (ResultSet tables = connection.getMetaData().getTables(null, connection.getSchema(), "schema_version", null)) {
      return tables.next();
    }
  }
}
