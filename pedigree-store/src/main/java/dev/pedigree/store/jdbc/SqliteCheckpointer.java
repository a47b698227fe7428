package dev.pedigree.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the write-ahead log back into the database file on its own thread and connection, so that
 * the writer does not. Left to itself, SQLite checkpoints inside the commit that takes the log past
 * 1,000 pages, and every write queued behind that commit waits for the copy and its fsync.
 *
 * <p>After a commit, a passive checkpoint (it never blocks the writer or readers) runs once the
 * commits of the next {@value #PACE_MILLIS} ms have joined it; an idle store runs none. The writer
 * keeps SQLite's own checkpoint at {@value #WRITER_BACKSTOP_PAGES} pages, should this one fall behind
 * or fail, so the log stays bounded either way.
 */
final class SqliteCheckpointer implements AutoCloseable {
  static final int WRITER_BACKSTOP_PAGES = 16_000;
  static final long PACE_MILLIS = 250;
  private static final Logger log = LoggerFactory.getLogger(SqliteCheckpointer.class);

  private final Connection connection;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
      runnable -> Thread.ofPlatform().name("pedigree-sqlite-checkpoint").daemon().unstarted(runnable));
  private final AtomicBoolean scheduled = new AtomicBoolean();

  /** Takes over {@code connection} (read-write, its own) and closes it on {@link #close}. */
  SqliteCheckpointer(Connection connection) {
    this.connection = connection;
  }

  /** Raises the writer's own automatic checkpoint to the backstop. */
  static void leaveCheckpointsTo(Connection writer) throws SQLException {
    try (Statement statement = writer.createStatement()) {
      statement.execute("PRAGMA wal_autocheckpoint = " + WRITER_BACKSTOP_PAGES);
    }
  }

  /** Called by the writer after each commit; cheap when a checkpoint is already scheduled. */
  void committed() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        thread.schedule(this::checkpoint, PACE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Closing: the last connection to close checkpoints.
      }
    }
  }

  private void checkpoint() {
    scheduled.set(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException e) {
      log.atWarn().setCause(e).log("background checkpoint failed; the writer checkpoints at the backstop");
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log.atWarn().setCause(e).log("closing the checkpoint connection failed");
    }
  }
}
