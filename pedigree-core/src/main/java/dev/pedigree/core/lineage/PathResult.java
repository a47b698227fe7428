package dev.pedigree.core.lineage;

import dev.pedigree.model.NodeRef;
import java.util.List;

/**
 * Shortest paths between two nodes along the data flow.
 *
 * @param direction DOWNSTREAM when data flows from {@code from} to {@code to}, UPSTREAM when it
 *     flows from {@code to} to {@code from}
 * @param paths node sequences from {@code from} to {@code to}, all of the shortest length; empty
 *     when there is no path within the depth
 * @param truncated more shortest paths exist than returned, or the walk hit the result cap
 */
public record PathResult(NodeRef from, NodeRef to, Direction direction, List<List<NodeRef>> paths,
    List<LineageNode> nodes, List<LineageEdge> edges, boolean truncated) {

  public PathResult {
    paths = paths.stream().map(List::copyOf).toList();
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }
}
