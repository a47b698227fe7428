package dev.pedigree.store;

/** A unit of work run inside one transaction. */
@FunctionalInterface
public interface TransactionWork<X, T> {
  T run(X transaction);
}
