package dev.pedigree.store.jdbc.mlflow;

import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.jdbc.JdbcTransactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Statement helpers over the transaction's connection; driver errors become domain errors. */
final class Jdbc {
  private Jdbc() {}

  @FunctionalInterface
  interface Rows<T> {
    T map(ResultSet row) throws SQLException;
  }

  static <T> List<T> query(ReadTransaction tx, String action, String sql, List<?> parameters, Rows<T> rows) {
    try (PreparedStatement statement = JdbcTransactions.connection(tx).prepareStatement(sql)) {
      bind(statement, parameters);
      List<T> result = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          result.add(rows.map(row));
        }
      }
      return result;
    } catch (SQLException e) {
      throw JdbcTransactions.translate(tx, e, action);
    }
  }

  static <T> Optional<T> first(ReadTransaction tx, String action, String sql, List<?> parameters, Rows<T> rows) {
    List<T> all = query(tx, action, sql, parameters, rows);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  static int update(ReadTransaction tx, String action, String sql, Object... parameters) {
    try (PreparedStatement statement = JdbcTransactions.connection(tx).prepareStatement(sql)) {
      bind(statement, java.util.Arrays.asList(parameters));
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw JdbcTransactions.translate(tx, e, action);
    }
  }

  /** Runs one statement for each parameter list, as a batch. */
  static void batch(ReadTransaction tx, String action, String sql, Collection<List<Object>> parameterLists) {
    if (parameterLists.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = JdbcTransactions.connection(tx).prepareStatement(sql)) {
      for (List<Object> parameters : parameterLists) {
        bind(statement, parameters);
        statement.addBatch();
      }
      statement.executeBatch();
    } catch (SQLException e) {
      throw JdbcTransactions.translate(tx, e, action);
    }
  }

  static void bind(PreparedStatement statement, List<?> parameters) throws SQLException {
    int index = 1;
    for (Object parameter : parameters) {
      statement.setObject(index++, parameter);
    }
  }

  static @Nullable Long nullableLong(ResultSet row, int column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  static String placeholders(int count) {
    return "?, ".repeat(count - 1) + "?";
  }

  /** Splits long IN lists. */
  static <T> List<List<T>> chunks(Collection<T> values) {
    List<T> all = List.copyOf(values);
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += 500) {
      chunks.add(all.subList(from, Math.min(all.size(), from + 500)));
    }
    return chunks;
  }
}
