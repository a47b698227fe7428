package dev.pedigree.core.lineage;

import dev.pedigree.model.EventType;
import dev.pedigree.model.NodeRef;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.lineage.LineageStore;
import dev.pedigree.store.lineage.LineageStore.Edge;
import dev.pedigree.store.lineage.LineageStore.TimeRange;
import dev.pedigree.store.lineage.LineageStore.WalkPlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One directed breadth-first walk: each step reads the events of the whole frontier (one query per
 * node kind and chunk), keeps a visited set so cycles end, and stops at the depth, at the cap, or
 * when the frontier is empty. Memory is bounded by the cap on nodes and edges. Where the store can
 * read every hop's events in one call ({@link LineageStore#edgesByHop}), the walk takes each hop's
 * events from that instead of querying, and applies the same rules to them.
 */
final class Walk {
  private static final Comparator<Edge> EDGE_ORDER = Comparator.comparingLong(Edge::artifactId)
      .thenComparingLong(Edge::executionId).thenComparing(Edge::type);

  /** Filters that shape which edges and nodes a walk may use. */
  record Rules(Set<EventType> eventTypes, TimeRange timeRange, Set<Long> contextIds, Set<NodeRef> boundary,
      int maxNodes, int maxEdges) {}

  /** A node's predecessor on a shortest path from a start, with the edge between them. */
  record Parent(NodeRef node, LineageEdge edge) {}

  final Map<NodeRef, Integer> hops = new LinkedHashMap<>();
  final Set<LineageEdge> edges = new LinkedHashSet<>();
  final Map<NodeRef, List<Parent>> parents = new HashMap<>();
  boolean truncated;

  private Walk() {}

  static Walk run(ReadTransaction tx, LineageStore store, Collection<NodeRef> starts, boolean upstream, int depth,
      Rules rules, boolean trackParents, @Nullable NodeRef stopAt) {
    Walk walk = new Walk();
    List<NodeRef> frontier = new ArrayList<>();
    for (NodeRef start : starts) {
      if (walk.hops.putIfAbsent(start, 0) == null) {
        frontier.add(start);
      }
    }
    Set<EventType> fromArtifacts = eventTypes(rules.eventTypes(), upstream);
    Set<EventType> fromExecutions = eventTypes(rules.eventTypes(), !upstream);
    List<List<Edge>> ahead = readAhead(tx, store, walk.hops.keySet(), fromArtifacts, fromExecutions, depth, rules,
        stopAt);
    for (int hop = 1; hop <= depth && !frontier.isEmpty(); hop++) {
      List<Edge> fromA = new ArrayList<>();
      List<Edge> fromE = new ArrayList<>();
      if (ahead != null) {
        split(hop <= ahead.size() ? ahead.get(hop - 1) : List.of(), frontier, fromArtifacts, fromA, fromE);
      } else {
        read(tx, store, frontier, fromArtifacts, fromExecutions, rules.timeRange(), fromA, fromE);
      }
      fromA.sort(EDGE_ORDER);
      fromE.sort(EDGE_ORDER);
      Set<Long> allowedExecutions = allowed(tx, store, rules, TypeKind.EXECUTION, fromA, walk.hops, false);
      Set<Long> allowedArtifacts = allowed(tx, store, rules, TypeKind.ARTIFACT, fromE, walk.hops, true);
      List<NodeRef> next = new ArrayList<>();
      for (Edge edge : fromA) {
        walk.follow(edge, new NodeRef(TypeKind.ARTIFACT, edge.artifactId()),
            new NodeRef(TypeKind.EXECUTION, edge.executionId()), allowedExecutions, hop, rules, trackParents, next);
      }
      for (Edge edge : fromE) {
        walk.follow(edge, new NodeRef(TypeKind.EXECUTION, edge.executionId()),
            new NodeRef(TypeKind.ARTIFACT, edge.artifactId()), allowedArtifacts, hop, rules, trackParents, next);
      }
      frontier = next;
      if (stopAt != null && walk.hops.containsKey(stopAt)) {
        break;
      }
    }
    return walk;
  }

