package dev.pedigree.core.metadata;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A walk of the event graph from starting nodes: artifact to execution to artifact, one hop per
 * edge crossed.
 *
 * @param startKind {@code ARTIFACT} or {@code EXECUTION}
 * @param startFilter MLMD filter_query choosing the starting nodes (at most {@link #MAX_START_NODES})
 * @param maxHops how far to walk; 0 returns the starting nodes only
 * @param keepArtifacts nodes not matching this filter are left out and not walked through (null: keep all)
 * @param keepExecutions as {@code keepArtifacts}, for executions
 * @param endArtifacts artifacts matching it end the walk (not walked through)
 * @param endExecutions executions matching it end the walk
 * @param maxNodes stop adding nodes after this many (0: no limit)
 * @param startIds when not empty, the starting nodes themselves ({@code startFilter} then only narrows them)
 */
public record LineageQuery(
    TypeKind startKind,
    String startFilter,
    int maxHops,
    Direction direction,
    @Nullable String keepArtifacts,
    @Nullable String keepExecutions,
    @Nullable Ending endArtifacts,
    @Nullable Ending endExecutions,
    int maxNodes,
    List<Long> startIds) {

  /** The most starting nodes a walk may have. */
  public static final int MAX_START_NODES = 100;

  public LineageQuery {
    requireNonNull(startKind, "startKind");
    requireNonNull(startFilter, "startFilter");
    requireNonNull(direction, "direction");
    startIds = List.copyOf(startIds);
    if (startKind == TypeKind.CONTEXT) {
      throw PedigreeException.invalidArgument("lineage starts at artifacts or executions, not contexts");
    }
    if (maxHops < 0) {
      throw PedigreeException.invalidArgument("max_num_hops must not be negative, got " + maxHops);
    }
  }

  /** A walk from the nodes matching {@code startFilter}. */
  public LineageQuery(TypeKind startKind, String startFilter, int maxHops, Direction direction,
      @Nullable String keepArtifacts, @Nullable String keepExecutions, @Nullable Ending endArtifacts,
      @Nullable Ending endExecutions, int maxNodes) {
    this(startKind, startFilter, maxHops, direction, keepArtifacts, keepExecutions, endArtifacts, endExecutions,
        maxNodes, List.of());
  }

  /** Which edges a walk follows. */
  public enum Direction {
    /** From an artifact to the executions that used it, from an execution to what it produced. */
    DOWNSTREAM,
    /** From an artifact to the executions that produced it, from an execution to what it used. */
    UPSTREAM,
    BOTH
  }

  /** Nodes that end a walk; whether they are part of the answer. */
  public record Ending(String filter, boolean included) {
    public Ending {
      requireNonNull(filter, "filter");
    }
  }
}
