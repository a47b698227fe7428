package dev.pedigree.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Durable storage of the metadata graph. All access goes through a transaction: {@link #read} runs
 * on a consistent snapshot, {@link #write} runs all-or-nothing (an exception rolls everything back).
 */
public interface MetadataStore extends AutoCloseable {

  <T> T read(TransactionWork<ReadTransaction, T> work);

  <T> T write(TransactionWork<WriteTransaction, T> work);

  /**
   * Runs each unit as {@link #write} would, in list order, each all-or-nothing on its own; the
   * futures hold each unit's result or the exception that undid it. A store with a single writer
   * queues them all at once, so they share commits with each other and with concurrent writers
   * instead of each waiting for the previous one's commit.
   */
  default <T> List<CompletableFuture<T>> writeEach(List<? extends TransactionWork<WriteTransaction, T>> units) {
    List<CompletableFuture<T>> results = new ArrayList<>(units.size());
    for (TransactionWork<WriteTransaction, T> unit : units) {
      try {
        results.add(CompletableFuture.completedFuture(write(unit)));
      } catch (RuntimeException e) {
        results.add(CompletableFuture.failedFuture(e));
      }
    }
    return results;
  }

  StoreInfo info();

  @Override
  void close();
}
