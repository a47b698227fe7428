package dev.pedigree.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepared statements of one connection kept for reuse, the least recently used closed beyond a
 * bound. The SQLite driver prepares every statement afresh (parsing and planning the SQL each time),
 * which dominated the single writer's work and each hop of a lineage walk; PostgreSQL's driver
 * caches server-side prepares itself, so only SQLite uses this: the writer for its whole life, a
 * reader for one transaction.
 *
 * <p>Callers keep their usual {@code try (PreparedStatement s = tx.prepare(sql))}: what they get is
 * a handle whose {@code close()} clears parameters and batch instead of closing. A statement is
 * handed out to one caller at a time; a second request for the same SQL while it is out (a nested
 * use) gets a fresh statement that really closes. Not thread-safe: one connection, one thread.
 */
final class StatementCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatementCache.class);

  private final Connection connection;
  private final int capacity;
  private final LinkedHashMap<String, Entry> statements;

  private static final class Entry {
    final PreparedStatement statement;
    final PreparedStatement handle;
    boolean inUse;

    Entry(PreparedStatement statement) {
      this.statement = statement;
      this.handle = (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
          new Class<?>[] {PreparedStatement.class}, new Handle(this));
    }
  }

  StatementCache(Connection connection, int capacity) {
    this.connection = connection;
    this.capacity = capacity;
    this.statements = new LinkedHashMap<>(capacity * 2, 0.75f, true);
  }

  PreparedStatement prepare(String sql) throws SQLException {
    Entry entry = statements.get(sql);
    if (entry == null) {
      entry = new Entry(connection.prepareStatement(sql));
      statements.put(sql, entry);
      evict();
    } else if (entry.inUse) {
      return connection.prepareStatement(sql);
    }
    entry.inUse = true;
    return entry.handle;
  }

  /** How many statements are kept open (for tests). */
  int size() {
    return statements.size();
  }

  private void evict() {
    Iterator<Entry> eldest = statements.values().iterator();
    while (statements.size() > capacity && eldest.hasNext()) {
      Entry entry = eldest.next();
      if (entry.inUse) {
        continue;
      }
      eldest.remove();
      closeQuietly(entry.statement);
    }
  }

  /** Closes every kept statement (before the connection closes, or after it failed). */
  @Override
  public void close() {
    for (Entry entry : statements.values()) {
      closeQuietly(entry.statement);
    }
    statements.clear();
  }

  private static void closeQuietly(PreparedStatement statement) {
    try {
      statement.close();
    } catch (SQLException e) {
      log.atDebug().setCause(e).log("closing a cached statement failed");
    }
  }

  /** Forwards everything to the kept statement except close, which readies it for the next use. */
  private record Handle(Entry entry) implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "close" -> {
          if (entry.inUse) {
            entry.inUse = false;
            entry.statement.clearBatch();
            entry.statement.clearParameters();
          }
          return null;
        }
        case "isClosed" -> {
          return !entry.inUse || entry.statement.isClosed();
        }
        case "equals" -> {
          return proxy == args[0];
        }
        case "hashCode" -> {
          return System.identityHashCode(proxy);
        }
        default -> {
          if (!entry.inUse) {
            throw new SQLException("statement is closed");
          }
          try {
            return method.invoke(entry.statement, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        }
      }
    }
  }
}
