package dev.pedigree.store.lineage;

import dev.pedigree.model.EventType;
import dev.pedigree.model.NodeRef;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.ReadTransaction;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The queries a lineage traversal runs, one frontier at a time, inside the caller's read
 * transaction. Implementations answer each call with a bounded number of indexed statements. A
 * store whose database can walk on its own also reads a whole walk's edges in one call
 * ({@link #edgesByHop}).
 */
public interface LineageStore {

  /** An event seen as a lineage edge. */
  record Edge(long artifactId, long executionId, EventType type, long timeMs) {}

  /** What a lineage result shows of a node; no properties, so large results stay small. */
  record NodeSummary(TypeKind kind, long id, String typeName, @Nullable String name, @Nullable String uri,
      @Nullable String state, @Nullable String externalId, long createTimeMs) {}

  /** An inclusive time window on event times; null ends are open. */
  record TimeRange(@Nullable Long fromMs, @Nullable Long toMs) {
    public static final TimeRange ALL = new TimeRange(null, null);

    public boolean isAll() {
      return fromMs == null && toMs == null;
    }
  }

  /**
   * What a breadth-first walk reads: from {@code starts}, events of {@code fromArtifacts} types out
   * of artifacts and of {@code fromExecutions} types out of executions, within {@code range}, not
   * past {@code boundary} nodes, for at most {@code maxHops} hops, with the walk capped at
   * {@code maxNodes} nodes, until {@code stopAt} (null: no such node) is reached. The starts are
   * artifacts and executions.
   */
  record WalkPlan(Set<NodeRef> starts, Set<EventType> fromArtifacts, Set<EventType> fromExecutions,
      TimeRange range, Set<NodeRef> boundary, int maxHops, int maxNodes, @Nullable NodeRef stopAt) {
    public WalkPlan {
      starts = Set.copyOf(starts);
      fromArtifacts = Set.copyOf(fromArtifacts);
      fromExecutions = Set.copyOf(fromExecutions);
      boundary = Set.copyOf(boundary);
      for (NodeRef start : starts) {
        if (start.kind() == TypeKind.CONTEXT) {
          throw new IllegalArgumentException("starts: " + start + " (expected: artifacts and executions)");
        }
      }
    }
  }

  /**
   * The edges a breadth-first walk would read, hop by hop, all read by the database in one call;
   * empty where the store reads one frontier at a time only (the caller then calls
   * {@link #eventsOfArtifacts} and {@link #eventsOfExecutions} per hop). Element {@code h - 1}
   * holds, in no particular order, the events of hop {@code h}: those of the nodes first reached at
   * hop {@code h - 1} that are not boundary nodes (the starts for hop 1). A node counts as reached
   * even beyond {@code maxNodes}, so a walk that stops adding nodes at the cap reads a subset of a
   * hop's events: those of its own frontier. The list ends after {@code maxHops} hops, before the
   * first hop without events, after the hop following the first one at whose end at least
   * {@code maxNodes} nodes are reached (starts included), or after the first hop at whose end
   * {@code stopAt} is reached with at most {@code maxNodes} nodes.
   */
  default Optional<List<List<Edge>>> edgesByHop(ReadTransaction tx, WalkPlan plan) {
    return Optional.empty();
  }

  /** Events of the given artifacts whose type is one of {@code types}, within {@code range}. */
  List<Edge> eventsOfArtifacts(ReadTransaction tx, Collection<Long> artifactIds, Set<EventType> types,
      TimeRange range);

  /** Events of the given executions whose type is one of {@code types}, within {@code range}. */
  List<Edge> eventsOfExecutions(ReadTransaction tx, Collection<Long> executionIds, Set<EventType> types,
      TimeRange range);

  /** Summaries of the nodes of this kind with these ids (unknown ids are skipped), in id order. */
  List<NodeSummary> summaries(ReadTransaction tx, TypeKind kind, Collection<Long> ids);

  /** Of the artifacts or executions given, those that belong to at least one of the contexts. */
  Set<Long> membersOf(ReadTransaction tx, TypeKind kind, Collection<Long> contextIds, Collection<Long> ids);

  /** Up to {@code limit} artifacts or executions of the context, in id order. */
  List<Long> contextMembers(ReadTransaction tx, TypeKind kind, long contextId, int limit);
}
