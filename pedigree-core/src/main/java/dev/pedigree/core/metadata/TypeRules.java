package dev.pedigree.core.metadata;

import dev.pedigree.model.NodeType;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.PropertyType;
import java.util.Map;
import java.util.TreeMap;

/** MLMD's type evolution: which changes a put of an existing type may make. */
final class TypeRules {
  private TypeRules() {}

  /**
   * The properties to add to {@code stored} so that it accepts {@code requested}; fails with
   * ALREADY_EXISTS when the request is incompatible under {@code evolution}.
   */
  static Map<String, PropertyType> additions(NodeType stored, NodeType requested, TypeEvolution evolution) {
    Map<String, PropertyType> added = new TreeMap<>();
    for (Map.Entry<String, PropertyType> property : requested.properties().entrySet()) {
      PropertyType existing = stored.properties().get(property.getKey());
      if (existing == null) {
        added.put(property.getKey(), property.getValue());
      } else if (existing != property.getValue()) {
        throw PedigreeException.alreadyExists("type " + stored.displayName()
            + " already exists with different properties: property '" + property.getKey() + "' is "
            + existing + ", the request says " + property.getValue());
      }
    }
    if (!added.isEmpty() && !evolution.canAddFields()) {
      throw PedigreeException.alreadyExists("type " + stored.displayName()
          + " already exists without properties " + added.keySet() + "; set can_add_fields to add them");
    }
    for (String name : stored.properties().keySet()) {
      if (!requested.properties().containsKey(name) && !evolution.canOmitFields()) {
        throw PedigreeException.alreadyExists("type " + stored.displayName() + " already exists with property '"
            + name + "' that the request omits; set can_omit_fields to keep it without listing it");
      }
    }
    return added;
  }
}
