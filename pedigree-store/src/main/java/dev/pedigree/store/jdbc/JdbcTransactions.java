package dev.pedigree.store.jdbc;

import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.ReadTransaction;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Access to the JDBC connection behind a transaction of this package's stores, for the SQL of
 * area stores in sub-packages (such as the MLflow store) that must join the caller's transaction.
 */
public final class JdbcTransactions {
  private JdbcTransactions() {}

  /** The connection the transaction runs on; valid only while the transaction is open. */
  public static Connection connection(ReadTransaction tx) {
    return jdbc(tx).connection;
  }

  /** The SQL dialect of the transaction's database. */
  public static Dialect dialect(ReadTransaction tx) {
    return jdbc(tx).dialect;
  }

  /** Turns a driver error into the domain error, as the store's own statements do. */
  public static PedigreeException translate(ReadTransaction tx, SQLException e, String action) {
    return jdbc(tx).dialect.translate(e, action);
  }

  private static JdbcReadTransaction jdbc(ReadTransaction tx) {
    if (tx instanceof JdbcReadTransaction jdbc) {
      return jdbc;
    }
    throw new IllegalArgumentException("not a JDBC transaction: " + tx.getClass().getName());
  }
}
