package dev.pedigree.core.metadata;

import dev.pedigree.model.Artifact;
import dev.pedigree.model.Context;
import dev.pedigree.model.Event;
import dev.pedigree.model.Execution;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Executions, artifacts and contexts with the events between them, written in one transaction.
 * Every artifact and execution is linked to every context.
 *
 * @param reuseContextIfExists a new context whose (type, name) exists reuses the stored one
 * @param reuseArtifactByExternalId a new artifact whose external id exists updates the stored one
 */
public record PutLineageSubgraph(
    List<Execution> executions,
    List<Artifact> artifacts,
    List<Context> contexts,
    List<EventEdge> edges,
    boolean reuseContextIfExists,
    boolean reuseArtifactByExternalId) {

  public PutLineageSubgraph {
    executions = List.copyOf(executions);
    artifacts = List.copyOf(artifacts);
    contexts = List.copyOf(contexts);
    edges = List.copyOf(edges);
  }

  /**
   * An event between the execution and the artifact at these positions of the request; ids left
   * empty in the event are filled in. Null parts are rejected as INVALID_ARGUMENT, positions outside
   * the lists as OUT_OF_RANGE.
   */
  public record EventEdge(@Nullable Integer executionIndex, @Nullable Integer artifactIndex, @Nullable Event event) {}

  /** Ids of what was written, aligned with the request's lists. */
  public record Result(List<Long> executionIds, List<Long> artifactIds, List<Long> contextIds) {
    public Result {
      executionIds = List.copyOf(executionIds);
      artifactIds = List.copyOf(artifactIds);
      contextIds = List.copyOf(contextIds);
    }
  }
}
