package dev.pedigree.model;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A type of artifact, execution or context: a name (plus optional version) and the schema of its
 * typed properties. {@code id} is null until the type is stored.
 *
 * @param baseType an MLMD base type such as {@code DATASET}, {@code MODEL} or {@code TRAIN}
 */
public record NodeType(
    @Nullable Long id,
    TypeKind kind,
    String name,
    @Nullable String version,
    @Nullable String description,
    @Nullable String externalId,
    @Nullable String baseType,
    Map<String, PropertyType> properties) {

  public NodeType {
    requireNonNull(kind, "kind");
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw PedigreeException.invalidArgument("type name must not be empty");
    }
    if (version != null && version.isEmpty()) {
      version = null;
    }
    if (externalId != null && externalId.isEmpty()) {
      externalId = null;
    }
    properties = java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
  }

  public static NodeType of(TypeKind kind, String name, Map<String, PropertyType> properties) {
    return new NodeType(null, kind, name, null, null, null, null, properties);
  }

  public NodeType withId(long newId) {
    return new NodeType(newId, kind, name, version, description, externalId, baseType, properties);
  }

  public NodeType withProperties(Map<String, PropertyType> newProperties) {
    return new NodeType(id, kind, name, version, description, externalId, baseType, newProperties);
  }

  /** The stored id; fails if the type has not been stored. */
  public long requireId() {
    if (id == null) {
      throw new IllegalStateException("type " + name + " has no id");
    }
    return id;
  }

  /** {@code name} or {@code name (version)} for messages. */
  public String displayName() {
    return version == null ? name : name + " (version " + version + ")";
  }
}
