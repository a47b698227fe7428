package dev.pedigree.store.jdbc;

import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** SQLite: one writer connection (so row locks are not needed), WAL readers. */
public final class SqliteDialect implements Dialect {
  public static final SqliteDialect INSTANCE = new SqliteDialect();

  private SqliteDialect() {}

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public String migrationToken(String token) {
    return switch (token) {
      case "ID" -> "INTEGER PRIMARY KEY AUTOINCREMENT";
      case "DOUBLE" -> "REAL";
      case "BLOB" -> "BLOB";
      case "STRING_KEY" -> "string_value";
      case "WITHOUT_ROWID" -> " WITHOUT ROWID";
      default -> throw new IllegalArgumentException("unknown migration token: " + token);
    };
  }

  /** SQLite's LIKE ignores ASCII case; GLOB with the translated pattern does not. */
  @Override
  public String caseSensitiveLike(String column) {
    return column + " GLOB ?";
  }

  @Override
  public String caseSensitiveLikeValue(String likePattern) {
    StringBuilder glob = new StringBuilder();
    for (int i = 0; i < likePattern.length(); i++) {
      char c = likePattern.charAt(i);
      switch (c) {
        case '%' -> glob.append('*');
        case '_' -> glob.append('?');
        case '*', '?', '[' -> glob.append('[').append(c).append(']');
        default -> glob.append(c);
      }
    }
    return glob.toString();
  }

  @Override
  public @Nullable String sharedLockSql() {
    return null;
  }

  @Override
  public @Nullable String exclusiveLockSql() {
    return null;
  }

  @Override
  public boolean concurrentWriters() {
    return false;
  }

  @Override
  public String lockRowsSuffix() {
    return "";
  }

  @Override
  public @Nullable String idAllocationSql(String table) {
    return null;
  }

  @Override
  public @Nullable String lineageWalkSql() {
    return null;
  }

  @Override
  public PedigreeException translate(SQLException e, String action) {
    if (e instanceof SQLiteException sqlite) {
      SQLiteErrorCode code = sqlite.getResultCode();
      switch (code) {
        case SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY:
          return new PedigreeException(ErrorCode.ALREADY_EXISTS, action + ": already exists (" + detail(e) + ")", e);
        case SQLITE_CONSTRAINT_FOREIGNKEY:
          return new PedigreeException(ErrorCode.NOT_FOUND, action + ": refers to a node or type that does not exist", e);
        case SQLITE_BUSY, SQLITE_LOCKED, SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_RECOVERY:
          return PedigreeException.aborted(action + ": the database is busy, retry", e);
        case SQLITE_FULL, SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_READONLY:
          return PedigreeException.unavailable(action + ": database storage failed: " + detail(e), e);
        default:
          break;
      }
    }
    return PedigreeException.internal(action + " failed: " + detail(e), e);
  }

  private static String detail(SQLException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
