package dev.pedigree.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import dev.pedigree.model.PedigreeException;
import java.util.stream.Collectors;

/**
 * The native API's JSON: snake_case names, strict about unknown fields and about JSON types (no
 * number read as a string, no string or fraction read as a number, no number read as a boolean),
 * clear parse errors.
 */
public final class Json {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .withCoercionConfig(LogicalType.Textual, text -> text
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private Json() {}

  /** Parses a request body into {@code type}; any problem is INVALID_ARGUMENT naming the field. */
  public static <T> T read(String body, Class<T> type) {
    if (body.isBlank()) {
      throw PedigreeException.invalidArgument("the request body is empty; expected a JSON object");
    }
    try {
      T value = MAPPER.readValue(body, type);
      if (value == null) {
        throw PedigreeException.invalidArgument("the request body is null; expected a JSON object");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
          .map(Object::toString).sorted().collect(Collectors.joining(", "));
      throw PedigreeException.invalidArgument("unknown field '" + e.getPropertyName() + "'"
          + (known.isEmpty() ? "" : " (known fields: " + known + ")"));
    } catch (InvalidFormatException e) {
      throw PedigreeException.invalidArgument("field '" + path(e) + "': cannot use " + e.getValue()
          + " as " + e.getTargetType().getSimpleName());
    } catch (MismatchedInputException e) {
      throw PedigreeException.invalidArgument("field '" + path(e) + "': wrong JSON type, expected "
          + (e.getTargetType() == null ? "another type" : e.getTargetType().getSimpleName()));
    } catch (JsonProcessingException e) {
      throw malformed(e);
    }
  }

  /**
   * A request body that is not JSON, or breaks a parser limit (nesting depth, number or string
   * length), as INVALID_ARGUMENT saying where when the parser knows.
   */
  public static PedigreeException malformed(JsonProcessingException e) {
    var location = e.getLocation();
    return PedigreeException.invalidArgument("malformed JSON" + (location == null ? "" : " at line "
        + location.getLineNr() + ", column " + location.getColumnNr()) + ": " + e.getOriginalMessage());
  }

  public static HttpResponse ok(Object value) {
    return response(HttpStatus.OK, value);
  }

  public static HttpResponse created(Object value) {
    return response(HttpStatus.CREATED, value);
  }

  public static HttpResponse response(HttpStatus status, Object value) {
    try {
      // A trailing newline keeps terminal output (curl) readable; JSON parsers ignore it.
      return HttpResponse.of(status, MediaType.JSON_UTF_8, MAPPER.writeValueAsString(value) + "\n");
    } catch (JsonProcessingException e) {
      throw PedigreeException.internal("cannot encode the response", e);
    }
  }

  static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  private static String path(MismatchedInputException e) {
    StringBuilder path = new StringBuilder();
    for (var reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "(body)" : path.toString();
  }
}
