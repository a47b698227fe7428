package dev.pedigree.model;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A piece of data (dataset, model, metrics, ...) identified by its URI and typed properties. */
public record Artifact(
    @Nullable Long id,
    long typeId,
    @Nullable String typeName,
    @Nullable String name,
    @Nullable String uri,
    ArtifactState state,
    @Nullable String externalId,
    Map<String, Value> properties,
    Map<String, Value> customProperties,
    long createTimeMs,
    long updateTimeMs)
    implements Node {

  public Artifact {
    requireNonNull(state, "state");
    name = Maps.emptyToNull(name);
    externalId = Maps.emptyToNull(externalId);
    properties = Maps.sortedCopy(properties);
    customProperties = Maps.sortedCopy(customProperties);
  }

  /** A new, unstored artifact of the given type. */
  public static Artifact of(long typeId, @Nullable String name, @Nullable String uri) {
    return new Artifact(null, typeId, null, name, uri, ArtifactState.UNKNOWN, null, Map.of(), Map.of(), 0, 0);
  }

  @Override
  public TypeKind kind() {
    return TypeKind.ARTIFACT;
  }

  @Override
  public Artifact stored(long newId, @Nullable String newTypeName, long createTime, long updateTime) {
    return new Artifact(newId, typeId, newTypeName, name, uri, state, externalId, properties,
        customProperties, createTime, updateTime);
  }

  public Artifact withProperties(Map<String, Value> newProperties) {
    return new Artifact(id, typeId, typeName, name, uri, state, externalId, newProperties,
        customProperties, createTimeMs, updateTimeMs);
  }

  public Artifact withCustomProperties(Map<String, Value> newCustomProperties) {
    return new Artifact(id, typeId, typeName, name, uri, state, externalId, properties,
        newCustomProperties, createTimeMs, updateTimeMs);
  }

  public Artifact withState(ArtifactState newState) {
    return new Artifact(id, typeId, typeName, name, uri, newState, externalId, properties,
        customProperties, createTimeMs, updateTimeMs);
  }

  public Artifact withExternalId(@Nullable String newExternalId) {
    return new Artifact(id, typeId, typeName, name, uri, state, newExternalId, properties,
        customProperties, createTimeMs, updateTimeMs);
  }

  public Artifact withId(@Nullable Long newId) {
    return new Artifact(newId, typeId, typeName, name, uri, state, externalId, properties,
        customProperties, createTimeMs, updateTimeMs);
  }
}
