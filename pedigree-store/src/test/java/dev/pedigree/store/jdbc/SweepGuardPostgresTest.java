package dev.pedigree.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.store.artifacts.ArtifactRecords;
import dev.pedigree.store.testing.TestPostgres;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Servers sharing one PostgreSQL database: a garbage-collection sweep and upload starts exclude each
 * other through the database, as they do through an in-process lock within one server.
 */
class SweepGuardPostgresTest {
  /** Long enough for an unguarded acquisition on loopback; the positive waits below are far longer. */
  private static final long BLOCKED_MS = 500;

  private final ArtifactRecords records = new JdbcArtifactRecords();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private PostgresMetadataStore store;

  @BeforeEach
  void open() {
    TestPostgres postgres = TestPostgres.shared();
    store = PostgresMetadataStore.open(postgres.jdbcUrl(postgres.createDatabase()), null, null,
        PostgresOptions.defaults().withPools(4, 4));
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    store.close();
  }

  @Test
  void anUploadStartWaitsForARunningSweepAndASweepForRunningStarts() throws Exception {
    CountDownLatch sweeping = new CountDownLatch(1);
    CountDownLatch endSweep = new CountDownLatch(1);
    Future<?> sweep = threads.submit(() -> store.read(tx -> {
      records.lockForSweep(tx);
      sweeping.countDown();
      await(endSweep);
      return null;
    }));
    assertThat(sweeping.await(30, TimeUnit.SECONDS)).isTrue();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch endStart = new CountDownLatch(1);
    Future<?> start = threads.submit(() -> store.write(tx -> {
      records.guardAgainstSweeps(tx);
      started.countDown();
      await(endStart);
      return null;
    }));
    assertThat(started.await(BLOCKED_MS, TimeUnit.MILLISECONDS)).as("start while sweeping").isFalse();
    endSweep.countDown();
    sweep.get(30, TimeUnit.SECONDS);
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    // Starts share the guard; a sweep waits until every start's transaction has ended.
    CountDownLatch secondStarted = new CountDownLatch(1);
    threads.submit(() -> store.write(tx -> {
      records.guardAgainstSweeps(tx);
      secondStarted.countDown();
      return null;
    })).get(30, TimeUnit.SECONDS);
    assertThat(secondStarted.getCount()).isZero();
    CountDownLatch swept = new CountDownLatch(1);
    Future<?> next = threads.submit(() -> store.read(tx -> {
      records.lockForSweep(tx);
      swept.countDown();
      return null;
    }));
    assertThat(swept.await(BLOCKED_MS, TimeUnit.MILLISECONDS)).as("sweep while a start is open").isFalse();
    endStart.countDown();
    start.get(30, TimeUnit.SECONDS);
    next.get(30, TimeUnit.SECONDS);
    assertThat(swept.getCount()).isZero();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the lock holder");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
