package dev.pedigree.server.openlineage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An event's compact JSON text, written once: its SHA-256 is the event's digest, and the text of
 * every facet (an object under a {@code facets}, {@code inputFacets} or {@code outputFacets} field)
 * is cut out of it rather than written a second time. The text is exactly {@code event.toString()}
 * and each facet's exactly {@code facet.toString()}: the same generator writes the same tree.
 */
final class EventText {
  private static final Set<String> FACET_FIELDS = Set.of("facets", "inputFacets", "outputFacets");

  private final String text;
  /** Where each facet's text is in {@link #text}, by facet node (identity). */
  private final Map<JsonNode, Range> facets;

  private record Range(int start, int end) {}

  private EventText(String text, Map<JsonNode, Range> facets) {
    this.text = text;
    this.facets = facets;
  }

  static EventText of(ObjectNode event, ObjectMapper mapper) {
    StringWriter out = new StringWriter(4096);
    Map<JsonNode, Range> facets = new IdentityHashMap<>();
    try (JsonGenerator generator = mapper.createGenerator(out)) {
      new Writer(generator, out, facets).write(event, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new EventText(out.toString(), facets);
  }

  /** The hex SHA-256 of the event's compact UTF-8 text. */
  String digest() {
    return sha256(text);
  }

  /** The JSON text of a facet object of this event (written anew if the walk did not see it). */
  String facet(JsonNode facet) {
    Range range = facets.get(facet);
    return range != null ? text.substring(range.start(), range.end()) : facet.toString();
  }

  private static String sha256(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  /** Walks the tree onto the generator, noting where each facet's text starts and ends. */
  private record Writer(JsonGenerator generator, StringWriter out, Map<JsonNode, Range> facets) {
    void write(JsonNode node, boolean facetObjects) throws IOException {
      switch (node.getNodeType()) {
        case OBJECT -> {
          generator.writeStartObject();
          for (Map.Entry<String, JsonNode> field : ((ObjectNode) node).properties()) {
            generator.writeFieldName(field.getKey());
            JsonNode value = field.getValue();
            if (facetObjects && value.isObject()) {
              writeFacet(value);
            } else {
              write(value, FACET_FIELDS.contains(field.getKey()));
            }
          }
          generator.writeEndObject();
        }
        case ARRAY -> {
          generator.writeStartArray();
          for (JsonNode element : (ArrayNode) node) {
            write(element, false);
          }
          generator.writeEndArray();
        }
        case STRING -> generator.writeString(node.textValue());
        case BOOLEAN -> generator.writeBoolean(node.booleanValue());
        case NULL -> generator.writeNull();
        default -> writeOther(node);
      }
    }

    private void writeOther(JsonNode node) throws IOException {
      if (node.getNodeType() == JsonNodeType.NUMBER && node.isInt()) {
        generator.writeNumber(node.intValue());
      } else if (node.getNodeType() == JsonNodeType.NUMBER && node.isLong()) {
        generator.writeNumber(node.longValue());
      } else if (node.getNodeType() == JsonNodeType.NUMBER && node.isDouble()) {
        generator.writeNumber(node.doubleValue());
      } else {
        // Big numbers and anything rarer: the mapper's own serializer, as toString uses.
        generator.writeTree(node);
      }
    }

    /** A facet object; the text before its '{' is the field's ':' the generator adds lazily. */
    private void writeFacet(JsonNode facet) throws IOException {
      generator.flush();
      int start = out.getBuffer().length();
      write(facet, false);
      generator.flush();
      StringBuffer text = out.getBuffer();
      while (text.charAt(start) != '{') {
        start++;
      }
      facets.put(facet, new Range(start, text.length()));
    }
  }
}
