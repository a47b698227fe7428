package dev.pedigree.store.jdbc;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.StoreInfo;
import dev.pedigree.store.TransactionWork;
import dev.pedigree.store.WriteTransaction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metadata on a PostgreSQL 15+ server shared by any number of stateless replicas. Writes run at
 * READ COMMITTED on a pool of write connections: uniqueness comes from unique constraints and
 * read-modify-write from row locks ({@code SELECT ... FOR UPDATE}), so concurrent writers to
 * different rows never wait for each other. Reads run on a second pool at REPEATABLE READ, read
 * only, so every read transaction sees one snapshot (and read-only snapshots never fail to
 * serialise). Connection failures surface as {@code UNAVAILABLE}; the pools replace broken
 * connections by themselves, so the store recovers once the database is back.
 */
public final class PostgresMetadataStore implements MetadataStore {
  private static final Logger log = LoggerFactory.getLogger(PostgresMetadataStore.class);
  /** Key of the advisory lock that lets exactly one starting replica run migrations at a time. */
  private static final long MIGRATION_LOCK = 0x70656469677265L; // "pedigre"
  private static final PostgresDialect DIALECT = PostgresDialect.INSTANCE;

  private final String location;
  private final HikariDataSource writers;
  private final HikariDataSource readers;
  private final int schemaVersion;

  private PostgresMetadataStore(String location, HikariDataSource writers, HikariDataSource readers,
      int schemaVersion) {
    this.location = location;
    this.writers = writers;
    this.readers = readers;
    this.schemaVersion = schemaVersion;
  }

  /**
   * Connects (retrying as the options say while the server cannot be reached), migrates the
   * schema and opens the pools. {@code user} and {@code password} are used when the URL has none.
   */
  public static PostgresMetadataStore open(String jdbcUrl, @Nullable String user, @Nullable String password,
      PostgresOptions options) {
    requireNonNull(jdbcUrl, "jdbcUrl");
    requireNonNull(options, "options");
    Properties parsed = Driver.parseURL(jdbcUrl, new Properties());
    if (parsed == null || parsed.getProperty("PGHOST", "").isEmpty()) {
      throw PedigreeException.invalidArgument("invalid PostgreSQL URL '" + JdbcStores.redact(jdbcUrl)
          + "' (expected: jdbc:postgresql://HOST[:PORT]/DATABASE)");
    }
    Properties credentials = new Properties();
    String effectiveUser = parsed.getProperty("user", user);
    if (effectiveUser != null) {
      credentials.setProperty("user", effectiveUser);
    }
    String effectivePassword = parsed.getProperty("password", password);
    if (effectivePassword != null) {
      credentials.setProperty("password", effectivePassword);
    }
    String location = "postgresql://" + parsed.getProperty("PGHOST") + ":" + parsed.getProperty("PGPORT", "5432")
        + "/" + parsed.getProperty("PGDBNAME", "");
    int version = migrate(jdbcUrl, credentials, location, effectiveUser, options);
    HikariDataSource writers = pool(jdbcUrl, credentials, options, "pedigree-pg-writers", options.writers(), false);
    HikariDataSource readers;
    try {
      readers = pool(jdbcUrl, credentials, options, "pedigree-pg-readers", options.readers(), true);
    } catch (RuntimeException e) {
      writers.close();
      throw e;
    }
    log.atInfo().addKeyValue("database", location).addKeyValue("schemaVersion", version)
        .log("opened PostgreSQL metadata store");
    return new PostgresMetadataStore(location, writers, readers, version);
  }

  @Override
  public <T> T read(TransactionWork<ReadTransaction, T> work) {
    // After a database restart the pool may still hold connections the server has dropped; the pool
    // discards each one as it fails. A read has no effects, so it moves on to the next connection
    // rather than failing a request that arrived after the database came back.
    int attempts = readers.getMaximumPoolSize() + 1;
    for (int attempt = 1; ; attempt++) {
      try {
        return readOnce(work);
      } catch (PedigreeException e) {
        if (attempt >= attempts || !brokenConnection(e)) {
          throw e;
        }
        log.atDebug().addKeyValue("attempt", attempt).log("read on a broken connection, retrying");
      }
    }
  }

  private <T> T readOnce(TransactionWork<ReadTransaction, T> work) {
    try (Connection connection = readers.getConnection()) {
      try {
        return work.run(new JdbcReadTransaction(connection, DIALECT));
      } finally {
        rollbackQuietly(connection);
      }
    } catch (SQLException e) {
      throw DIALECT.translate(e, "read");
    }
  }

