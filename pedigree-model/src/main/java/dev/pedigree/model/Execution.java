package dev.pedigree.model;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A run of a component, step or job that reads and writes artifacts. */
public record Execution(
    @Nullable Long id,
    long typeId,
    @Nullable String typeName,
    @Nullable String name,
    ExecutionState lastKnownState,
    @Nullable String externalId,
    Map<String, Value> properties,
    Map<String, Value> customProperties,
    long createTimeMs,
    long updateTimeMs)
    implements Node {

  public Execution {
    requireNonNull(lastKnownState, "lastKnownState");
    name = Maps.emptyToNull(name);
    externalId = Maps.emptyToNull(externalId);
    properties = Maps.sortedCopy(properties);
    customProperties = Maps.sortedCopy(customProperties);
  }

  /** A new, unstored execution of the given type. */
  public static Execution of(long typeId, @Nullable String name, ExecutionState state) {
    return new Execution(null, typeId, null, name, state, null, Map.of(), Map.of(), 0, 0);
  }

  @Override
  public TypeKind kind() {
    return TypeKind.EXECUTION;
  }

  @Override
  public Execution stored(long newId, @Nullable String newTypeName, long createTime, long updateTime) {
    return new Execution(newId, typeId, newTypeName, name, lastKnownState, externalId, properties,
        customProperties, createTime, updateTime);
  }

  public Execution withProperties(Map<String, Value> newProperties) {
    return new Execution(id, typeId, typeName, name, lastKnownState, externalId, newProperties,
        customProperties, createTimeMs, updateTimeMs);
  }

  public Execution withCustomProperties(Map<String, Value> newCustomProperties) {
    return new Execution(id, typeId, typeName, name, lastKnownState, externalId, properties,
        newCustomProperties, createTimeMs, updateTimeMs);
  }

  public Execution withState(ExecutionState newState) {
    return new Execution(id, typeId, typeName, name, newState, externalId, properties,
        customProperties, createTimeMs, updateTimeMs);
  }

  public Execution withId(@Nullable Long newId) {
    return new Execution(newId, typeId, typeName, name, lastKnownState, externalId, properties,
        customProperties, createTimeMs, updateTimeMs);
  }
}
