package dev.pedigree.store.jdbc;

import org.sqlite.SQLiteConfig;

/**
 * Tuning of the embedded SQLite store.
 *
 * @param synchronous FULL (default) makes every acknowledged write durable across power loss;
 *     NORMAL trades the last few commits on power loss for speed (never corruption, in WAL mode)
 * @param readers size of the read-only connection pool
 */
public record SqliteOptions(SQLiteConfig.SynchronousMode synchronous, int readers, int busyTimeoutMillis,
    int cacheKib) {

  public SqliteOptions {
    if (readers < 1) {
      throw new IllegalArgumentException("readers: " + readers + " (expected: >= 1)");
    }
  }

  /** Connection settings for the writer ({@code readOnly} false) or a reader. */
  public SQLiteConfig connectionConfig(boolean readOnly) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(synchronous);
    config.setBusyTimeout(busyTimeoutMillis);
    config.setCacheSize(-cacheKib);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    config.enforceForeignKeys(!readOnly);
    config.setReadOnly(readOnly);
    // Ids come back through RETURNING; left on, the driver runs an extra unprepared
    // "SELECT last_insert_rowid()" after every INSERT just in case someone asks for generated keys.
    config.setGetGeneratedKeys(false);
    if (readOnly) {
      config.setOpenMode(org.sqlite.SQLiteOpenMode.READONLY);
    }
    return config;
  }

  public static SqliteOptions defaults() {
    return new SqliteOptions(SQLiteConfig.SynchronousMode.FULL,
        Math.max(4, Runtime.getRuntime().availableProcessors() * 2), 10_000, 64 * 1024);
  }
}
