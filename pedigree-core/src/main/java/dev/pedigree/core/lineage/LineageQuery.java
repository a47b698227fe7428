package dev.pedigree.core.lineage;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.EventType;
import dev.pedigree.model.NodeRef;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.lineage.LineageStore.TimeRange;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A lineage walk.
 *
 * @param starts where the walk begins (a context starts from its artifacts and executions)
 * @param depth hops to walk (artifact to execution is one hop); null for the configured default
 * @param nodeTypes when not empty, only nodes of these type names are returned (start nodes always
 *     are); the walk still passes through other nodes
 * @param eventTypes when not empty, only events of these types are followed
 * @param timeRange only events within this window are followed
 * @param contextIds when not empty, the walk stays inside nodes that belong to one of these contexts
 * @param boundary nodes that are returned but not walked past
 * @param maxNodes result cap; null for the configured default
 * @param pageSize nodes per page (1..10000)
 */
public record LineageQuery(List<NodeRef> starts, Direction direction, @Nullable Integer depth, Set<String> nodeTypes,
    Set<EventType> eventTypes, TimeRange timeRange, Set<Long> contextIds, Set<NodeRef> boundary,
    @Nullable Integer maxNodes, int pageSize, @Nullable String pageToken) {

  public static final int MAX_PAGE_SIZE = 10_000;
  public static final int DEFAULT_PAGE_SIZE = 1000;

  public LineageQuery {
    starts = List.copyOf(starts);
    requireNonNull(direction, "direction");
    nodeTypes = Set.copyOf(nodeTypes);
    eventTypes = Set.copyOf(eventTypes);
    requireNonNull(timeRange, "timeRange");
    contextIds = Set.copyOf(contextIds);
    boundary = Set.copyOf(boundary);
    if (starts.isEmpty()) {
      throw PedigreeException.invalidArgument("a lineage query needs at least one start node");
    }
    if (depth != null && depth < 0) {
      throw PedigreeException.invalidArgument("depth: " + depth + " (expected: >= 0)");
    }
    if (maxNodes != null && maxNodes < 1) {
      throw PedigreeException.invalidArgument("max_nodes: " + maxNodes + " (expected: >= 1)");
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw PedigreeException.invalidArgument("page_size: " + pageSize + " (expected: 1.." + MAX_PAGE_SIZE + ")");
    }
    if (timeRange.fromMs() != null && timeRange.toMs() != null && timeRange.fromMs() > timeRange.toMs()) {
      throw PedigreeException.invalidArgument("time range: from " + timeRange.fromMs() + " is after to "
          + timeRange.toMs());
    }
  }

  /** A walk from one node with defaults for everything else. */
  public static LineageQuery of(NodeRef start, Direction direction, @Nullable Integer depth) {
    return new LineageQuery(List.of(start), direction, depth, Set.of(), Set.of(), TimeRange.ALL, Set.of(), Set.of(),
        null, DEFAULT_PAGE_SIZE, null);
  }

  public LineageQuery withMaxNodes(@Nullable Integer newMaxNodes) {
    return new LineageQuery(starts, direction, depth, nodeTypes, eventTypes, timeRange, contextIds, boundary,
        newMaxNodes, pageSize, pageToken);
  }

  public LineageQuery withPage(int newPageSize, @Nullable String newPageToken) {
    return new LineageQuery(starts, direction, depth, nodeTypes, eventTypes, timeRange, contextIds, boundary,
        maxNodes, newPageSize, newPageToken);
  }

  public LineageQuery withBoundary(Set<NodeRef> newBoundary) {
    return new LineageQuery(starts, direction, depth, nodeTypes, eventTypes, timeRange, contextIds, newBoundary,
        maxNodes, pageSize, pageToken);
  }

  public LineageQuery withFilters(Set<String> newNodeTypes, Set<EventType> newEventTypes, TimeRange newTimeRange,
      Set<Long> newContextIds) {
    return new LineageQuery(starts, direction, depth, newNodeTypes, newEventTypes, newTimeRange, newContextIds,
        boundary, maxNodes, pageSize, pageToken);
  }

  /** What identifies the walk's result, for page tokens (everything but the page itself). */
  String fingerprint() {
    return String.valueOf(List.of(starts, direction, String.valueOf(depth), nodeTypes.stream().sorted().toList(),
        eventTypes.stream().sorted().toList(), String.valueOf(timeRange), contextIds.stream().sorted().toList(),
        boundary.stream().map(NodeRef::toString).sorted().toList(), String.valueOf(maxNodes)).hashCode());
  }
}
