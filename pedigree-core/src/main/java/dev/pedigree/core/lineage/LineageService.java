package dev.pedigree.core.lineage;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.NodeRef;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.lineage.LineageStore;
import dev.pedigree.store.lineage.LineageStore.NodeSummary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Lineage queries: walks, shortest paths and impact analysis. Each query runs on one read snapshot.
 */
public final class LineageService {
  /** Most shortest paths one path query returns. */
  public static final int MAX_PATHS = 100;

  private static final Comparator<LineageNode> WALK_ORDER = Comparator.comparingInt(LineageNode::hops)
      .thenComparing(node -> node.ref().kind()).thenComparingLong(node -> node.ref().id());

  private final MetadataStore store;
  private final LineageStore lineage;
  private final LineageSettings settings;
  private final AliasLookup aliases;

  public LineageService(MetadataStore store, LineageStore lineage, LineageSettings settings, AliasLookup aliases) {
    this.store = requireNonNull(store, "store");
    this.lineage = requireNonNull(lineage, "lineage");
    this.settings = requireNonNull(settings, "settings");
    this.aliases = requireNonNull(aliases, "aliases");
  }

  public LineageSettings settings() {
    return settings;
  }

  /** Walks from the query's start nodes and returns one page of the result. */
  public LineageResult lineage(LineageQuery query) {
    int depth = depth(query.depth(), settings.defaultDepth());
    int maxNodes = maxNodes(query.maxNodes());
    int offset = decodePageToken(query.pageToken(), query.fingerprint());
    return store.read(tx -> {
      Graph graph = walk(tx, query, depth, maxNodes);
      List<LineageNode> all = graph.nodes;
      if (!query.nodeTypes().isEmpty()) {
        all = all.stream().filter(node -> node.start() || query.nodeTypes().contains(node.typeName())).toList();
      }
      Map<NodeRef, Integer> position = new HashMap<>();
      for (int i = 0; i < all.size(); i++) {
        position.put(all.get(i).ref(), i);
      }
      int end = Math.min(all.size(), offset + query.pageSize());
      List<LineageNode> page = offset >= all.size() ? List.of() : all.subList(offset, end);
      List<LineageEdge> pageEdges = new ArrayList<>();
      for (LineageEdge edge : graph.edges) {
        Integer a = position.get(edge.artifact());
        Integer e = position.get(edge.execution());
        if (a == null || e == null) {
          continue;
        }
        int owner = Math.max(a, e);
        if (owner >= offset && owner < end) {
          pageEdges.add(edge);
        }
      }
      String next = end < all.size() ? encodePageToken(end, query.fingerprint()) : null;
      return new LineageResult(page, pageEdges, all.size(), graph.truncated, next);
    });
  }

  /**
   * The shortest paths between two nodes: first along the data flow from {@code from} to
   * {@code to}, else against it (when {@code to} is upstream of {@code from}).
   */
  public PathResult paths(NodeRef from, NodeRef to, @Nullable Integer depth) {
    int hops = depth(depth, settings.maxDepth());
    return store.read(tx -> {
      requireNodes(tx, List.of(from, to));
      Walk.Rules rules = new Walk.Rules(Set.of(), LineageStore.TimeRange.ALL, Set.of(), Set.of(),
          settings.maxNodes(), settings.maxNodes() * 4);
      for (Direction direction : List.of(Direction.DOWNSTREAM, Direction.UPSTREAM)) {
        Walk walk = Walk.run(tx, lineage, List.of(from), direction == Direction.UPSTREAM, hops, rules, true, to);
        if (!walk.hops.containsKey(to)) {
          continue;
        }
        List<List<NodeRef>> paths = new ArrayList<>();
        boolean more = collectPaths(walk, from, to, paths);
        Set<NodeRef> onPaths = new LinkedHashSet<>();
        paths.forEach(onPaths::addAll);
        Set<LineageEdge> edges = new LinkedHashSet<>();
        for (NodeRef node : onPaths) {
          for (Walk.Parent parent : walk.parents.getOrDefault(node, List.of())) {
            if (onPaths.contains(parent.node())) {
              edges.add(parent.edge());
            }
          }
        }
        Map<NodeRef, Integer> hopsOnPaths = new LinkedHashMap<>();
        onPaths.forEach(node -> hopsOnPaths.put(node, walk.hops.get(node)));
        List<LineageNode> nodes = nodes(tx, hopsOnPaths, Set.of(from), Set.of());
        return new PathResult(from, to, direction, paths, nodes, List.copyOf(edges), more || walk.truncated);
      }
      return new PathResult(from, to, Direction.DOWNSTREAM, List.of(), List.of(), List.of(), false);
    });
  }

