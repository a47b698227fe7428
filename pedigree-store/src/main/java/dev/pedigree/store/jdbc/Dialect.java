package dev.pedigree.store.jdbc;

import dev.pedigree.model.PedigreeException;
import java.sql.SQLException;

/** Where SQL differs between the supported databases. Kept as small as possible. */
public sealed interface Dialect permits SqliteDialect {

  /** Short database name used in logs and {@code db status}. */
  String name();

  /** The text substituted for a {@code {{TOKEN}}} in a migration script. */
  String migrationToken(String token);

  /** Appended to a SELECT to lock the selected rows until the transaction ends. */
  String lockRowsSuffix();

  /** Turns a driver error into the domain error a caller should see. */
  PedigreeException translate(SQLException e, String action);
}
