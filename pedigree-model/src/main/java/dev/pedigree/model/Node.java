package dev.pedigree.model;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What artifacts, executions and contexts share. A node with a null {@code id} has not been stored;
 * times are milliseconds since the epoch and are assigned by the server (0 until stored).
 */
public sealed interface Node permits Artifact, Execution, Context {

  @Nullable Long id();

  TypeKind kind();

  long typeId();

  /** The type's name, filled in on reads; ignored on writes. */
  @Nullable String typeName();

  @Nullable String name();

  @Nullable String externalId();

  Map<String, Value> properties();

  Map<String, Value> customProperties();

  long createTimeMs();

  long updateTimeMs();

  /** The stored id; fails if the node has not been stored. */
  default long requireId() {
    Long id = id();
    if (id == null) {
      throw new IllegalStateException(kind().label() + " has no id");
    }
    return id;
  }

  /** A copy carrying the server-assigned identity and times (and the type name for reads). */
  Node stored(long id, @Nullable String typeName, long createTimeMs, long updateTimeMs);
}
