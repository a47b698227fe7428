package dev.pedigree.store;

/**
 * Durable storage of the metadata graph. All access goes through a transaction: {@link #read} runs
 * on a consistent snapshot, {@link #write} runs all-or-nothing (an exception rolls everything back).
 */
public interface MetadataStore extends AutoCloseable {

  <T> T read(TransactionWork<ReadTransaction, T> work);

  <T> T write(TransactionWork<WriteTransaction, T> work);

  StoreInfo info();

  @Override
  void close();
}
