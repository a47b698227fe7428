package dev.pedigree.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Small request bodies of the native API. */
final class Bodies {
  private Bodies() {}

  record Batch(@Nullable List<NodeBody> nodes, @Nullable List<String> updateMask,
      @Nullable Boolean abortIfUpdateTimeChanged) {}

  record Events(@Nullable List<EventBody> events) {}

  record Members(@Nullable List<Long> artifactIds, @Nullable List<Long> executionIds) {}

  record Parents(@Nullable List<Long> parentIds) {}

  record ArtifactAndEvent(@Nullable NodeBody artifact, @Nullable EventBody event) {}

  record PutExecution(@Nullable NodeBody execution, @Nullable List<ArtifactAndEvent> artifacts,
      @Nullable List<NodeBody> contexts, @Nullable Boolean reuseContextIfExists,
      @Nullable Boolean reuseArtifactByExternalId) {}
}
