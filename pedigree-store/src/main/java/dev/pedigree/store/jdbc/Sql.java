package dev.pedigree.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Small helpers for building parameterised SQL. */
final class Sql {
  /** Largest IN list sent in one statement; longer lists are split into chunks. */
  static final int MAX_IN = 500;

  private Sql() {}

  /** {@code ?, ?, ?} with {@code count} placeholders. */
  static String placeholders(int count) {
    return "?, ".repeat(count - 1) + "?";
  }

  static <T> List<List<T>> chunks(Collection<T> values) {
    List<T> all = List.copyOf(values);
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += MAX_IN) {
      chunks.add(all.subList(from, Math.min(all.size(), from + MAX_IN)));
    }
    return chunks;
  }

  /** Binds values from parameter index {@code first}; returns the next free index. */
  static int bindAll(PreparedStatement statement, int first, List<?> values) throws SQLException {
    int index = first;
    for (Object value : values) {
      statement.setObject(index++, value);
    }
    return index;
  }

  @FunctionalInterface
  interface SqlWork<T> {
    T run() throws SQLException;
  }
}
