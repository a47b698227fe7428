package dev.pedigree.store.lineage;

import dev.pedigree.model.EventType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.ReadTransaction;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The queries a lineage traversal runs, one frontier at a time, inside the caller's read
 * transaction. Implementations answer each call with a bounded number of indexed statements.
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
