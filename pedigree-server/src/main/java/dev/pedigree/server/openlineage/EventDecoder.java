package dev.pedigree.server.openlineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.core.openlineage.OpenLineageEvent;
import dev.pedigree.core.openlineage.OpenLineageEvent.Facets;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.server.api.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Turns one JSON event into the core's {@link OpenLineageEvent}. The event kind is found from its
 * shape (a {@code run} makes a RunEvent, a {@code dataset} a DatasetEvent, else a JobEvent, as
 * the spec's {@code oneOf} implies). The fields the spec types are checked here, straight on the
 * JSON tree (binding it to openlineage-java's model first cost more CPU than the rest of the
 * request): the event type, URIs, the run id, identities, and the base fields of every facet.
 * Facets are taken verbatim from the JSON so nothing a producer sent is lost.
 */
final class EventDecoder {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private static final List<String> EVENT_TYPES = List.of("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER");

  private EventDecoder() {}

  /** A decoded event with the digest that recognises it when it comes again. */
  record Decoded(OpenLineageEvent event, String digest) {}

  static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw PedigreeException.invalidArgument("the request body is empty; expected an OpenLineage event");
    }
    try {
      JsonNode tree = MAPPER.readTree(body);
      if (tree == null || tree.isMissingNode()) {
        throw PedigreeException.invalidArgument("the request body is empty; expected an OpenLineage event");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw Json.malformed(e);
    } catch (java.io.IOException e) {
      throw PedigreeException.invalidArgument("unreadable request body: " + e.getMessage());
    }
  }

  static Decoded decode(JsonNode tree) {
    if (!(tree instanceof ObjectNode event)) {
      throw PedigreeException.invalidArgument("an OpenLineage event must be a JSON object");
    }
    // Written once: the digest is the SHA-256 of the text, the facets are cut out of it.
    EventText text = EventText.of(event, MAPPER);
    String digest = text.digest();
    long eventTime = eventTime(event);
    uri(event, "producer", "");
    uri(event, "schemaURL", "");
    if (event.has("run")) {
      JsonNode runNode = event.get("run");
      if (!runNode.isObject()) {
        throw PedigreeException.invalidArgument("field 'run' must be an object");
      }
      Facets runFacets = facets(text, runNode.path("facets"), "run.facets");
      return new Decoded(new OpenLineageEvent(OpenLineageEvent.Kind.RUN, eventType(event), eventTime,
          runId(runNode.get("runId"), "run.runId"), job(text, event.path("job")), runFacets,
          datasets(text, event.path("inputs"), "inputs", "inputFacets"), datasets(text, event.path("outputs"),
          "outputs", "outputFacets"), null, parent(runNode.path("facets").path("parent"))), digest);
    }
    if (event.hasNonNull("eventType")) {
      throw PedigreeException.invalidArgument("field 'run' is required: an event with an eventType is a run event");
    }
    if (event.has("dataset")) {
      return new Decoded(new OpenLineageEvent(OpenLineageEvent.Kind.DATASET, null, eventTime, null, null,
          Facets.NONE, List.of(), List.of(), dataset(text, event.path("dataset"), "dataset", null), null), digest);
    }
    if (event.has("job")) {
      return new Decoded(new OpenLineageEvent(OpenLineageEvent.Kind.JOB, null, eventTime, null,
          job(text, event.path("job")), Facets.NONE, datasets(text, event.path("inputs"), "inputs", "inputFacets"),
          datasets(text, event.path("outputs"), "outputs", "outputFacets"), null, null), digest);
    }
    throw PedigreeException.invalidArgument(
        "not an OpenLineage event: expected 'run' and 'job' (RunEvent), 'dataset' (DatasetEvent) or 'job' (JobEvent)");
  }

  /** The event time in ms; a time without an offset is read as UTC. */
  private static long eventTime(ObjectNode event) {
    JsonNode time = event.get("eventTime");
    if (time == null || time.isNull()) {
      throw PedigreeException.invalidArgument("field 'eventTime' is required");
    }
    if (!time.isTextual()) {
      throw PedigreeException.invalidArgument("field 'eventTime' must be an ISO-8601 date-time string");
    }
    try {
      return EventTime.millis(time.asText());
    } catch (DateTimeParseException e) {
      throw PedigreeException.invalidArgument("field 'eventTime': '" + time.asText()
          + "' is not an ISO-8601 date-time (e.g. 2026-01-31T12:00:00.000Z)");
    }
  }

  private static @Nullable String eventType(ObjectNode event) {
    JsonNode type = event.get("eventType");
    if (type == null || type.isNull()) {
      return null;
    }
    if (type.isTextual() && EVENT_TYPES.contains(type.asText())) {
      return type.asText();
    }
    throw PedigreeException.invalidArgument("field 'eventType': cannot use " + type + " as EventType (expected one of "
        + String.join(", ", EVENT_TYPES) + ")");
  }

  /** The run id as canonical UUID text, from the forms Jackson reads as a UUID. */
  private static String runId(@Nullable JsonNode runId, String field) {
    if (runId == null || runId.isNull() || runId.isMissingNode()) {
      throw PedigreeException.invalidArgument("field '" + field + "' is required");
    }
    if (!runId.isTextual()) {
      throw PedigreeException.invalidArgument("field '" + field + "': wrong JSON type, expected UUID");
    }
    String text = runId.textValue();
    if (isCanonicalUuid(text)) {
      return UUID.fromString(text).toString();
    }
    try {
      UUID uuid = MAPPER.treeToValue(runId, UUID.class);
      if (uuid == null) {
        throw PedigreeException.invalidArgument("field '" + field + "' is required");
      }
      return uuid.toString();
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw PedigreeException.invalidArgument("field '" + field + "': cannot use " + runId + " as UUID");
    }
  }

  /** 8-4-4-4-12 hex digits: read alike by Jackson and {@link UUID#fromString}, without Jackson's lookups. */
  private static boolean isCanonicalUuid(String text) {
    if (text.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
        return false;
      }
    }
    return true;
  }

  /** Checks an optional URI field of {@code node} (the spec's producer, schemaURL, _producer, _schemaURL). */
  private static void uri(JsonNode node, String name, String parent) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return;
    }
    String field = parent.isEmpty() ? name : parent + "." + name;
    if (!value.isTextual()) {
      throw PedigreeException.invalidArgument("field '" + field + "': wrong JSON type, expected URI");
    }
    try {
      new URI(value.asText());
    } catch (URISyntaxException e) {
      throw PedigreeException.invalidArgument("field '" + field + "': cannot use " + value + " as URI");
    }
  }

  private static OpenLineageEvent.Job job(EventText text, JsonNode job) {
    if (!job.isObject()) {
      throw PedigreeException.invalidArgument("field 'job' must be an object");
    }
    return new OpenLineageEvent.Job(text(job, "namespace", "job"), text(job, "name", "job"),
        facets(text, job.path("facets"), "job.facets"));
  }

  private static List<OpenLineageEvent.Dataset> datasets(EventText text, JsonNode array, String field,
      String ioField) {
    if (array.isMissingNode() || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw PedigreeException.invalidArgument("field '" + field + "' must be an array");
    }
    List<OpenLineageEvent.Dataset> datasets = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      datasets.add(dataset(text, array.get(i), field + "[" + i + "]", ioField));
    }
    return datasets;
  }

  private static OpenLineageEvent.Dataset dataset(EventText text, JsonNode dataset, String field,
      @Nullable String ioField) {
    if (!dataset.isObject()) {
      throw PedigreeException.invalidArgument("field '" + field + "' must be an object");
    }
    JsonNode lifecycle = dataset.path("facets").path("lifecycleStateChange").path("lifecycleStateChange");
    return new OpenLineageEvent.Dataset(text(dataset, "namespace", field), text(dataset, "name", field),
        facets(text, dataset.path("facets"), field + ".facets"),
        ioField == null ? Facets.NONE : facets(text, dataset.path(ioField), field + "." + ioField),
        lifecycle.isTextual() ? lifecycle.asText() : null);
  }

  private static OpenLineageEvent.@Nullable Parent parent(JsonNode parent) {
    if (!parent.isObject()) {
      return null;
    }
    JsonNode job = parent.path("job");
    if (!job.path("namespace").isTextual() || !job.path("name").isTextual()
        || job.path("namespace").asText().isEmpty() || job.path("name").asText().isEmpty()) {
      throw PedigreeException.invalidArgument(
          "field 'run.facets.parent' needs run.runId, job.namespace and job.name (non-empty strings)");
    }
    String runId = runId(parent.path("run").path("runId"), "run.facets.parent.run.runId");
    return new OpenLineageEvent.Parent(runId, job.path("namespace").asText(), job.path("name").asText());
  }

  private static Facets facets(EventText text, JsonNode facets, String field) {
    if (facets.isMissingNode() || facets.isNull()) {
      return Facets.NONE;
    }
    if (!facets.isObject()) {
      throw PedigreeException.invalidArgument("field '" + field + "' must be an object");
    }
    Map<String, String> json = new LinkedHashMap<>();
    Set<String> deleted = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = facets.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> facet = it.next();
      JsonNode value = facet.getValue();
      if (!value.isObject()) {
        throw PedigreeException.invalidArgument("field '" + field + "." + facet.getKey() + "' must be an object");
      }
      String path = field + "." + facet.getKey();
      uri(value, "_producer", path);
      uri(value, "_schemaURL", path);
      if (deleted(value.get("_deleted"), path)) {
        deleted.add(facet.getKey());
      } else {
        json.put(facet.getKey(), text.facet(value));
      }
    }
    return new Facets(json, deleted);
  }

  /** The {@code _deleted} flag of a facet: a boolean, or the text or number Jackson reads as one. */
  private static boolean deleted(@Nullable JsonNode flag, String facet) {
    if (flag == null || flag.isNull()) {
      return false;
    }
    if (flag.isBoolean() || flag.isIntegralNumber()
        || flag.isTextual() && (flag.asText().equals("true") || flag.asText().equals("false"))) {
      return flag.asBoolean();
    }
    throw PedigreeException.invalidArgument("field '" + facet + "._deleted': cannot use " + flag + " as Boolean");
  }

  private static String text(JsonNode node, String name, String parent) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw PedigreeException.invalidArgument("field '" + parent + "." + name + "' is required");
    }
    if (!value.isTextual()) {
      throw PedigreeException.invalidArgument("field '" + parent + "." + name + "' must be a string");
    }
    if (value.asText().isEmpty()) {
      throw PedigreeException.invalidArgument("field '" + parent + "." + name + "' must not be empty");
    }
    return value.asText();
  }
}
