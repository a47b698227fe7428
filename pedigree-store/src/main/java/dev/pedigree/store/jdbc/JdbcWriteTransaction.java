package dev.pedigree.store.jdbc;

import dev.pedigree.model.Association;
import dev.pedigree.model.Attribution;
import dev.pedigree.model.Event;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.ParentContext;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.PropertyType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import dev.pedigree.store.TransactionWork;
import dev.pedigree.store.WriteTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Writes over one JDBC connection inside an open transaction; statements are batched. */
final class JdbcWriteTransaction extends JdbcReadTransaction implements WriteTransaction {

  JdbcWriteTransaction(Connection connection, Dialect dialect) {
    super(connection, dialect);
  }

  JdbcWriteTransaction(Connection connection, Dialect dialect, @Nullable StatementCache statements) {
    super(connection, dialect, statements);
  }

  @Override
  public <T> T atomically(TransactionWork<WriteTransaction, T> work) {
    Savepoint savepoint = sql("set a savepoint", connection::setSavepoint);
    T result;
    try {
      result = work.run(this);
    } catch (RuntimeException | Error e) {
      try {
        connection.rollback(savepoint);
        connection.releaseSavepoint(savepoint);
      } catch (SQLException rollback) {
        // The transaction cannot be trusted any more: fail it as a whole.
        RuntimeException failure = dialect.translate(rollback, "roll back to a savepoint");
        failure.addSuppressed(e);
        throw failure;
      }
      throw e;
    }
    sql("release a savepoint", () -> {
      connection.releaseSavepoint(savepoint);
      return null;
    });
    return result;
  }

  @Override
  public Node lockForUpdate(Node readEarlier) {
    return dialect.concurrentWriters()
        ? findNodesForUpdate(readEarlier.kind(), List.of(readEarlier.requireId())).get(0) : readEarlier;
  }

  @Override
  public List<Node> findNodesForUpdate(TypeKind kind, Collection<Long> ids) {
    // Locks are taken in id order so two writers locking overlapping sets cannot deadlock.
    return findNodesWhere(kind, "n.id", new java.util.TreeSet<>(ids), dialect.lockRowsSuffix());
  }

