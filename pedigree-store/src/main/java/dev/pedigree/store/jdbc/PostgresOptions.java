package dev.pedigree.store.jdbc;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Tuning of the PostgreSQL store.
 *
 * @param writers size of the pool of connections for write transactions
 * @param readers size of the pool of connections for read transactions
 * @param connectAttempts how often to try reaching the database at start before giving up
 * @param firstRetryDelay the wait after the first failed attempt; it doubles after each further one
 * @param connectionTimeout how long a transaction waits for a connection before failing with
 *     {@code UNAVAILABLE} (bounds every call while the database is down)
 */
public record PostgresOptions(int writers, int readers, int connectAttempts, Duration firstRetryDelay,
    Duration connectionTimeout) {

  public PostgresOptions {
    if (writers < 1) {
      throw new IllegalArgumentException("writers: " + writers + " (expected: >= 1)");
    }
    if (readers < 1) {
      throw new IllegalArgumentException("readers: " + readers + " (expected: >= 1)");
    }
    if (connectAttempts < 1) {
      throw new IllegalArgumentException("connectAttempts: " + connectAttempts + " (expected: >= 1)");
    }
    requireNonNull(firstRetryDelay, "firstRetryDelay");
    requireNonNull(connectionTimeout, "connectionTimeout");
    if (connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException("connectionTimeout: " + connectionTimeout + " (expected: >= 250ms)");
    }
  }

  /** 10 + 10 connections; 5 attempts at start, 1 s apart and doubling (about 15 s in all). */
  public static PostgresOptions defaults() {
    return new PostgresOptions(10, 10, 5, Duration.ofSeconds(1), Duration.ofSeconds(5));
  }

  public PostgresOptions withConnectAttempts(int attempts, Duration firstDelay) {
    return new PostgresOptions(writers, readers, attempts, firstDelay, connectionTimeout);
  }

  public PostgresOptions withConnectionTimeout(Duration timeout) {
    return new PostgresOptions(writers, readers, connectAttempts, firstRetryDelay, timeout);
  }

  public PostgresOptions withPools(int newWriters, int newReaders) {
    return new PostgresOptions(newWriters, newReaders, connectAttempts, firstRetryDelay, connectionTimeout);
  }
}
