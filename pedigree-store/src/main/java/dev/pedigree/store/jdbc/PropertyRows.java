package dev.pedigree.store.jdbc;

import dev.pedigree.model.PropertyType;
import dev.pedigree.model.Value;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** How a property value is spread over the columns of a {@code *_property} row and read back. */
final class PropertyRows {
  /** Columns after (node_id, is_custom, name): kind, int, double, string, bytes. */
  static final String VALUE_COLUMNS = "kind, int_value, double_value, string_value, bytes_value";

  private PropertyRows() {}

  static String insertSql(NodeTable table) {
    return "INSERT INTO " + table.propertyTable + " (node_id, is_custom, name, " + VALUE_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  }

  /** Inserts a property row or overwrites every value column of the existing one (both dialects). */
  static String upsertSql(NodeTable table) {
    return insertSql(table) + " ON CONFLICT (node_id, is_custom, name) DO UPDATE SET kind = excluded.kind,"
        + " int_value = excluded.int_value, double_value = excluded.double_value,"
        + " string_value = excluded.string_value, bytes_value = excluded.bytes_value";
  }

  static void bind(PreparedStatement statement, long nodeId, boolean custom, String name, Value value)
      throws SQLException {
    statement.setLong(1, nodeId);
    statement.setInt(2, custom ? 1 : 0);
    statement.setString(3, name);
    statement.setInt(4, value.type().number());
    statement.setNull(5, Types.BIGINT);
    statement.setNull(6, Types.DOUBLE);
    statement.setNull(7, Types.VARCHAR);
    statement.setNull(8, Types.BINARY);
    switch (value) {
      case Value.IntValue v -> statement.setLong(5, v.value());
      case Value.BoolValue v -> statement.setLong(5, v.value() ? 1 : 0);
      case Value.DoubleValue v -> statement.setDouble(6, v.value());
      case Value.StringValue v -> statement.setString(7, v.value());
      case Value.StructValue v -> statement.setString(7, v.json());
      case Value.ProtoValue v -> {
        statement.setString(7, v.typeUrl());
        statement.setBytes(8, v.bytes());
      }
    }
  }

  /** Reads the value from columns starting at {@code first} (the kind column). */
  static Value read(ResultSet row, int first) throws SQLException {
    PropertyType kind = PropertyType.ofNumber(row.getInt(first));
    return switch (kind) {
      case INT -> new Value.IntValue(row.getLong(first + 1));
      case BOOLEAN -> new Value.BoolValue(row.getLong(first + 1) != 0);
      case DOUBLE -> new Value.DoubleValue(row.getDouble(first + 2));
      case STRING -> new Value.StringValue(row.getString(first + 3));
      case STRUCT -> new Value.StructValue(row.getString(first + 3));
      case PROTO -> new Value.ProtoValue(row.getString(first + 3), bytesOrEmpty(row.getBytes(first + 4)));
    };
  }

  private static byte[] bytesOrEmpty(byte[] bytes) {
    return bytes == null ? new byte[0] : bytes;
  }
}