  /** Everything downstream of the start nodes, grouped by kind and type, with affected aliases. */
  public ImpactResult impact(List<NodeRef> starts, @Nullable Integer depth, @Nullable Integer maxNodes) {
    LineageQuery query = new LineageQuery(starts, Direction.DOWNSTREAM, depth(depth, settings.maxDepth()), Set.of(),
        Set.of(), LineageStore.TimeRange.ALL, Set.of(), Set.of(), maxNodes, LineageQuery.DEFAULT_PAGE_SIZE, null);
    Graph graph = store.read(tx -> walk(tx, query, query.depth(), maxNodes(maxNodes)));
    Map<TypeKind, Map<String, List<LineageNode>>> grouped = new EnumMap<>(TypeKind.class);
    List<Long> artifactIds = new ArrayList<>();
    int total = 0;
    for (LineageNode node : graph.nodes) {
      if (node.start()) {
        continue;
      }
      total++;
      grouped.computeIfAbsent(node.ref().kind(), kind -> new TreeMap<>())
          .computeIfAbsent(node.typeName(), type -> new ArrayList<>()).add(node);
      if (node.ref().kind() == TypeKind.ARTIFACT) {
        artifactIds.add(node.ref().id());
      }
    }
    List<ImpactResult.Group> groups = new ArrayList<>();
    grouped.forEach((kind, byType) -> byType.forEach((type, nodes) ->
        groups.add(new ImpactResult.Group(kind, type, nodes))));
    return new ImpactResult(starts, groups, aliases.aliasesPointingAt(artifactIds), total, graph.truncated);
  }

  // The walk

  private record Graph(List<LineageNode> nodes, Set<LineageEdge> edges, boolean truncated) {}

  private Graph walk(ReadTransaction tx, LineageQuery query, int depth, int maxNodes) {
    requireNodes(tx, query.starts());
    Set<NodeRef> walkStarts = new LinkedHashSet<>();
    Set<NodeRef> contexts = new LinkedHashSet<>();
    for (NodeRef start : query.starts()) {
      if (start.kind() == TypeKind.CONTEXT) {
        contexts.add(start);
        for (TypeKind kind : List.of(TypeKind.ARTIFACT, TypeKind.EXECUTION)) {
          for (long id : lineage.contextMembers(tx, kind, start.id(), maxNodes)) {
            walkStarts.add(new NodeRef(kind, id));
          }
        }
      } else {
        walkStarts.add(start);
      }
    }
    Walk.Rules rules = new Walk.Rules(query.eventTypes(), query.timeRange(), query.contextIds(), query.boundary(),
        maxNodes, maxNodes * 4);
    List<Walk> walks = new ArrayList<>();
    if (query.direction() != Direction.DOWNSTREAM) {
      walks.add(Walk.run(tx, lineage, walkStarts, true, depth, rules, false, null));
    }
    if (query.direction() != Direction.UPSTREAM) {
      walks.add(Walk.run(tx, lineage, walkStarts, false, depth, rules, false, null));
    }
    Map<NodeRef, Integer> hops = new LinkedHashMap<>();
    contexts.forEach(context -> hops.put(context, 0));
    Set<LineageEdge> edges = new LinkedHashSet<>();
    boolean truncated = false;
    for (Walk walk : walks) {
      walk.hops.forEach((node, hop) -> hops.merge(node, hop, Math::min));
      edges.addAll(walk.edges);
      truncated |= walk.truncated;
    }
    Set<NodeRef> starts = new LinkedHashSet<>(walkStarts);
    starts.addAll(contexts);
    List<LineageNode> nodes = nodes(tx, hops, starts, query.boundary());
    if (nodes.size() > maxNodes) {
      // Two directions each stayed under the cap but together exceed it: keep the nearest nodes.
      nodes = nodes.subList(0, maxNodes);
      truncated = true;
    }
    return new Graph(nodes, edges, truncated);
  }

