package dev.pedigree.server.openlineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTextTest {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  /** The digest as it was first defined (and is stored for every ingested event): SHA-256 of toString. */
  private static String digestOfToString(JsonNode event) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(event.toString().getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void digestAndFacetTextsAreThoseOfToString() throws Exception {
    List<String> events = List.of(
        Events.run("5f0d4b3c-9c1e-4c58-9a43-1b2f3c4d5e6f", "START", "2026-01-01T00:00:00Z", "ns", "job",
            List.of(Events.dataset("pg://db", "in")), List.of(Events.dataset("pg://db", "out"))),
        """
        {"eventTime": "2026-01-01T00:00:00Z", "run": {"runId": "x", "facets": {"a": {"n": 1, "l": 12345678901234,
          "d": 1.5e-7, "big": 123456789012345678901234567890, "dec": 0.1000000000000000055511151231257827, "t": true,
          "f": false, "z": null, "s": "tab\\t quote\\" slash\\\\ / ctl\\u0001 é 漢字 😀 \\ud800 lone",
          "facets": {"nested": {"x": []}}, "arr": [1, "two", {"three": 3}, [], {}]},
          "empty": {}}}, "job": {"namespace": "n", "name": "j", "facets": {"sql": {"query": "SELECT 1"}}},
          "inputs": [{"namespace": "n", "name": "i", "facets": {"schema": {"fields": []}},
            "inputFacets": {"dq": {"rowCount": 3}}}],
          "outputs": [{"namespace": "n", "name": "o", "outputFacets": {"stats": {"rows": -1}}}],
          "extra": {"facets": "not an object", "list": [{"facets": {"inArray": {"k": "v"}}}]}}
        """);
    for (String json : events) {
      ObjectNode event = (ObjectNode) MAPPER.readTree(json);
      EventText text = EventText.of(event, MAPPER);
      assertThat(text.digest()).isEqualTo(digestOfToString(event));
      for (JsonNode facet : facetsOf(event)) {
        assertThat(text.facet(facet)).isEqualTo(facet.toString());
      }
    }
  }

  @Test
  void aFacetTheWalkDidNotSeeIsWrittenOnItsOwn() throws Exception {
    ObjectNode event = (ObjectNode) MAPPER.readTree("{\"job\": {\"namespace\": \"n\", \"name\": \"j\"}}");
    JsonNode other = MAPPER.readTree("{\"k\": [1, 2]}");
    assertThat(EventText.of(event, MAPPER).facet(other)).isEqualTo("{\"k\":[1,2]}");
  }

  private static List<JsonNode> facetsOf(JsonNode node) {
    List<JsonNode> facets = new java.util.ArrayList<>();
    node.findValues("facets").forEach(container -> container.forEach(facet -> {
      if (facet.isObject()) {
        facets.add(facet);
      }
    }));
    node.findValues("inputFacets").forEach(container -> container.forEach(facets::add));
    node.findValues("outputFacets").forEach(container -> container.forEach(facets::add));
    return facets;
  }
}
