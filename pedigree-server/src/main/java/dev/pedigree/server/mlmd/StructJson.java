package dev.pedigree.server.mlmd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import dev.pedigree.model.PedigreeException;
import java.util.Iterator;
import java.util.Map;

/** {@code google.protobuf.Struct} to and from JSON text (the model keeps struct values as JSON). */
final class StructJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StructJson() {}

  static String json(Struct struct) {
    return object(struct).toString();
  }

  static Struct struct(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw PedigreeException.internal("stored struct value is not JSON", e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw PedigreeException.internal("stored struct value is not a JSON object", null);
    }
    return struct(object);
  }

  private static ObjectNode object(Struct struct) {
    ObjectNode object = NODES.objectNode();
    struct.getFieldsMap().forEach((key, value) -> object.set(key, node(value)));
    return object;
  }

  private static JsonNode node(com.google.protobuf.Value value) {
    return switch (value.getKindCase()) {
      case NULL_VALUE, KIND_NOT_SET -> NODES.nullNode();
      case NUMBER_VALUE -> NODES.numberNode(value.getNumberValue());
      case STRING_VALUE -> NODES.textNode(value.getStringValue());
      case BOOL_VALUE -> NODES.booleanNode(value.getBoolValue());
      case STRUCT_VALUE -> object(value.getStructValue());
      case LIST_VALUE -> {
        ArrayNode array = NODES.arrayNode();
        value.getListValue().getValuesList().forEach(item -> array.add(node(item)));
        yield array;
      }
    };
  }

  private static Struct struct(ObjectNode object) {
    Struct.Builder struct = Struct.newBuilder();
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      struct.putFields(field.getKey(), value(field.getValue()));
    }
    return struct.build();
  }

  private static com.google.protobuf.Value value(JsonNode node) {
    com.google.protobuf.Value.Builder value = com.google.protobuf.Value.newBuilder();
    if (node.isObject()) {
      return value.setStructValue(struct((ObjectNode) node)).build();
    }
    if (node.isArray()) {
      ListValue.Builder list = ListValue.newBuilder();
      node.forEach(item -> list.addValues(value(item)));
      return value.setListValue(list).build();
    }
    if (node.isNumber()) {
      return value.setNumberValue(node.doubleValue()).build();
    }
    if (node.isBoolean()) {
      return value.setBoolValue(node.booleanValue()).build();
    }
    if (node.isTextual()) {
      return value.setStringValue(node.textValue()).build();
    }
    return value.setNullValue(NullValue.NULL_VALUE).build();
  }
}
