package dev.pedigree.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An edge between an artifact and an execution. Ids may be null in a write request where the server
 * fills them in (an event inside a put-execution). {@code timeMs} 0 means "now" on writes.
 */
public record Event(
    @Nullable Long artifactId,
    @Nullable Long executionId,
    EventType type,
    List<PathStep> path,
    long timeMs) {

  public Event {
    requireNonNull(type, "type");
    path = List.copyOf(path);
  }

  public static Event of(long artifactId, long executionId, EventType type) {
    return new Event(artifactId, executionId, type, List.of(), 0);
  }

  public Event withIds(long newArtifactId, long newExecutionId) {
    return new Event(newArtifactId, newExecutionId, type, path, timeMs);
  }

  public Event withTime(long newTimeMs) {
    return new Event(artifactId, executionId, type, path, newTimeMs);
  }
}
