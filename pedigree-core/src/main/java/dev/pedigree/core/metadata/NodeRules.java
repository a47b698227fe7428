package dev.pedigree.core.metadata;

import dev.pedigree.model.Artifact;
import dev.pedigree.model.Context;
import dev.pedigree.model.Execution;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.PropertyType;
import dev.pedigree.model.Value;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Checks of a node against its type, and MLMD's update-mask merge. */
final class NodeRules {
  private static final Set<String> IGNORED_MASK_PATHS =
      Set.of("id", "type_id", "type", "create_time_since_epoch", "last_update_time_since_epoch");

  private NodeRules() {}

  /** Typed properties must be declared with the same kind; contexts need a name. */
  static void check(Node node, NodeType type) {
    for (Map.Entry<String, Value> property : node.properties().entrySet()) {
      PropertyType declared = type.properties().get(property.getKey());
      if (declared == null) {
        throw PedigreeException.invalidArgument("found unknown property '" + property.getKey()
            + "' for " + type.kind().label() + " type " + type.displayName()
            + " (declared: " + type.properties().keySet() + "); use custom properties for undeclared values");
      }
      if (declared != property.getValue().type()) {
        throw PedigreeException.invalidArgument("property '" + property.getKey() + "' of "
            + type.kind().label() + " type " + type.displayName() + " must be " + declared + ", got "
            + property.getValue().type());
      }
    }
    if (node instanceof Context && (node.name() == null || node.name().isBlank())) {
      throw PedigreeException.invalidArgument("context name must not be empty");
    }
  }

  /** The stored node with the masked fields taken from the request. */
  static Node merge(Node stored, Node request, Set<String> mask) {
    Node merged = stored;
    for (String path : mask) {
      if (IGNORED_MASK_PATHS.contains(path)) {
        continue;
      }
      merged = switch (path) {
        case "name" -> withName(merged, request.name());
        case "external_id" -> withExternalId(merged, request.externalId());
        case "uri", "state" -> artifactField(merged, request, path);
        case "last_known_state" -> executionState(merged, request, path);
        case "properties" -> withProperties(merged, request.properties(), false);
        case "custom_properties" -> withProperties(merged, request.customProperties(), true);
        default -> mergeKey(merged, request, path);
      };
    }
    return merged;
  }

  private static Node mergeKey(Node merged, Node request, String path) {
    boolean custom;
    String key;
    if (path.startsWith("properties.")) {
      custom = false;
      key = path.substring("properties.".length());
    } else if (path.startsWith("custom_properties.")) {
      custom = true;
      key = path.substring("custom_properties.".length());
    } else {
      throw PedigreeException.invalidArgument("unknown update mask path '" + path + "' for "
          + merged.kind().label());
    }
    Map<String, Value> source = custom ? request.customProperties() : request.properties();
    Map<String, Value> target = new TreeMap<>(custom ? merged.customProperties() : merged.properties());
    Value value = source.get(key);
    if (value == null) {
      target.remove(key);
    } else {
      target.put(key, value);
    }
    return withProperties(merged, target, custom);
  }

  private static Node artifactField(Node merged, Node request, String path) {
    if (!(merged instanceof Artifact stored) || !(request instanceof Artifact given)) {
      throw PedigreeException.invalidArgument("update mask path '" + path + "' applies to artifacts only");
    }
    return path.equals("uri")
        ? new Artifact(stored.id(), stored.typeId(), stored.typeName(), stored.name(), given.uri(),
            stored.state(), stored.externalId(), stored.properties(), stored.customProperties(),
            stored.createTimeMs(), stored.updateTimeMs())
        : stored.withState(given.state());
  }

  private static Node executionState(Node merged, Node request, String path) {
    if (!(merged instanceof Execution stored) || !(request instanceof Execution given)) {
      throw PedigreeException.invalidArgument("update mask path '" + path + "' applies to executions only");
    }
    return stored.withState(given.lastKnownState());
  }

  static Node withName(Node node, @Nullable String name) {
    return switch (node) {
      case Artifact a -> new Artifact(a.id(), a.typeId(), a.typeName(), name, a.uri(), a.state(),
          a.externalId(), a.properties(), a.customProperties(), a.createTimeMs(), a.updateTimeMs());
      case Execution e -> new Execution(e.id(), e.typeId(), e.typeName(), name, e.lastKnownState(),
          e.externalId(), e.properties(), e.customProperties(), e.createTimeMs(), e.updateTimeMs());
      case Context c -> new Context(c.id(), c.typeId(), c.typeName(), name, c.externalId(), c.properties(),
          c.customProperties(), c.createTimeMs(), c.updateTimeMs());
    };
  }

  static Node withExternalId(Node node, @Nullable String externalId) {
    return switch (node) {
      case Artifact a -> a.withExternalId(externalId);
      case Execution e -> new Execution(e.id(), e.typeId(), e.typeName(), e.name(), e.lastKnownState(),
          externalId, e.properties(), e.customProperties(), e.createTimeMs(), e.updateTimeMs());
      case Context c -> new Context(c.id(), c.typeId(), c.typeName(), c.name(), externalId, c.properties(),
          c.customProperties(), c.createTimeMs(), c.updateTimeMs());
    };
  }

  static Node withProperties(Node node, Map<String, Value> values, boolean custom) {
    return switch (node) {
      case Artifact a -> custom ? a.withCustomProperties(values) : a.withProperties(values);
      case Execution e -> custom ? e.withCustomProperties(values) : e.withProperties(values);
      case Context c -> custom ? c.withCustomProperties(values) : c.withProperties(values);
    };
  }

  static Node withId(Node node, long id) {
    return switch (node) {
      case Artifact a -> a.withId(id);
      case Execution e -> e.withId(id);
      case Context c -> c.withId(id);
    };
  }

  /** Keeps the stored identity (id, type name, create time, and name unless given) on a replacement. */
  static Node asReplacementOf(Node request, Node stored) {
    if (request.name() == null && stored.name() != null) {
      // As MLMD: a node's name survives an update that does not mention it.
      request = withName(request, stored.name());
    }
    return request.stored(stored.requireId(), stored.typeName(), stored.createTimeMs(), stored.updateTimeMs());
  }
}