  /** Whether the failure came from a pooled connection the server had closed (not from the pool). */
  private static boolean brokenConnection(PedigreeException e) {
    if (e.code() != ErrorCode.UNAVAILABLE || !(e.getCause() instanceof SQLException cause)
        || cause instanceof java.sql.SQLTransientConnectionException) {
      return false;
    }
    String state = PostgresDialect.sqlState(cause);
    return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02"));
  }

  @Override
  public <T> T write(TransactionWork<WriteTransaction, T> work) {
    try (Connection connection = writers.getConnection()) {
      T result;
      try {
        result = work.run(new JdbcWriteTransaction(connection, DIALECT));
      } catch (RuntimeException | Error e) {
        rollbackQuietly(connection);
        throw e;
      }
      // A failure here leaves the outcome unknown to this process only if the connection broke
      // while the COMMIT was in flight; either way the transaction is all or nothing.
      connection.commit();
      return result;
    } catch (SQLException e) {
      throw DIALECT.translate(e, "commit");
    }
  }

  @Override
  public StoreInfo info() {
    return new StoreInfo("postgresql", location, schemaVersion);
  }

  @Override
  public void close() {
    writers.close();
    readers.close();
  }

  private static int migrate(String jdbcUrl, Properties credentials, String location, @Nullable String user,
      PostgresOptions options) {
    try (Connection connection = connect(jdbcUrl, credentials, location, user, options)) {
      // Replicas starting together queue here; the first migrates, the others then find nothing to do.
      try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
        lock.setLong(1, MIGRATION_LOCK);
        lock.execute();
      }
      try {
        return Migrations.migrate(connection, DIALECT);
      } finally {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
          unlock.setLong(1, MIGRATION_LOCK);
          unlock.execute();
        }
      }
    } catch (SQLException e) {
      throw DIALECT.translate(e, "migrate database " + location);
    }
  }

  private static Connection connect(String jdbcUrl, Properties credentials, String location, @Nullable String user,
      PostgresOptions options) {
    Properties properties = new Properties();
    properties.putAll(credentials);
    properties.setProperty("connectTimeout", Long.toString(Math.max(1, options.connectionTimeout().toSeconds())));
    long delayMs = options.firstRetryDelay().toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        return DriverManager.getConnection(jdbcUrl, properties);
      } catch (SQLException e) {
        String state = PostgresDialect.sqlState(e);
        String reason = oneLine(e);
        if (state != null && state.startsWith("28")) {
          throw new PedigreeException(ErrorCode.INVALID_ARGUMENT, "PostgreSQL at " + location
              + " rejected the credentials of user '" + user + "': " + reason, null);
        }
        if ("3D000".equals(state)) {
          throw new PedigreeException(ErrorCode.INVALID_ARGUMENT, "PostgreSQL at " + location
              + " has no such database: " + reason, null);
        }
        boolean transientFailure = state == null || state.startsWith("08") || "57P03".equals(state)
            || "53300".equals(state);
        if (!transientFailure) {
          throw DIALECT.translate(e, "connect to " + location);
        }
        if (attempt >= options.connectAttempts()) {
          throw PedigreeException.unavailable("cannot reach PostgreSQL at " + location + " after " + attempt
              + (attempt == 1 ? " attempt: " : " attempts: ") + reason, null);
        }
        log.atWarn().addKeyValue("database", location).addKeyValue("attempt", attempt)
            .addKeyValue("retryInMs", delayMs).log("cannot reach PostgreSQL ({}), retrying", reason);
        sleep(delayMs);
        delayMs = Math.min(delayMs * 2, 30_000);
      }
    }
  }

  private static HikariDataSource pool(String jdbcUrl, Properties credentials, PostgresOptions options, String name,
      int size, boolean readOnly) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(jdbcUrl);
    config.setDataSourceProperties(credentials);
    // Batches of INSERTs travel as multi-row INSERTs: one round trip per few hundred rows.
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.setMaximumPoolSize(size);
    // A fixed-size pool: no connection set-up on the path of a request under a burst.
    config.setMinimumIdle(size);
    config.setAutoCommit(false);
    config.setReadOnly(readOnly);
    config.setTransactionIsolation(readOnly ? "TRANSACTION_REPEATABLE_READ" : "TRANSACTION_READ_COMMITTED");
    config.setConnectionTimeout(options.connectionTimeout().toMillis());
    config.setValidationTimeout(Math.min(options.connectionTimeout().toMillis(), 1_000));
    // The start-up check above already reached the server; a pool never refuses to start.
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      log.atDebug().setCause(e).log("rollback failed");
    }
  }

  private static String oneLine(SQLException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.replace('\n', ' ').strip();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PedigreeException.unavailable("interrupted while waiting for PostgreSQL", e);
    }
  }
}
