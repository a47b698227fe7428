package dev.pedigree.core.lineage;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a lineage walk. Nodes come in walk order (hops, then artifacts before executions
 * before contexts, then id); each edge is on the page of the later of its two nodes, so the pages
 * together hold every edge exactly once.
 *
 * @param totalNodes nodes in the whole result (all pages)
 * @param truncated the walk stopped at the result cap: more nodes are reachable than returned
 */
public record LineageResult(List<LineageNode> nodes, List<LineageEdge> edges, int totalNodes, boolean truncated,
    @Nullable String nextPageToken) {

  public LineageResult {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }
}
