package dev.pedigree.store.jdbc;

import dev.pedigree.model.ArtifactState;
import dev.pedigree.model.EventType;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.NodeRef;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.lineage.LineageStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lineage reads in plain SQL. Each frontier step is one statement per chunk of {@link Sql#MAX_IN}
 * ids, answered from the covering indexes {@code event_lineage_artifact} and
 * {@code event_lineage_execution}; nothing is read beyond the frontier's own edges. On PostgreSQL a
 * whole walk is also one call of the server's {@code lineage_walk} function, which runs the same
 * frontier steps inside the server and so saves a round trip per hop.
 */
public final class JdbcLineageStore implements LineageStore {

  @Override
  public List<Edge> eventsOfArtifacts(ReadTransaction tx, Collection<Long> artifactIds, Set<EventType> types,
      TimeRange range) {
    return events(tx, "artifact_id", artifactIds, types, range);
  }

  @Override
  public List<Edge> eventsOfExecutions(ReadTransaction tx, Collection<Long> executionIds, Set<EventType> types,
      TimeRange range) {
    return events(tx, "execution_id", executionIds, types, range);
  }

  @Override
  public Optional<List<List<Edge>>> edgesByHop(ReadTransaction tx, WalkPlan plan) {
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    String sql = jdbc.dialect.lineageWalkSql();
    if (sql == null) {
      return Optional.empty();
    }
    return Optional.of(jdbc.sql("read lineage walk", () -> {
      Connection connection = jdbc.connection;
      try (PreparedStatement statement = jdbc.prepare(sql)) {
        statement.setArray(1, connection.createArrayOf("bigint", ids(plan.starts(), TypeKind.ARTIFACT)));
        statement.setArray(2, connection.createArrayOf("bigint", ids(plan.starts(), TypeKind.EXECUTION)));
        statement.setArray(3, connection.createArrayOf("integer", numbers(plan.fromArtifacts())));
        statement.setArray(4, connection.createArrayOf("integer", numbers(plan.fromExecutions())));
        statement.setObject(5, plan.range().fromMs(), Types.BIGINT);
        statement.setObject(6, plan.range().toMs(), Types.BIGINT);
        statement.setArray(7, connection.createArrayOf("bigint", ids(plan.boundary(), TypeKind.ARTIFACT)));
        statement.setArray(8, connection.createArrayOf("bigint", ids(plan.boundary(), TypeKind.EXECUTION)));
        statement.setInt(9, plan.maxHops());
        statement.setInt(10, plan.maxNodes());
        NodeRef stop = plan.stopAt();
        statement.setObject(11, stop != null && stop.kind() == TypeKind.ARTIFACT ? stop.id() : null, Types.BIGINT);
        statement.setObject(12, stop != null && stop.kind() == TypeKind.EXECUTION ? stop.id() : null, Types.BIGINT);
        // One row per hop, in hop order from 1, with the hop's events as parallel arrays.
        List<List<Edge>> hops = new ArrayList<>();
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            Object[] artifacts = (Object[]) row.getArray(2).getArray();
            Object[] executions = (Object[]) row.getArray(3).getArray();
            Object[] types = (Object[]) row.getArray(4).getArray();
            Object[] times = (Object[]) row.getArray(5).getArray();
            List<Edge> edges = new ArrayList<>(artifacts.length);
            for (int i = 0; i < artifacts.length; i++) {
              edges.add(new Edge(((Number) artifacts[i]).longValue(), ((Number) executions[i]).longValue(),
                  EventType.ofNumber(((Number) types[i]).intValue()), ((Number) times[i]).longValue()));
            }
            hops.add(edges);
          }
        }
        return hops;
      }
    }));
  }

  private static Long[] ids(Set<NodeRef> nodes, TypeKind kind) {
    return nodes.stream().filter(node -> node.kind() == kind).map(NodeRef::id).toArray(Long[]::new);
  }

  private static Integer[] numbers(Set<EventType> types) {
    return types.stream().map(EventType::number).toArray(Integer[]::new);
  }

  private static List<Edge> events(ReadTransaction tx, String column, Collection<Long> ids, Set<EventType> types,
      TimeRange range) {
    if (ids.isEmpty() || types.isEmpty()) {
      return List.of();
    }
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    List<Object> typeNumbers = new ArrayList<>(types.size());
    for (EventType type : types) {
      typeNumbers.add(type.number());
    }
    return jdbc.sql("read lineage edges", () -> {
      List<Edge> edges = new ArrayList<>();
      for (List<Long> chunk : Sql.chunks(ids)) {
        StringBuilder select = new StringBuilder("SELECT artifact_id, execution_id, type, time_ms FROM event WHERE ")
            .append(column).append(" IN (").append(Sql.placeholders(chunk.size())).append(") AND type IN (")
            .append(Sql.placeholders(typeNumbers.size())).append(')');
        if (range.fromMs() != null) {
          select.append(" AND time_ms >= ?");
        }
        if (range.toMs() != null) {
          select.append(" AND time_ms <= ?");
        }
        try (PreparedStatement statement = jdbc.prepare(select.toString())) {
          int next = Sql.bindAll(statement, 1, chunk);
          next = Sql.bindAll(statement, next, typeNumbers);
          if (range.fromMs() != null) {
            statement.setLong(next++, range.fromMs());
          }
          if (range.toMs() != null) {
            statement.setLong(next, range.toMs());
          }
          try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
              edges.add(new Edge(row.getLong(1), row.getLong(2), EventType.ofNumber(row.getInt(3)), row.getLong(4)));
            }
          }
        }
      }
      return edges;
    });
  }

  @Override
  public List<NodeSummary> summaries(ReadTransaction tx, TypeKind kind, Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    String specific = switch (kind) {
      case ARTIFACT -> "n.uri, n.state";
      case EXECUTION -> "NULL, n.last_known_state";
      case CONTEXT -> "NULL, NULL";
    };
    String table = NodeTable.of(kind).table;
    return jdbc.sql("read lineage nodes", () -> {
      List<NodeSummary> nodes = new ArrayList<>(ids.size());
      for (List<Long> chunk : Sql.chunks(ids)) {
        try (PreparedStatement statement = jdbc.prepare(
            "SELECT n.id, t.name, n.name, n.external_id, n.create_time, " + specific + " FROM " + table
                + " n JOIN node_type t ON t.id = n.type_id WHERE n.id IN (" + Sql.placeholders(chunk.size())
                + ") ORDER BY n.id")) {
          Sql.bindAll(statement, 1, chunk);
          try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
              int state = row.getInt(7);
              boolean hasState = !row.wasNull();
              String stateName = !hasState ? null : switch (kind) {
                case ARTIFACT -> ArtifactState.ofNumber(state).name();
                case EXECUTION -> ExecutionState.ofNumber(state).name();
                case CONTEXT -> null;
              };
              nodes.add(new NodeSummary(kind, row.getLong(1), row.getString(2), row.getString(3), row.getString(6),
                  stateName, row.getString(4), row.getLong(5)));
            }
          }
        }
      }
      return nodes;
    });
  }

  @Override
  public Set<Long> membersOf(ReadTransaction tx, TypeKind kind, Collection<Long> contextIds, Collection<Long> ids) {
    if (contextIds.isEmpty() || ids.isEmpty()) {
      return Set.of();
    }
    NodeTable table = NodeTable.of(kind);
    if (table.contextLinkTable == null) {
      throw new IllegalArgumentException("contexts are not members of contexts");
    }
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    List<Long> contexts = List.copyOf(contextIds);
    return jdbc.sql("read context members", () -> {
      Set<Long> members = new HashSet<>();
      for (List<Long> chunk : Sql.chunks(ids)) {
        try (PreparedStatement statement = jdbc.prepare(
            "SELECT DISTINCT " + table.contextLinkColumn + " FROM " + table.contextLinkTable + " WHERE "
                + table.contextLinkColumn + " IN (" + Sql.placeholders(chunk.size()) + ") AND context_id IN ("
                + Sql.placeholders(contexts.size()) + ")")) {
          int next = Sql.bindAll(statement, 1, chunk);
          Sql.bindAll(statement, next, contexts);
          try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
              members.add(row.getLong(1));
            }
          }
        }
      }
      return members;
    });
  }

  @Override
  public List<Long> contextMembers(ReadTransaction tx, TypeKind kind, long contextId, int limit) {
    NodeTable table = NodeTable.of(kind);
    if (table.contextLinkTable == null) {
      throw new IllegalArgumentException("contexts are not members of contexts");
    }
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    return jdbc.sql("read context members", () -> {
      List<Long> members = new ArrayList<>();
      try (PreparedStatement statement = jdbc.prepare(
          "SELECT " + table.contextLinkColumn + " FROM " + table.contextLinkTable + " WHERE context_id = ? ORDER BY "
              + table.contextLinkColumn + " LIMIT ?")) {
        statement.setLong(1, contextId);
        statement.setInt(2, limit);
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            members.add(row.getLong(1));
          }
        }
      }
      return members;
    });
  }
}
