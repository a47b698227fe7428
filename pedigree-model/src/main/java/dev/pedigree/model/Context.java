package dev.pedigree.model;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A grouping of artifacts and executions: a pipeline, a run, an experiment, a job. */
public record Context(
    @Nullable Long id,
    long typeId,
    @Nullable String typeName,
    @Nullable String name,
    @Nullable String externalId,
    Map<String, Value> properties,
    Map<String, Value> customProperties,
    long createTimeMs,
    long updateTimeMs)
    implements Node {

  public Context {
    name = Maps.emptyToNull(name);
    externalId = Maps.emptyToNull(externalId);
    properties = Maps.sortedCopy(properties);
    customProperties = Maps.sortedCopy(customProperties);
  }

  /** A new, unstored context of the given type. */
  public static Context of(long typeId, String name) {
    return new Context(null, typeId, null, name, null, Map.of(), Map.of(), 0, 0);
  }

  @Override
  public TypeKind kind() {
    return TypeKind.CONTEXT;
  }

  @Override
  public Context stored(long newId, @Nullable String newTypeName, long createTime, long updateTime) {
    return new Context(newId, typeId, newTypeName, name, externalId, properties, customProperties,
        createTime, updateTime);
  }

  public Context withProperties(Map<String, Value> newProperties) {
    return new Context(id, typeId, typeName, name, externalId, newProperties, customProperties,
        createTimeMs, updateTimeMs);
  }

  public Context withCustomProperties(Map<String, Value> newCustomProperties) {
    return new Context(id, typeId, typeName, name, externalId, properties, newCustomProperties,
        createTimeMs, updateTimeMs);
  }

  public Context withId(@Nullable Long newId) {
    return new Context(newId, typeId, typeName, name, externalId, properties, customProperties,
        createTimeMs, updateTimeMs);
  }
}
