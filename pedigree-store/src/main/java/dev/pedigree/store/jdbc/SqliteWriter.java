package dev.pedigree.store.jdbc;

import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.TransactionWork;
import dev.pedigree.store.WriteTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a SQLite database, with group commit: a transaction takes the first queued
 * write unit and then every unit queued before it ends (up to {@value #MAX_GROUP}), each after the
 * first inside its own savepoint, so one failing unit rolls back only itself while the group shares
 * one commit (one fsync, and each changed page written once). Every caller still sees
 * all-or-nothing semantics for its own unit.
 */
final class SqliteWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SqliteWriter.class);
  private static final int MAX_GROUP = 64;

  private static final int CACHED_STATEMENTS = 256;

  private final Connection connection;
  private final Dialect dialect;
  /** Used only by the writer thread (and by close, after that thread ended). */
  private final StatementCache statements;
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  private final Runnable afterCommit;
  private final Thread thread;
  private volatile boolean closed;

  /** {@code afterCommit} runs on the writer thread after every commit and must return at once. */
  SqliteWriter(Connection connection, Dialect dialect, Runnable afterCommit) throws SQLException {
    this.connection = connection;
    this.dialect = dialect;
    this.afterCommit = afterCommit;
    this.statements = new StatementCache(connection, CACHED_STATEMENTS);
    connection.setAutoCommit(false);
    this.thread = Thread.ofPlatform().name("pedigree-sqlite-writer").daemon().start(this::loop);
  }

  <T> T write(TransactionWork<WriteTransaction, T> work) {
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException("a write transaction cannot start another one");
    }
    Task<T> task = new Task<>(work);
    if (closed) {
      throw PedigreeException.unavailable("the store is closed", null);
    }
    queue.add(task);
    try {
      return task.result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw PedigreeException.internal("write failed", e.getCause());
    }
  }

  /** Queues the units together, in order; each future completes after its unit's commit or rollback. */
  <T> List<CompletableFuture<T>> writeEach(List<? extends TransactionWork<WriteTransaction, T>> units) {
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException("a write transaction cannot start another one");
    }
    List<Task<T>> tasks = new ArrayList<>(units.size());
    units.forEach(unit -> tasks.add(new Task<>(unit)));
    if (closed) {
      throw PedigreeException.unavailable("the store is closed", null);
    }
    queue.addAll(tasks);
    List<CompletableFuture<T>> results = new ArrayList<>(tasks.size());
    tasks.forEach(task -> results.add(task.result));
    return results;
  }

  private void loop() {
    List<Task<?>> group = new ArrayList<>(MAX_GROUP);
    while (!closed || !queue.isEmpty()) {
      try {
        Task<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        runGroup(first, group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        group.clear();
      }
    }
    Task<?> left;
    while ((left = queue.poll()) != null) {
      left.result.completeExceptionally(PedigreeException.unavailable("the store is closed", null));
    }
  }

  private void runGroup(Task<?> first, List<Task<?>> group) {
    JdbcWriteTransaction transaction = new JdbcWriteTransaction(connection, dialect, statements);
    List<@Nullable Throwable> failures = new ArrayList<>();
    List<@Nullable Object> results = new ArrayList<>();
    try {
      // Units queued while the group runs join it: under steady load a commit takes everyone who came
      // in meanwhile, instead of the few who were waiting when it started.
      for (Task<?> task = first; task != null; task = group.size() < MAX_GROUP ? queue.poll() : null) {
        group.add(task);
        Savepoint savepoint = group.size() == 1 ? null : connection.setSavepoint();
        try {
          results.add(task.work.run(transaction));
          failures.add(null);
          if (savepoint != null) {
            connection.releaseSavepoint(savepoint);
          }
        } catch (RuntimeException e) {
          if (savepoint != null) {
            connection.rollback(savepoint);
            connection.releaseSavepoint(savepoint);
          } else {
            connection.rollback();
          }
          results.add(null);
          failures.add(e);
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException | Error e) {
      rollbackQuietly();
      RuntimeException failure = e instanceof SQLException sql
          ? dialect.translate(sql, "commit")
          : e instanceof RuntimeException runtime ? runtime : PedigreeException.internal("write failed", e);
      for (Task<?> task : group) {
        task.result.completeExceptionally(failure);
      }
      return;
    }
    for (int i = 0; i < group.size(); i++) {
      group.get(i).complete(results.get(i), failures.get(i));
    }
    // Outside the transaction's error handling: whatever it does, the units above are committed.
    afterCommit.run();
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      log.atWarn().setCause(e).log("rollback failed");
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    statements.close();
    try {
      connection.close();
    } catch (SQLException e) {
      log.atWarn().setCause(e).log("closing the writer connection failed");
    }
  }

  private static final class Task<T> {
    final TransactionWork<WriteTransaction, T> work;
    final CompletableFuture<T> result = new CompletableFuture<>();

    Task(TransactionWork<WriteTransaction, T> work) {
      this.work = work;
    }

    @SuppressWarnings("unchecked")
    void complete(@Nullable Object value, @Nullable Throwable failure) {
      if (failure != null) {
        result.completeExceptionally(failure);
      } else {
        result.complete((T) value);
      }
    }
  }
}
