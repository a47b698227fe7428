package dev.pedigree.core.metadata;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.Artifact;
import dev.pedigree.model.Context;
import dev.pedigree.model.Event;
import dev.pedigree.model.Execution;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An execution with its artifacts, events and contexts, written in one transaction.
 *
 * @param reuseContextIfExists a new context whose (type, name) exists reuses the stored one
 *     instead of failing with ALREADY_EXISTS
 * @param reuseArtifactByExternalId a new artifact whose external id exists updates the stored one
 */
public record PutExecution(
    Execution execution,
    List<ArtifactAndEvent> artifacts,
    List<Context> contexts,
    boolean reuseContextIfExists,
    boolean reuseArtifactByExternalId) {

  public PutExecution {
    requireNonNull(execution, "execution");
    artifacts = List.copyOf(artifacts);
    contexts = List.copyOf(contexts);
  }

  /**
   * An artifact to upsert and/or the event linking it to the execution. Without an artifact, the
   * event must name a stored artifact; ids left empty in the event are filled in.
   */
  public record ArtifactAndEvent(@Nullable Artifact artifact, @Nullable Event event) {}

  /** Ids of what was written: artifact ids aligned with the request's pairs. */
  public record Result(long executionId, List<Long> artifactIds, List<Long> contextIds) {
    public Result {
      artifactIds = List.copyOf(artifactIds);
      contextIds = List.copyOf(contextIds);
    }
  }
}
