package dev.pedigree.core.openlineage;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What ingesting one event did.
 *
 * @param duplicate the same event was ingested before; nothing changed
 * @param executionId the run's (or job's declared) execution, if any
 * @param artifactIds the dataset versions the event touched
 */
public record IngestOutcome(boolean duplicate, @Nullable Long executionId, List<Long> artifactIds) {
  public IngestOutcome {
    artifactIds = List.copyOf(artifactIds);
  }
}
