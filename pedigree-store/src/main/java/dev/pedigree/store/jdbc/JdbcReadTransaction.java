package dev.pedigree.store.jdbc;

import dev.pedigree.model.Association;
import dev.pedigree.model.Attribution;
import dev.pedigree.model.Context;
import dev.pedigree.model.Event;
import dev.pedigree.model.EventType;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.PropertyType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import dev.pedigree.store.Cursor;
import dev.pedigree.store.NodeQuery;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.query.FilterExpression;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Reads over one JDBC connection inside an open transaction. */
class JdbcReadTransaction implements ReadTransaction {
  private static final String TYPE_COLUMNS =
      "id, kind, name, version, description, external_id, base_type";

  final Connection connection;
  final Dialect dialect;
  private final @Nullable StatementCache statements;

  JdbcReadTransaction(Connection connection, Dialect dialect) {
    this(connection, dialect, null);
  }

  /** With {@code statements}, prepared statements of this connection are reused across transactions. */
  JdbcReadTransaction(Connection connection, Dialect dialect, @Nullable StatementCache statements) {
    this.connection = connection;
    this.dialect = dialect;
    this.statements = statements;
  }

  /** Prepares the SQL (or reuses it, on a connection with a statement cache); close it after use. */
  final PreparedStatement prepare(String sql) throws SQLException {
    return statements == null ? connection.prepareStatement(sql) : statements.prepare(sql);
  }