  @Override
  public NodeType insertType(NodeType type) {
    return sql("create " + type.kind().label() + " type " + type.displayName(), () -> {
      long id;
      try (PreparedStatement insert = prepare(
          "INSERT INTO node_type (kind, name, version, description, external_id, base_type) "
              + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id")) {
        insert.setInt(1, type.kind().ordinal());
        insert.setString(2, type.name());
        insert.setString(3, type.version() == null ? "" : type.version());
        NodeTable.setNullableString(insert, 4, type.description());
        NodeTable.setNullableString(insert, 5, type.externalId());
        NodeTable.setNullableString(insert, 6, type.baseType());
        try (ResultSet row = insert.executeQuery()) {
          if (!row.next()) {
            // Skipping the conflicting row (rather than failing) keeps the transaction usable, so
            // a caller racing another creator of the same type can read the winner's type instead.
            throw PedigreeException.alreadyExists(type.kind().label() + " type " + type.displayName()
                + " (or its external id) already exists");
          }
          id = row.getLong(1);
        }
      }
      NodeType stored = type.withId(id);
      insertTypeProperties(id, type.properties());
      return stored;
    });
  }

  @Override
  public void addTypeProperties(NodeType storedType, Map<String, PropertyType> added) {
    sql("evolve type " + storedType.displayName(), () -> {
      insertTypeProperties(storedType.requireId(), added);
      return null;
    });
  }

  private void insertTypeProperties(long typeId, Map<String, PropertyType> properties) throws SQLException {
    if (properties.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = prepare(
        "INSERT INTO node_type_property (type_id, name, data_type) VALUES (?, ?, ?)")) {
      for (Map.Entry<String, PropertyType> property : properties.entrySet()) {
        insert.setLong(1, typeId);
        insert.setString(2, property.getKey());
        insert.setInt(3, property.getValue().number());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @Override
  public List<Node> insertNodes(List<? extends Node> nodes, long timeMs) {
    if (nodes.isEmpty()) {
      return List.of();
    }
    NodeTable table = NodeTable.of(nodes.get(0).kind());
    String allocation = dialect.idAllocationSql(table.table);
    return sql("create " + table.table + "s", () -> {
      List<Node> stored = new ArrayList<>(nodes.size());
      if (allocation != null) {
        long[] ids = allocateIds(allocation, nodes.size());
        try (PreparedStatement insert = prepare(table.insertWithIdSql)) {
          for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            insert.setLong(1, ids[i]);
            table.bindInsert(insert, 2, node, timeMs);
            insert.addBatch();
            stored.add(node.stored(ids[i], node.typeName(), timeMs, timeMs));
          }
          insert.executeBatch();
        }
        insertProperties(table, stored);
        return stored;
      }
      try (PreparedStatement insert = prepare(table.insertSql)) {
        for (Node node : nodes) {
          table.bindInsert(insert, node, timeMs);
          try (ResultSet row = insert.executeQuery()) {
            row.next();
            stored.add(node.stored(row.getLong(1), node.typeName(), timeMs, timeMs));
          }
        }
      }
      insertProperties(table, stored);
      return stored;
    });
  }

  private long[] allocateIds(String allocation, int count) throws SQLException {
    long[] ids = new long[count];
    try (PreparedStatement statement = prepare(allocation)) {
      statement.setInt(1, count);
      try (ResultSet row = statement.executeQuery()) {
        for (int i = 0; i < count; i++) {
          row.next();
          ids[i] = row.getLong(1);
        }
      }
    }
    // Ids follow input order, as they do when rows are inserted one by one.
    java.util.Arrays.sort(ids);
    return ids;
  }

  @Override
  public List<Node> updateNodes(List<? extends Node> nodes, long timeMs) {
    if (nodes.isEmpty()) {
      return List.of();
    }
    NodeTable table = NodeTable.of(nodes.get(0).kind());
    return sql("update " + table.table + "s", () -> {
      List<Node> stored = new ArrayList<>(nodes.size());
      try (PreparedStatement update = prepare(table.updateSql);
          PreparedStatement clear = prepare(
              "DELETE FROM " + table.propertyTable + " WHERE node_id = ?")) {
        for (Node node : nodes) {
          table.bindUpdate(update, node, timeMs);
          update.addBatch();
          clear.setLong(1, node.requireId());
          clear.addBatch();
          stored.add(node.stored(node.requireId(), node.typeName(), node.createTimeMs(), timeMs));
        }
        update.executeBatch();
        clear.executeBatch();
      }
      insertProperties(table, stored);
      return stored;
    });
  }

  @Override
  public Node updateNode(Node stored, Node updated, long timeMs) {
    long id = updated.requireId();
    if (stored.requireId() != id || stored.kind() != updated.kind()) {
      throw new IllegalArgumentException("stored node " + stored.kind() + " " + stored.requireId()
          + " is not the updated node " + updated.kind() + " " + id);
    }
    NodeTable table = NodeTable.of(updated.kind());
    return sql("update " + table.table, () -> {
      try (PreparedStatement update = prepare(table.updateSql)) {
        table.bindUpdate(update, updated, timeMs);
        update.executeUpdate();
      }
      try (PreparedStatement delete = prepare(
          "DELETE FROM " + table.propertyTable + " WHERE node_id = ? AND is_custom = ? AND name = ?")) {
        int pending = addRemovedProperties(delete, id, false, stored.properties(), updated.properties())
            + addRemovedProperties(delete, id, true, stored.customProperties(), updated.customProperties());
        if (pending > 0) {
          delete.executeBatch();
        }
      }
      try (PreparedStatement upsert = prepare(PropertyRows.upsertSql(table))) {
        int pending = addChangedProperties(upsert, id, false, stored.properties(), updated.properties())
            + addChangedProperties(upsert, id, true, stored.customProperties(), updated.customProperties());
        if (pending > 0) {
          upsert.executeBatch();
        }
      }
      return updated.stored(id, updated.typeName(), stored.createTimeMs(), timeMs);
    });
  }

  private static int addRemovedProperties(PreparedStatement delete, long nodeId, boolean custom,
      Map<String, Value> before, Map<String, Value> after) throws SQLException {
    int removed = 0;
    for (String name : before.keySet()) {
      if (!after.containsKey(name)) {
        delete.setLong(1, nodeId);
        delete.setInt(2, custom ? 1 : 0);
        delete.setString(3, name);
        delete.addBatch();
        removed++;
      }
    }
    return removed;
  }

  private static int addChangedProperties(PreparedStatement upsert, long nodeId, boolean custom,
      Map<String, Value> before, Map<String, Value> after) throws SQLException {
    int changed = 0;
    for (Map.Entry<String, Value> entry : after.entrySet()) {
      if (!entry.getValue().equals(before.get(entry.getKey()))) {
        PropertyRows.bind(upsert, nodeId, custom, entry.getKey(), entry.getValue());
        upsert.addBatch();
        changed++;
      }
    }
    return changed;
  }

  private void insertProperties(NodeTable table, List<Node> nodes) throws SQLException {
    try (PreparedStatement insert = prepare(PropertyRows.insertSql(table))) {
      int pending = 0;
      for (Node node : nodes) {
        pending += addProperties(insert, node.requireId(), false, node.properties());
        pending += addProperties(insert, node.requireId(), true, node.customProperties());
      }
      if (pending > 0) {
        insert.executeBatch();
      }
    }
  }

  private static int addProperties(PreparedStatement insert, long nodeId, boolean custom,
      Map<String, Value> values) throws SQLException {
    for (Map.Entry<String, Value> entry : values.entrySet()) {
      PropertyRows.bind(insert, nodeId, custom, entry.getKey(), entry.getValue());
      insert.addBatch();
    }
    return values.size();
  }

  @Override
  public void insertEvents(List<Event> events, long timeMs) {
    if (events.isEmpty()) {
      return;
    }
    sql("record events", () -> {
      try (PreparedStatement insert = prepare(
          "INSERT INTO event (artifact_id, execution_id, type, time_ms, path) VALUES (?, ?, ?, ?, ?)")) {
        for (Event event : events) {
          insert.setLong(1, requireId(event.artifactId(), "artifact"));
          insert.setLong(2, requireId(event.executionId(), "execution"));
          insert.setInt(3, event.type().number());
          insert.setLong(4, event.timeMs() == 0 ? timeMs : event.timeMs());
          NodeTable.setNullableString(insert, 5, EventPaths.encode(event.path()));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return null;
    });
  }

  @Override
  public void insertAttributions(List<Attribution> attributions) {
    List<long[]> pairs = new ArrayList<>(attributions.size());
    for (Attribution attribution : attributions) {
      pairs.add(new long[] {attribution.contextId(), attribution.artifactId()});
    }
    insertLinksIfAbsent("attribution", "artifact_id", pairs);
  }

  @Override
  public void insertAssociations(List<Association> associations) {
    List<long[]> pairs = new ArrayList<>(associations.size());
    for (Association association : associations) {
      pairs.add(new long[] {association.contextId(), association.executionId()});
    }
    insertLinksIfAbsent("association", "execution_id", pairs);
  }

  private void insertLinksIfAbsent(String table, String nodeColumn, List<long[]> pairs) {
    if (pairs.isEmpty()) {
      return;
    }
    sql("link to contexts", () -> {
      // "Insert if absent" that also holds when two writers add the same link at once (both
      // SQLite and PostgreSQL understand ON CONFLICT DO NOTHING).
      try (PreparedStatement insert = prepare("INSERT INTO " + table
          + " (context_id, " + nodeColumn + ") VALUES (?, ?) ON CONFLICT DO NOTHING")) {
        for (long[] pair : pairs) {
          insert.setLong(1, pair[0]);
          insert.setLong(2, pair[1]);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return null;
    });
  }

  @Override
  public void insertParentContexts(List<ParentContext> links) {
    if (links.isEmpty()) {
      return;
    }
    sql("link parent contexts", () -> {
      try (PreparedStatement insert =
          prepare("INSERT INTO parent_context (child_id, parent_id) VALUES (?, ?)")) {
        for (ParentContext link : links) {
          insert.setLong(1, link.childId());
          insert.setLong(2, link.parentId());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return null;
    });
  }

  private static long requireId(Long id, String what) {
    if (id == null) {
      throw new IllegalArgumentException("event has no " + what + " id");
    }
    return id;
  }
}
