package dev.pedigree.store.jdbc;

import dev.pedigree.model.PedigreeException;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/** Where SQL differs between the supported databases. Kept as small as possible. */
public sealed interface Dialect permits SqliteDialect, PostgresDialect {

  /** Short database name used in logs and {@code db status}. */
  String name();

  /** The text substituted for a {@code {{TOKEN}}} in a migration script. */
  String migrationToken(String token);

  /** Whether transactions write concurrently (PostgreSQL), rather than one writer applying them in turn (SQLite). */
  boolean concurrentWriters();

  /** Appended to a SELECT to lock the selected rows until the transaction ends. */
  String lockRowsSuffix();

  /**
   * A statement taking a transaction-scoped lock, named by its one bigint parameter, shared with
   * other holders; null where one process owns the database (SQLite: the lock file keeps other
   * processes out, so an in-process lock is enough).
   */
  @Nullable String sharedLockSql();

  /** As {@link #sharedLockSql()}, but held alone: it waits for, and excludes, every other holder. */
  @Nullable String exclusiveLockSql();

  /**
   * A query with one parameter (a count) returning that many fresh ids of {@code table}, so a batch
   * can be inserted with its ids known up front; null where inserting row by row with
   * {@code RETURNING id} is as fast (an in-process database has no round trips to save).
   */
  @Nullable String idAllocationSql(String table);

  /**
   * A query calling the database's own breadth-first lineage walk (migration V9), with the
   * parameters and result columns of {@code lineage_walk}; null where walking frontier by frontier
   * from the application is as fast (an in-process database has no round trips to save).
   */
  @Nullable String lineageWalkSql();

  /**
   * A case-sensitive match of {@code column} against a LIKE pattern ({@code %} and {@code _}
   * wildcards): SQL with one placeholder, to be bound to {@link #caseSensitiveLikeValue}.
   */
  String caseSensitiveLike(String column);

  /** The value to bind for {@link #caseSensitiveLike} given a LIKE pattern. */
  String caseSensitiveLikeValue(String likePattern);

  /** Turns a driver error into the domain error a caller should see. */
  PedigreeException translate(SQLException e, String action);
}