  final <T> T sql(String action, Sql.SqlWork<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw dialect.translate(e, action);
    }
  }

  // Types

  @Override
  public Optional<NodeType> findType(TypeKind kind, long id) {
    return first(queryTypes("SELECT " + TYPE_COLUMNS + " FROM node_type WHERE kind = ? AND id = ?",
        List.of(kind.ordinal(), id)));
  }

  @Override
  public Optional<NodeType> findTypeByName(TypeKind kind, String name, @Nullable String version) {
    return first(queryTypes(
        "SELECT " + TYPE_COLUMNS + " FROM node_type WHERE kind = ? AND name = ? AND version = ?",
        List.of(kind.ordinal(), name, version == null ? "" : version)));
  }

  @Override
  public List<NodeType> findTypes(TypeKind kind, Collection<Long> ids) {
    return findTypesWhere(kind, "id", ids);
  }

  @Override
  public List<NodeType> findTypesByExternalIds(TypeKind kind, Collection<String> externalIds) {
    return findTypesWhere(kind, "external_id", externalIds);
  }

  private List<NodeType> findTypesWhere(TypeKind kind, String column, Collection<?> values) {
    List<NodeType> types = new ArrayList<>();
    for (List<?> chunk : Sql.chunks(values)) {
      List<Object> parameters = new ArrayList<>();
      parameters.add(kind.ordinal());
      parameters.addAll(chunk);
      types.addAll(queryTypes("SELECT " + TYPE_COLUMNS + " FROM node_type WHERE kind = ? AND " + column
          + " IN (" + Sql.placeholders(chunk.size()) + ") ORDER BY id", parameters));
    }
    return types;
  }

  @Override
  public List<NodeType> listTypes(TypeKind kind) {
    return queryTypes("SELECT " + TYPE_COLUMNS + " FROM node_type WHERE kind = ? ORDER BY id",
        List.of(kind.ordinal()));
  }

  private List<NodeType> queryTypes(String select, List<?> parameters) {
    return sql("read types", () -> {
      Map<Long, NodeType> types = new LinkedHashMap<>();
      try (PreparedStatement statement = prepare(select)) {
        Sql.bindAll(statement, 1, parameters);
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            NodeType type = new NodeType(row.getLong(1), TypeKind.values()[row.getInt(2)], row.getString(3),
                row.getString(4), row.getString(5), row.getString(6), row.getString(7), Map.of());
            types.put(type.id(), type);
          }
        }
      }
      if (types.isEmpty()) {
        return List.of();
      }
      Map<Long, Map<String, PropertyType>> properties = new HashMap<>();
      for (List<Long> chunk : Sql.chunks(types.keySet())) {
        try (PreparedStatement statement = prepare(
            "SELECT type_id, name, data_type FROM node_type_property WHERE type_id IN ("
                + Sql.placeholders(chunk.size()) + ")")) {
          Sql.bindAll(statement, 1, chunk);
          try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
              properties.computeIfAbsent(row.getLong(1), id -> new TreeMap<>())
                  .put(row.getString(2), PropertyType.ofNumber(row.getInt(3)));
            }
          }
        }
      }
      List<NodeType> result = new ArrayList<>(types.size());
      for (NodeType type : types.values()) {
        result.add(type.withProperties(properties.getOrDefault(type.id(), Map.of())));
      }
      return result;
    });
  }

  // Nodes

  @Override
  public List<Node> findNodes(TypeKind kind, Collection<Long> ids) {
    return findNodesWhere(kind, "n.id", ids, "");
  }

  List<Node> findNodesWhere(TypeKind kind, String column, Collection<?> values, String suffix) {
    NodeTable table = NodeTable.of(kind);
    List<Node> nodes = new ArrayList<>();
    for (List<?> chunk : Sql.chunks(values)) {
      nodes.addAll(queryNodes(table, table.selectFrom() + " WHERE " + column + " IN ("
          + Sql.placeholders(chunk.size()) + ") ORDER BY n.id" + suffix, chunk));
    }
    return nodes;
  }

  @Override
  public Optional<Node> findNodeByName(TypeKind kind, long typeId, String name) {
    NodeTable table = NodeTable.of(kind);
    return first(queryNodes(table, table.selectFrom() + " WHERE n.type_id = ? AND n.name = ?",
        List.of(typeId, name)));
  }

  @Override
  public List<Node> findNodesByExternalIds(TypeKind kind, Collection<String> externalIds) {
    return findNodesWhere(kind, "n.external_id", externalIds, "");
  }

  @Override
  public List<Node> listNodes(NodeQuery query) {
    NodeTable table = NodeTable.of(query.kind());
    StringBuilder select = new StringBuilder(table.selectFrom());
    List<Object> parameters = new ArrayList<>();
    if (query.contextId() != null) {
      if (table.contextLinkTable == null) {
        throw new IllegalArgumentException("contexts are not listed by context");
      }
      select.append(" JOIN ").append(table.contextLinkTable).append(" link ON link.")
          .append(table.contextLinkColumn).append(" = n.id AND link.context_id = ?");
      parameters.add(query.contextId());
    }
    select.append(" WHERE 1 = 1");
    if (query.typeId() != null) {
      select.append(" AND n.type_id = ?");
      parameters.add(query.typeId());
    }
    if (!query.uris().isEmpty()) {
      select.append(" AND n.uri IN (").append(Sql.placeholders(query.uris().size())).append(")");
      parameters.addAll(query.uris());
    }
    if (query.filter() != null) {
      FilterSql.Fragment filter = FilterSql.where(query.filter(), query.kind());
      select.append(" AND (").append(filter.sql()).append(')');
      parameters.addAll(filter.parameters());
    }
    String orderColumn = switch (query.orderBy()) {
      case ID -> null;
      case CREATE_TIME -> "n.create_time";
      case UPDATE_TIME -> "n.update_time";
    };
    String direction = query.ascending() ? "ASC" : "DESC";
    String comparison = query.ascending() ? ">" : "<";
    Cursor after = query.after();
    if (after != null) {
      if (orderColumn == null) {
        select.append(" AND n.id ").append(comparison).append(" ?");
        parameters.add(after.id());
      } else {
        select.append(" AND (").append(orderColumn).append(", n.id) ").append(comparison).append(" (?, ?)");
        parameters.add(after.orderValue());
        parameters.add(after.id());
      }
    }
    select.append(" ORDER BY ");
    if (orderColumn != null) {
      select.append(orderColumn).append(' ').append(direction).append(", ");
    }
    select.append("n.id ").append(direction);
    if (query.limit() > 0) {
      select.append(" LIMIT ?");
      parameters.add(query.limit() + 1);
    }
    return queryNodes(table, select.toString(), parameters);
  }

  @Override
  public List<Long> existingNodeIds(TypeKind kind, Collection<Long> ids) {
    NodeTable table = NodeTable.of(kind);
    return sql("find " + table.table + "s", () -> {
      List<Long> existing = new ArrayList<>(ids.size());
      for (List<Long> chunk : Sql.chunks(ids)) {
        try (PreparedStatement statement = prepare("SELECT id FROM " + table.table + " WHERE id IN ("
            + Sql.placeholders(chunk.size()) + ")")) {
          Sql.bindAll(statement, 1, chunk);
          try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
              existing.add(row.getLong(1));
            }
          }
        }
      }
      existing.sort(null);
      return existing;
    });
  }

  @Override
  public List<Long> filterNodeIds(TypeKind kind, FilterExpression filter, Collection<Long> ids) {
    NodeTable table = NodeTable.of(kind);
    FilterSql.Fragment fragment = FilterSql.where(filter, kind);
    return sql("filter " + table.table + "s", () -> {
      List<Long> matching = new ArrayList<>();
      for (List<Long> chunk : Sql.chunks(ids)) {
        try (PreparedStatement statement = prepare("SELECT n.id FROM " + table.table
            + " n WHERE n.id IN (" + Sql.placeholders(chunk.size()) + ") AND (" + fragment.sql() + ")")) {
          int next = Sql.bindAll(statement, 1, chunk);
          Sql.bindAll(statement, next, fragment.parameters());
          try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
              matching.add(row.getLong(1));
            }
          }
        }
      }
      matching.sort(null);
      return matching;
    });
  }

  @Override
  public long countNodes(TypeKind kind) {
    return sql("count nodes", () -> {
      try (PreparedStatement statement =
              prepare("SELECT COUNT(*) FROM " + NodeTable.of(kind).table);
          ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    });
  }

  /** Runs a node SELECT (columns as {@link NodeTable#selectFrom()}) and attaches properties. */
  final List<Node> queryNodes(NodeTable table, String select, List<?> parameters) {
    return sql("read " + table.table + "s", () -> {
      List<Long> ids = new ArrayList<>();
      List<Node> bare = new ArrayList<>();
      try (PreparedStatement statement = prepare(select)) {
        Sql.bindAll(statement, 1, parameters);
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            Node node = table.map(row, Map.of(), Map.of());
            bare.add(node);
            ids.add(node.requireId());
          }
        }
      }
      if (bare.isEmpty()) {
        return List.of();
      }
      Map<Long, Map<String, Value>> properties = new HashMap<>();
      Map<Long, Map<String, Value>> custom = new HashMap<>();
      for (List<Long> chunk : Sql.chunks(ids)) {
        try (PreparedStatement statement = prepare(
            "SELECT node_id, is_custom, name, " + PropertyRows.VALUE_COLUMNS + " FROM " + table.propertyTable
                + " WHERE node_id IN (" + Sql.placeholders(chunk.size()) + ")")) {
          Sql.bindAll(statement, 1, chunk);
          try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
              Map<Long, Map<String, Value>> target = row.getInt(2) == 0 ? properties : custom;
              target.computeIfAbsent(row.getLong(1), id -> new HashMap<>())
                  .put(row.getString(3), PropertyRows.read(row, 4));
            }
          }
        }
      }
      List<Node> nodes = new ArrayList<>(bare.size());
      for (Node node : bare) {
        Map<String, Value> own = properties.get(node.id());
        Map<String, Value> free = custom.get(node.id());
        nodes.add(own == null && free == null ? node : withProperties(node,
            own == null ? Map.of() : own, free == null ? Map.of() : free));
      }
      return nodes;
    });
  }

  private static Node withProperties(Node node, Map<String, Value> properties, Map<String, Value> custom) {
    return switch (node) {
      case dev.pedigree.model.Artifact a -> a.withProperties(properties).withCustomProperties(custom);
      case dev.pedigree.model.Execution e -> e.withProperties(properties).withCustomProperties(custom);
      case Context c -> c.withProperties(properties).withCustomProperties(custom);
    };
  }

  // Edges

  @Override
  public List<Event> findEventsByArtifacts(Collection<Long> artifactIds) {
    return queryEvents("artifact_id", artifactIds);
  }

  @Override
  public List<Event> findEventsByExecutions(Collection<Long> executionIds) {
    return queryEvents("execution_id", executionIds);
  }

  private List<Event> queryEvents(String column, Collection<Long> ids) {
    return sql("read events", () -> {
      List<Event> events = new ArrayList<>();
      for (List<Long> chunk : Sql.chunks(ids)) {
        try (PreparedStatement statement = prepare(
            "SELECT artifact_id, execution_id, type, path, time_ms FROM event WHERE " + column + " IN ("
                + Sql.placeholders(chunk.size()) + ") ORDER BY id")) {
          Sql.bindAll(statement, 1, chunk);
          try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
              events.add(new Event(row.getLong(1), row.getLong(2), EventType.ofNumber(row.getInt(3)),
                  EventPaths.decode(row.getString(4)), row.getLong(5)));
            }
          }
        }
      }
      return events;
    });
  }

  @Override
  public List<Attribution> findAttributions(Collection<Long> artifactIds) {
    List<Attribution> links = new ArrayList<>();
    for (long[] pair : links("attribution", "artifact_id", artifactIds)) {
      links.add(new Attribution(pair[0], pair[1]));
    }
    return links;
  }

  @Override
  public List<Association> findAssociations(Collection<Long> executionIds) {
    List<Association> links = new ArrayList<>();
    for (long[] pair : links("association", "execution_id", executionIds)) {
      links.add(new Association(pair[0], pair[1]));
    }
    return links;
  }

  /** (context_id, node id) pairs of a link table. */
  private List<long[]> links(String table, String column, Collection<Long> ids) {
    return sql("read " + table + "s", () -> {
      List<long[]> pairs = new ArrayList<>();
      for (List<Long> chunk : Sql.chunks(ids)) {
        try (PreparedStatement statement = prepare("SELECT context_id, " + column
            + " FROM " + table + " WHERE " + column + " IN (" + Sql.placeholders(chunk.size()) + ") ORDER BY "
            + column + ", context_id")) {
          Sql.bindAll(statement, 1, chunk);
          try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
              pairs.add(new long[] {row.getLong(1), row.getLong(2)});
            }
          }
        }
      }
      return pairs;
    });
  }

  @Override
  public List<Context> findContextsOf(TypeKind kind, long nodeId) {
    NodeTable table = NodeTable.of(kind);
    if (table.contextLinkTable == null) {
      throw new IllegalArgumentException("contexts belong to no context");
    }
    return contexts(NodeTable.CONTEXT.selectFrom() + " JOIN " + table.contextLinkTable
        + " link ON link.context_id = n.id WHERE link." + table.contextLinkColumn + " = ? ORDER BY n.id", nodeId);
  }

  @Override
  public List<Context> findParentContexts(long childId) {
    return contexts(NodeTable.CONTEXT.selectFrom()
        + " JOIN parent_context p ON p.parent_id = n.id WHERE p.child_id = ? ORDER BY n.id", childId);
  }

  @Override
  public List<Context> findChildContexts(long parentId) {
    return contexts(NodeTable.CONTEXT.selectFrom()
        + " JOIN parent_context p ON p.child_id = n.id WHERE p.parent_id = ? ORDER BY n.id", parentId);
  }

  @Override
  public List<Long> parentContextIds(long childId) {
    return sql("read parent contexts", () -> {
      List<Long> ids = new ArrayList<>();
      try (PreparedStatement statement =
          prepare("SELECT parent_id FROM parent_context WHERE child_id = ?")) {
        statement.setLong(1, childId);
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            ids.add(row.getLong(1));
          }
        }
      }
      return ids;
    });
  }

  private List<Context> contexts(String select, long id) {
    List<Context> contexts = new ArrayList<>();
    for (Node node : queryNodes(NodeTable.CONTEXT, select, List.of(id))) {
      contexts.add((Context) node);
    }
    return contexts;
  }

  private static <T> Optional<T> first(List<T> list) {
    return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }
}
