package dev.pedigree.store.jdbc;

import dev.pedigree.model.Artifact;
import dev.pedigree.model.ArtifactState;
import dev.pedigree.model.Context;
import dev.pedigree.model.Execution;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.Node;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The table of one node kind: its name, its kind-specific columns, how a node binds to an INSERT or
 * UPDATE and how a row maps back. Selected columns are always {@link #SELECT_COLUMNS} in this order.
 */
enum NodeTable {
  ARTIFACT("artifact", "attribution", "artifact_id", "uri, state", "uri = ?, state = ?") {
    @Override
    int bindSpecific(PreparedStatement statement, int index, Node node) throws SQLException {
      Artifact artifact = (Artifact) node;
      setNullableString(statement, index, artifact.uri());
      statement.setInt(index + 1, artifact.state().number());
      return index + 2;
    }

    @Override
    Node map(ResultSet row, Map<String, Value> properties, Map<String, Value> custom) throws SQLException {
      return new Artifact(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4),
          row.getString(8), ArtifactState.ofNumber(row.getInt(9)), row.getString(5), properties, custom,
          row.getLong(6), row.getLong(7));
    }
  },
  EXECUTION("execution", "association", "execution_id", "last_known_state", "last_known_state = ?") {
    @Override
    int bindSpecific(PreparedStatement statement, int index, Node node) throws SQLException {
      statement.setInt(index, ((Execution) node).lastKnownState().number());
      return index + 1;
    }

    @Override
    Node map(ResultSet row, Map<String, Value> properties, Map<String, Value> custom) throws SQLException {
      return new Execution(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4),
          ExecutionState.ofNumber(row.getInt(8)), row.getString(5), properties, custom, row.getLong(6),
          row.getLong(7));
    }
  },
  CONTEXT("context", null, null, null, null) {
    @Override
    int bindSpecific(PreparedStatement statement, int index, Node node) {
      return index;
    }

    @Override
    Node map(ResultSet row, Map<String, Value> properties, Map<String, Value> custom) throws SQLException {
      return new Context(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4),
          row.getString(5), properties, custom, row.getLong(6), row.getLong(7));
    }
  };

  /** Columns 1..7 are common; kind-specific columns follow from 8. */
  private static final String COMMON = "n.id, n.type_id, t.name, n.name, n.external_id, n.create_time, n.update_time";

  final String table;
  final String propertyTable;
  /** The link table joining this kind to contexts, and its column naming this kind's id. */
  final @Nullable String contextLinkTable;
  final @Nullable String contextLinkColumn;
  final String selectColumns;
  final String insertSql;
  /** An INSERT that also sets the id, for batches whose ids were allocated up front. */
  final String insertWithIdSql;
  final String updateSql;

  NodeTable(String table, @Nullable String contextLinkTable, @Nullable String contextLinkColumn,
      @Nullable String specificColumns, @Nullable String specificAssignments) {
    this.table = table;
    this.propertyTable = table + "_property";
    this.contextLinkTable = contextLinkTable;
    this.contextLinkColumn = contextLinkColumn;
    this.selectColumns = specificColumns == null ? COMMON : COMMON + ", " + prefixed(specificColumns);
    String columns = "type_id, name, external_id, create_time, update_time"
        + (specificColumns == null ? "" : ", " + specificColumns);
    int count = columns.split(",").length;
    this.insertSql = "INSERT INTO " + table + " (" + columns + ") VALUES ("
        + "?, ".repeat(count - 1) + "?) RETURNING id";
    this.insertWithIdSql = "INSERT INTO " + table + " (id, " + columns + ") VALUES ("
        + "?, ".repeat(count) + "?)";
    this.updateSql = "UPDATE " + table + " SET name = ?, external_id = ?, update_time = ?"
        + (specificAssignments == null ? "" : ", " + specificAssignments) + " WHERE id = ?";
  }

  static NodeTable of(TypeKind kind) {
    return switch (kind) {
      case ARTIFACT -> ARTIFACT;
      case EXECUTION -> EXECUTION;
      case CONTEXT -> CONTEXT;
    };
  }

  /** {@code SELECT <columns> FROM <table> n JOIN node_type t ON t.id = n.type_id}. */
  String selectFrom() {
    return "SELECT " + selectColumns + " FROM " + table + " n JOIN node_type t ON t.id = n.type_id";
  }

  /** Binds an INSERT: type, name, external id, times, then kind-specific columns. */
  void bindInsert(PreparedStatement statement, Node node, long timeMs) throws SQLException {
    bindInsert(statement, 1, node, timeMs);
  }

  /** Binds an INSERT's columns from parameter index {@code first} (after an id, say). */
  void bindInsert(PreparedStatement statement, int first, Node node, long timeMs) throws SQLException {
    statement.setLong(first, node.typeId());
    setNullableString(statement, first + 1, node.name());
    setNullableString(statement, first + 2, node.externalId());
    statement.setLong(first + 3, timeMs);
    statement.setLong(first + 4, timeMs);
    bindSpecific(statement, first + 5, node);
  }

  /** Binds an UPDATE: name, external id, update time, kind-specific columns, then the id. */
  void bindUpdate(PreparedStatement statement, Node node, long timeMs) throws SQLException {
    setNullableString(statement, 1, node.name());
    setNullableString(statement, 2, node.externalId());
    statement.setLong(3, timeMs);
    int next = bindSpecific(statement, 4, node);
    statement.setLong(next, node.requireId());
  }

  abstract int bindSpecific(PreparedStatement statement, int index, Node node) throws SQLException;

  abstract Node map(ResultSet row, Map<String, Value> properties, Map<String, Value> custom)
      throws SQLException;

  static void setNullableString(PreparedStatement statement, int index, @Nullable String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  private static String prefixed(String columns) {
    StringBuilder out = new StringBuilder();
    for (String column : columns.split(",")) {
      if (!out.isEmpty()) {
        out.append(", ");
      }
      out.append("n.").append(column.strip());
    }
    return out.toString();
  }
}
