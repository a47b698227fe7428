package dev.pedigree.server.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.QueryParams;
import dev.pedigree.model.PedigreeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An MLflow request message, from a JSON body (POST, PATCH, DELETE) or the query string (GET;
 * repeated keys are repeated fields). Lenient as MLflow's parser: unknown fields are ignored, int64
 * comes as a number or a string, keys in snake_case or lowerCamelCase.
 */
final class MlflowRequest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final JsonNode body;
  private final int bodyBytes;
  /** Query parameters are all text, and a repeated field may come as one value. */
  private final boolean fromQuery;

  private MlflowRequest(JsonNode body, int bodyBytes, boolean fromQuery) {
    this.body = body;
    this.bodyBytes = bodyBytes;
    this.fromQuery = fromQuery;
  }

  static MlflowRequest of(AggregatedHttpRequest request) {
    String query = request.path().contains("?") ? request.path().substring(request.path().indexOf('?') + 1) : "";
    String content = request.contentUtf8();
    if (request.method() == HttpMethod.GET && !query.isEmpty()) {
      return fromQuery(QueryParams.fromQueryString(query));
    }
    if (content.isBlank()) {
      return query.isEmpty() ? new MlflowRequest(JsonNodeFactory.instance.objectNode(), 0, false)
          : fromQuery(QueryParams.fromQueryString(query));
    }
    try {
      JsonNode node = MAPPER.readTree(content);
      // Old clients send a JSON string holding the JSON message.
      if (node != null && node.isTextual()) {
        node = MAPPER.readTree(node.asText());
      }
      if (node == null || !node.isObject()) {
        throw PedigreeException.invalidArgument("The request body must be a JSON object");
      }
      return new MlflowRequest(node, content.length(), false);
    } catch (JsonProcessingException e) {
      throw PedigreeException.invalidArgument("Malformed JSON in the request body: " + e.getOriginalMessage());
    }
  }

  private static MlflowRequest fromQuery(QueryParams params) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (String name : params.names()) {
      List<String> values = params.getAll(name);
      if (values.size() == 1 && !name.endsWith("[]")) {
        node.put(name, values.get(0));
      } else {
        ArrayNode array = node.putArray(name.endsWith("[]") ? name.substring(0, name.length() - 2) : name);
        values.forEach(array::add);
      }
    }
    return new MlflowRequest(node, 0, true);
  }

  int bodyBytes() {
    return bodyBytes;
  }

  JsonNode json() {
    return body;
  }

  @Nullable JsonNode field(String name) {
    return field(body, name);
  }

  static @Nullable JsonNode field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null) {
      value = node.get(camel(name));
    }
    return value == null || value.isNull() ? null : value;
  }

  private static String camel(String snake) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  @Nullable String string(String name) {
    if (fromQuery) {
      JsonNode value = field(name);
      if (value != null && value.isArray() && value.size() == 1) {
        return value.get(0).asText();
      }
    }
    return string(body, name);
  }

  /**
   * A string field of a JSON message: a number, boolean, list or object there is refused, as MLflow
   * does, rather than turned into text.
   */
  static @Nullable String string(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw wrongType(name, value, "a string");
    }
    return value.asText();
  }

  private static PedigreeException wrongType(String name, JsonNode value, String expected) {
    String shown = value.toString();
    return PedigreeException.invalidArgument("Invalid value " + (shown.length() > 100 ? shown.substring(0, 100) + "..."
        : shown) + " for parameter '" + name + "' supplied: expected " + expected + ", got " + jsonType(value));
  }

  private static String jsonType(JsonNode value) {
    return switch (value.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT, POJO -> "an object";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case STRING, BINARY -> "a string";
      case NULL, MISSING -> "null";
    };
  }

  String required(String name) {
    String value = string(name);
    if (value == null || value.isEmpty()) {
      throw PedigreeException.invalidArgument("Missing value for required parameter '" + name + "'. See the API"
          + " docs for more information about request parameters.");
    }
    return value;
  }

  /** The run id from {@code run_id} or the older {@code run_uuid}. */
  String runId() {
    String runId = string("run_id");
    if (runId == null || runId.isEmpty()) {
      runId = string("run_uuid");
    }
    if (runId == null || runId.isEmpty()) {
      throw PedigreeException.invalidArgument("Missing value for required parameter 'run_id'.");
    }
    return runId;
  }

  @Nullable Long int64(String name) {
    return int64(body, name);
  }

  static @Nullable Long int64(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (value == null) {
      return null;
    }
    if (value.isArray() && value.size() == 1) {
      value = value.get(0);
    }
    if (value.isIntegralNumber()) {
      return value.asLong();
    }
    if (value.isTextual()) {
      try {
        return Long.parseLong(value.asText().strip());
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    if (value.isNumber() && value.asDouble() == Math.rint(value.asDouble())) {
      return (long) value.asDouble();
    }
    throw PedigreeException.invalidArgument("Invalid value " + value + " for parameter '" + name
        + "' supplied: expected an integer");
  }

  static double number(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (value == null) {
      throw PedigreeException.invalidArgument("Missing value for required parameter '" + name + "'");
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    if (value.isTextual()) {
      String text = value.asText().strip();
      switch (text) {
        case "NaN", "nan":
          return Double.NaN;
        case "Infinity", "inf", "+Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity", "-inf":
          return Double.NEGATIVE_INFINITY;
        default:
          try {
            return Double.parseDouble(text);
          } catch (NumberFormatException e) {
            break;
          }
      }
    }
    throw PedigreeException.invalidArgument("Invalid value " + value + " for parameter '" + name
        + "' supplied: expected a number");
  }

  boolean bool(String name, boolean fallback) {
    JsonNode value = field(name);
    if (value == null) {
      return fallback;
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    String text = value.asText().toLowerCase(Locale.ROOT);
    if (text.equals("true")) {
      return true;
    }
    if (text.equals("false")) {
      return false;
    }
    throw PedigreeException.invalidArgument("Invalid value " + value + " for parameter '" + name
        + "': expected true or false");
  }

  /** A repeated string field (a single string counts as a list of one). */
  List<String> strings(String name) {
    JsonNode value = field(name);
    List<String> result = new ArrayList<>();
    if (value == null) {
      return result;
    }
    for (JsonNode item : value.isArray() ? value : List.of(value)) {
      if (!item.isTextual()) {
        throw wrongType(name, item, "a list of strings");
      }
      result.add(item.asText());
    }
    return result;
  }

  /** A repeated message field. */
  List<JsonNode> messages(String name) {
    JsonNode value = field(name);
    List<JsonNode> result = new ArrayList<>();
    if (value == null) {
      return result;
    }
    if (!value.isArray()) {
      throw PedigreeException.invalidArgument("Invalid value for parameter '" + name + "': expected a list");
    }
    for (JsonNode item : value) {
      if (item.isTextual()) {
        try {
          item = MAPPER.readTree(item.asText());
        } catch (JsonProcessingException e) {
          throw PedigreeException.invalidArgument("Invalid value for parameter '" + name + "'");
        }
      }
      if (!item.isObject()) {
        throw PedigreeException.invalidArgument("Invalid value for parameter '" + name + "': expected objects");
      }
      result.add(item);
    }
    return result;
  }

  /** A repeated {@code {key, value}} field as a map (later keys win). */
  Map<String, String> keyValues(String name) {
    Map<String, String> result = new LinkedHashMap<>();
    for (JsonNode item : messages(name)) {
      String key = string(item, "key");
      if (key == null) {
        throw PedigreeException.invalidArgument("Missing value for required parameter '" + name + ".key'");
      }
      String value = string(item, "value");
      result.put(key, value == null ? "" : value);
    }
    return result;
  }
}
