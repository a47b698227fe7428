package dev.pedigree.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.model.Artifact;
import dev.pedigree.model.ArtifactState;
import dev.pedigree.model.Context;
import dev.pedigree.model.Event;
import dev.pedigree.model.EventType;
import dev.pedigree.model.Execution;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.PathStep;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.PropertyType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Converts between the native API's JSON and the model. Typed properties take the kind their type
 * declares (an integer is accepted for a DOUBLE property); custom properties take the kind of the
 * JSON value: integer, double, string, boolean, or an object (STRUCT).
 */
final class NodeJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private NodeJson() {}

  static Node toNode(TypeKind kind, NodeBody body, NodeType type) {
    rejectForeignFields(kind, body);
    Map<String, Value> properties = values(body.properties(), type, false);
    Map<String, Value> custom = values(body.customProperties(), type, true);
    long updateTime = body.updateTime() == null ? 0 : body.updateTime();
    long typeId = type.requireId();
    return switch (kind) {
      case ARTIFACT -> new Artifact(body.id(), typeId, type.name(), body.name(), body.uri(),
          body.state() == null ? ArtifactState.UNKNOWN : enumValue(ArtifactState.class, "state", body.state()),
          body.externalId(), properties, custom, 0, updateTime);
      case EXECUTION -> new Execution(body.id(), typeId, type.name(), body.name(),
          body.lastKnownState() == null ? ExecutionState.UNKNOWN
              : enumValue(ExecutionState.class, "last_known_state", body.lastKnownState()),
          body.externalId(), properties, custom, 0, updateTime);
      case CONTEXT -> new Context(body.id(), typeId, type.name(), body.name(), body.externalId(), properties,
          custom, 0, updateTime);
    };
  }

  static ObjectNode toJson(Node node) {
    ObjectNode json = JSON.objectNode();
    json.put("id", node.id());
    json.put("type", node.typeName());
    json.put("type_id", node.typeId());
    json.put("name", node.name());
    switch (node) {
      case Artifact artifact -> {
        json.put("uri", artifact.uri());
        json.put("state", artifact.state().name());
      }
      case Execution execution -> json.put("last_known_state", execution.lastKnownState().name());
      case Context context -> { }
    }
    json.put("external_id", node.externalId());
    json.set("properties", valuesJson(node.properties()));
    json.set("custom_properties", valuesJson(node.customProperties()));
    json.put("create_time", node.createTimeMs());
    json.put("update_time", node.updateTimeMs());
    return json;
  }

  static ObjectNode toJson(NodeType type) {
    ObjectNode json = JSON.objectNode();
    json.put("id", type.id());
    json.put("kind", type.kind().label());
    json.put("name", type.name());
    json.put("version", type.version());
    json.put("description", type.description());
    json.put("external_id", type.externalId());
    json.put("base_type", type.baseType());
    ObjectNode properties = json.putObject("properties");
    type.properties().forEach((name, kind) -> properties.put(name, kind.name()));
    return json;
  }

  static ObjectNode toJson(Event event) {
    ObjectNode json = JSON.objectNode();
    json.put("artifact_id", event.artifactId());
    json.put("execution_id", event.executionId());
    json.put("type", event.type().name());
    var path = json.putArray("path");
    for (PathStep step : event.path()) {
      switch (step) {
        case PathStep.Index index -> path.add(index.index());
        case PathStep.Key key -> path.add(key.key());
      }
    }
    json.put("time", event.timeMs());
    return json;
  }

  static Event toEvent(EventBody body) {
    if (body.type() == null) {
      throw PedigreeException.invalidArgument("event field 'type' is required (INPUT, OUTPUT, ...)");
    }
    List<PathStep> path = new ArrayList<>();
    if (body.path() != null) {
      for (JsonNode step : body.path()) {
        if (step.isIntegralNumber()) {
          path.add(PathStep.index(step.asLong()));
        } else if (step.isTextual()) {
          path.add(PathStep.key(step.asText()));
        } else {
          throw PedigreeException.invalidArgument("event path steps must be integers or strings, got " + step);
        }
      }
    }
    return new Event(body.artifactId(), body.executionId(), enumValue(EventType.class, "type", body.type()),
        path, body.time() == null ? 0 : body.time());
  }

  static <E extends Enum<E>> E enumValue(Class<E> type, String field, String text) {
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder allowed = new StringBuilder();
      for (E constant : type.getEnumConstants()) {
        allowed.append(allowed.isEmpty() ? "" : ", ").append(constant.name());
      }
      throw PedigreeException.invalidArgument("field '" + field + "': unknown value '" + text
          + "' (expected one of " + allowed + ")");
    }
  }

  private static void rejectForeignFields(TypeKind kind, NodeBody body) {
    if (kind != TypeKind.ARTIFACT && (body.uri() != null || body.state() != null)) {
      throw PedigreeException.invalidArgument("fields 'uri' and 'state' apply to artifacts only");
    }
    if (kind != TypeKind.EXECUTION && body.lastKnownState() != null) {
      throw PedigreeException.invalidArgument("field 'last_known_state' applies to executions only");
    }
  }

  private static Map<String, Value> values(@Nullable Map<String, JsonNode> json, NodeType type, boolean custom) {
    if (json == null || json.isEmpty()) {
      return Map.of();
    }
    Map<String, Value> values = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : json.entrySet()) {
      JsonNode value = entry.getValue();
      if (value == null || value.isNull()) {
        continue; // null means "remove" in a PATCH; on a create or replace it is simply absent
      }
      PropertyType declared = custom ? null : type.properties().get(entry.getKey());
      values.put(entry.getKey(), value(entry.getKey(), value, declared));
    }
    return values;
  }

  /** The value as the declared kind when it converts without loss, else as the JSON's own kind. */
  static Value value(String name, JsonNode json, @Nullable PropertyType declared) {
    if (declared == PropertyType.DOUBLE && json.isNumber()) {
      return Value.of(json.asDouble());
    }
    if (declared == PropertyType.PROTO && json.isObject() && json.has("@type")) {
      try {
        return new Value.ProtoValue(json.path("@type").asText(),
            Base64.getDecoder().decode(json.path("value").asText("")));
      } catch (IllegalArgumentException e) {
        throw PedigreeException.invalidArgument("property '" + name + "': 'value' must be base64");
      }
    }
    if (json.isIntegralNumber()) {
      if (!json.canConvertToLong()) {
        throw PedigreeException.invalidArgument("property '" + name + "': " + json + " does not fit in 64 bits");
      }
      return Value.of(json.asLong());
    }
    if (json.isNumber()) {
      return Value.of(json.asDouble());
    }
    if (json.isTextual()) {
      return Value.of(json.asText());
    }
    if (json.isBoolean()) {
      return Value.of(json.asBoolean());
    }
    if (json.isObject()) {
      return new Value.StructValue(json.toString());
    }
    throw PedigreeException.invalidArgument("property '" + name + "': unsupported JSON value " + json
        + " (use a number, string, boolean or object)");
  }

  private static ObjectNode valuesJson(Map<String, Value> values) {
    ObjectNode json = JSON.objectNode();
    for (Map.Entry<String, Value> entry : values.entrySet()) {
      json.set(entry.getKey(), valueJson(entry.getValue()));
    }
    return json;
  }

  static JsonNode valueJson(Value value) {
    return switch (value) {
      case Value.IntValue v -> JSON.numberNode(v.value());
      case Value.DoubleValue v -> JSON.numberNode(v.value());
      case Value.StringValue v -> JSON.textNode(v.value());
      case Value.BoolValue v -> JSON.booleanNode(v.value());
      case Value.StructValue v -> parse(v.json());
      case Value.ProtoValue v -> JSON.objectNode().put("@type", v.typeUrl())
          .put("value", Base64.getEncoder().encodeToString(v.bytes()));
    };
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return JSON.textNode(json);
    }
  }
}
