package dev.pedigree.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementCacheTest {
  @TempDir Path dir;

  private Connection open() throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("c.db"));
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
    }
    return connection;
  }

  private static int count(StatementCache cache, String sql, long k) throws SQLException {
    try (PreparedStatement statement = cache.prepare(sql)) {
      statement.setLong(1, k);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  @Test
  void reusesAStatementWithFreshParametersAndBatch() throws SQLException {
    try (Connection connection = open(); StatementCache cache = new StatementCache(connection, 8)) {
      String insert = "INSERT INTO t (k, v) VALUES (?, ?)";
      try (PreparedStatement statement = cache.prepare(insert)) {
        statement.setLong(1, 1);
        statement.setString(2, "a");
        statement.addBatch();
        statement.setLong(1, 2);
        statement.setString(2, "b");
        statement.addBatch();
        statement.executeBatch();
      }
      PreparedStatement again = cache.prepare(insert);
      // The batch of the previous use was cleared: executing now inserts nothing.
      assertThat(again.executeBatch()).isEmpty();
      again.close();
      assertThat(cache.size()).isEqualTo(1);
      String select = "SELECT COUNT(*) FROM t WHERE k >= ?";
      assertThat(count(cache, select, 1)).isEqualTo(2);
      assertThat(count(cache, select, 2)).isEqualTo(1);
      assertThat(cache.size()).isEqualTo(2);
    }
  }

  @Test
  void aNestedUseOfTheSameSqlGetsItsOwnStatement() throws SQLException {
    try (Connection connection = open(); StatementCache cache = new StatementCache(connection, 8)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("INSERT INTO t (k, v) VALUES (1, 'a'), (2, 'b')");
      }
      String select = "SELECT v FROM t WHERE k >= ? ORDER BY k";
      try (PreparedStatement outer = cache.prepare(select)) {
        outer.setLong(1, 1);
        try (ResultSet rows = outer.executeQuery()) {
          assertThat(rows.next()).isTrue();
          try (PreparedStatement inner = cache.prepare(select)) {
            assertThat(inner).isNotSameAs(outer);
            inner.setLong(1, 2);
            try (ResultSet other = inner.executeQuery()) {
              assertThat(other.next()).isTrue();
              assertThat(other.getString(1)).isEqualTo("b");
            }
          }
          // The outer cursor was not disturbed.
          assertThat(rows.getString(1)).isEqualTo("a");
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString(1)).isEqualTo("b");
        }
      }
      assertThat(cache.size()).isEqualTo(1);
    }
  }

  @Test
  void aClosedHandleRefusesWorkAndTheLeastRecentlyUsedIsEvicted() throws SQLException {
    try (Connection connection = open(); StatementCache cache = new StatementCache(connection, 2)) {
      PreparedStatement first = cache.prepare("SELECT COUNT(*) FROM t WHERE k = ?");
      first.close();
      assertThat(first.isClosed()).isTrue();
      assertThatThrownBy(() -> first.setLong(1, 1)).isInstanceOf(SQLException.class);
      count(cache, "SELECT COUNT(*) FROM t WHERE k > ?", 0);
      count(cache, "SELECT COUNT(*) FROM t WHERE k < ?", 0);
      assertThat(cache.size()).isEqualTo(2);
      // The first statement was evicted (closed), so asking again prepares a new one.
      assertThat(cache.prepare("SELECT COUNT(*) FROM t WHERE k = ?")).isNotSameAs(first);
    }
  }
}