  /**
   * Every hop's edges read by the store in one call, or null where the walk reads hop by hop. The
   * context filter needs the store between hops (which neighbours are members), so such walks, and
   * walks from a context's node itself (which has no events), always read hop by hop.
   */
  private static @Nullable List<List<Edge>> readAhead(ReadTransaction tx, LineageStore store, Set<NodeRef> starts,
      Set<EventType> fromArtifacts, Set<EventType> fromExecutions, int depth, Rules rules, @Nullable NodeRef stopAt) {
    if (depth == 0 || starts.isEmpty() || !rules.contextIds().isEmpty()
        || starts.stream().anyMatch(start -> start.kind() == TypeKind.CONTEXT)) {
      return null;
    }
    return store.edgesByHop(tx, new WalkPlan(starts, fromArtifacts, fromExecutions, rules.timeRange(),
        rules.boundary(), depth, rules.maxNodes(), stopAt)).orElse(null);
  }

  /** A hop's events read by the store: one query per node kind and chunk of the frontier. */
  private static void read(ReadTransaction tx, LineageStore store, List<NodeRef> frontier, Set<EventType> fromArtifacts,
      Set<EventType> fromExecutions, TimeRange range, List<Edge> fromA, List<Edge> fromE) {
    List<Long> artifacts = new ArrayList<>();
    List<Long> executions = new ArrayList<>();
    for (NodeRef node : frontier) {
      switch (node.kind()) {
        case ARTIFACT -> artifacts.add(node.id());
        case EXECUTION -> executions.add(node.id());
        case CONTEXT -> { }
      }
    }
    // Upstream of an artifact are the executions that output it; downstream, those that input it.
    fromA.addAll(store.eventsOfArtifacts(tx, artifacts, fromArtifacts, range));
    fromE.addAll(store.eventsOfExecutions(tx, executions, fromExecutions, range));
  }

  /**
   * A hop's events read ahead, split by the side they leave from (the event types tell: the two
   * sets do not overlap), keeping only those of this walk's frontier: the store's frontier may be
   * larger after the cap stopped this walk from adding nodes.
   */
  private static void split(List<Edge> edges, List<NodeRef> frontier, Set<EventType> fromArtifacts, List<Edge> fromA,
      List<Edge> fromE) {
    Set<NodeRef> sources = new HashSet<>(frontier);
    for (Edge edge : edges) {
      if (fromArtifacts.contains(edge.type())) {
        if (sources.contains(new NodeRef(TypeKind.ARTIFACT, edge.artifactId()))) {
          fromA.add(edge);
        }
      } else if (sources.contains(new NodeRef(TypeKind.EXECUTION, edge.executionId()))) {
        fromE.add(edge);
      }
    }
  }

  private void follow(Edge edge, NodeRef source, NodeRef neighbour, @Nullable Set<Long> allowed, int hop, Rules rules,
      boolean trackParents, List<NodeRef> next) {
    if (allowed != null && !allowed.contains(neighbour.id()) && !hops.containsKey(neighbour)) {
      return;
    }
    Integer seen = hops.get(neighbour);
    if (seen == null) {
      if (hops.size() >= rules.maxNodes()) {
        truncated = true;
        return;
      }
      hops.put(neighbour, hop);
      seen = hop;
      if (!rules.boundary().contains(neighbour)) {
        next.add(neighbour);
      }
    }
    LineageEdge lineageEdge = new LineageEdge(edge.artifactId(), edge.executionId(), edge.type(), edge.timeMs());
    if (edges.size() < rules.maxEdges()) {
      edges.add(lineageEdge);
    } else if (!edges.contains(lineageEdge)) {
      truncated = true;
    }
    if (trackParents && seen == hop) {
      parents.computeIfAbsent(neighbour, node -> new ArrayList<>()).add(new Parent(source, lineageEdge));
    }
  }

  /** The neighbours that pass the context filter; null when there is no context filter. */
  private static @Nullable Set<Long> allowed(ReadTransaction tx, LineageStore store, Rules rules, TypeKind kind,
      List<Edge> edges, Map<NodeRef, Integer> visited, boolean artifactSide) {
    if (rules.contextIds().isEmpty()) {
      return null;
    }
    Set<Long> candidates = new LinkedHashSet<>();
    for (Edge edge : edges) {
      long id = artifactSide ? edge.artifactId() : edge.executionId();
      if (!visited.containsKey(new NodeRef(kind, id))) {
        candidates.add(id);
      }
    }
    return store.membersOf(tx, kind, rules.contextIds(), candidates);
  }

  /** The output event types (or the input ones) that pass the filter. */
  private static Set<EventType> eventTypes(Set<EventType> filter, boolean outputs) {
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    for (EventType type : EventType.values()) {
      if ((outputs ? type.isOutput() : type.isInput()) && (filter.isEmpty() || filter.contains(type))) {
        types.add(type);
      }
    }
    return types;
  }
}