  private List<LineageNode> nodes(ReadTransaction tx, Map<NodeRef, Integer> hops, Set<NodeRef> starts,
      Set<NodeRef> boundary) {
    Map<TypeKind, List<Long>> ids = new EnumMap<>(TypeKind.class);
    hops.keySet().forEach(ref -> ids.computeIfAbsent(ref.kind(), kind -> new ArrayList<>()).add(ref.id()));
    List<LineageNode> nodes = new ArrayList<>(hops.size());
    ids.forEach((kind, kindIds) -> {
      for (NodeSummary summary : lineage.summaries(tx, kind, kindIds)) {
        NodeRef ref = new NodeRef(kind, summary.id());
        nodes.add(new LineageNode(ref, summary.typeName(), summary.name(), summary.uri(), summary.state(),
            summary.externalId(), summary.createTimeMs(), hops.get(ref), starts.contains(ref), boundary.contains(ref)));
      }
    });
    nodes.sort(WALK_ORDER);
    return nodes;
  }

  private void requireNodes(ReadTransaction tx, Collection<NodeRef> refs) {
    Map<TypeKind, Set<Long>> wanted = new EnumMap<>(TypeKind.class);
    refs.forEach(ref -> wanted.computeIfAbsent(ref.kind(), kind -> new LinkedHashSet<>()).add(ref.id()));
    for (Map.Entry<TypeKind, Set<Long>> entry : wanted.entrySet()) {
      Set<Long> missing = new LinkedHashSet<>(entry.getValue());
      lineage.summaries(tx, entry.getKey(), entry.getValue()).forEach(summary -> missing.remove(summary.id()));
      if (!missing.isEmpty()) {
        long id = missing.iterator().next();
        throw PedigreeException.notFound("start node " + new NodeRef(entry.getKey(), id) + " not found");
      }
    }
  }

  /** Appends shortest paths from {@code from} to {@code to}; true if there were more than {@link #MAX_PATHS}. */
  private static boolean collectPaths(Walk walk, NodeRef from, NodeRef to, List<List<NodeRef>> paths) {
    Deque<NodeRef> suffix = new ArrayDeque<>();
    return !extend(walk, from, to, suffix, paths);
  }

  /** Depth-first over parent links from {@code node} back to {@code from}; false once the limit is hit. */
  private static boolean extend(Walk walk, NodeRef from, NodeRef node, Deque<NodeRef> suffix,
      List<List<NodeRef>> paths) {
    suffix.push(node);
    try {
      if (node.equals(from)) {
        if (paths.size() >= MAX_PATHS) {
          return false;
        }
        paths.add(List.copyOf(suffix));
        return true;
      }
      Set<NodeRef> seen = new LinkedHashSet<>();
      for (Walk.Parent parent : walk.parents.getOrDefault(node, List.of())) {
        if (seen.add(parent.node()) && !extend(walk, from, parent.node(), suffix, paths)) {
          return false;
        }
      }
      return true;
    } finally {
      suffix.pop();
    }
  }

  private int depth(@Nullable Integer requested, int fallback) {
    int depth = requested == null ? fallback : requested;
    if (depth > settings.maxDepth()) {
      throw PedigreeException.invalidArgument("depth " + depth + " exceeds the configured cap of "
          + settings.maxDepth() + " (lineage.max-depth)");
    }
    return depth;
  }

  private int maxNodes(@Nullable Integer requested) {
    int max = requested == null ? settings.defaultMaxNodes() : requested;
    if (max > settings.maxNodes()) {
      throw PedigreeException.invalidArgument("max_nodes " + max + " exceeds the configured cap of "
          + settings.maxNodes() + " (lineage.max-nodes)");
    }
    return max;
  }

  private static String encodePageToken(int offset, String fingerprint) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("l1:" + offset + ":" + fingerprint).getBytes(StandardCharsets.UTF_8));
  }

  private static int decodePageToken(@Nullable String token, String fingerprint) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":", 3);
      if (parts.length == 3 && parts[0].equals("l1") && parts[2].equals(fingerprint)) {
        int offset = Integer.parseInt(parts[1]);
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // Falls through to the error below.
    }
    throw PedigreeException.invalidArgument("page_token is not valid for this query");
  }
}
