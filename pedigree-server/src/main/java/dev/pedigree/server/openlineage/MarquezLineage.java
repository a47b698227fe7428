package dev.pedigree.server.openlineage;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.ExceptionHandler;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.MatchesParam;
import com.linecorp.armeria.server.annotation.Param;
import dev.pedigree.core.openlineage.JobLineage;
import dev.pedigree.core.openlineage.JobLineage.DatasetNode;
import dev.pedigree.core.openlineage.JobLineage.JobNode;
import dev.pedigree.core.openlineage.JobLineage.Start;
import dev.pedigree.model.Execution;
import dev.pedigree.model.Node;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.Value;
import dev.pedigree.server.api.Json;
import dev.pedigree.server.api.ProblemHandler;
import dev.pedigree.store.openlineage.OpenLineageStore.Dataset;
import dev.pedigree.store.openlineage.OpenLineageStore.Job;
import dev.pedigree.store.openlineage.OpenLineageStore.JobLink;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Marquez's lineage read, {@code GET /api/v1/lineage?nodeId=dataset:NS:NAME|job:NS:NAME&depth=N},
 * for tools written against Marquez: the job-level graph of {@link JobLineage} in Marquez's shape,
 * {@code {graph: [{id, type: JOB|DATASET, data, inEdges, outEdges}]}} (plus {@code truncated}).
 * A node id whose namespace holds colons (such as {@code postgres://db:5432}) is split where a
 * known job or dataset results, so it needs no escaping. The version-exact walk stays at
 * {@code GET /api/v1/lineage?node=...}.
 */
@Blocking
@ExceptionHandler(ProblemHandler.class)
public final class MarquezLineage {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String FACET = "facet.";

  private final JobLineage lineage;

  public MarquezLineage(JobLineage lineage) {
    this.lineage = requireNonNull(lineage, "lineage");
  }

  @Get("/lineage")
  @MatchesParam("nodeId")
  public HttpResponse graph(@Param("nodeId") String nodeId, @Param("depth") Optional<Integer> depth,
      @Param("max_nodes") Optional<Integer> maxNodes) {
    JobLineage.Graph graph = lineage.graph(start(nodeId), depth.orElse(null), maxNodes.orElse(null));
    Map<String, ArrayNode[]> edges = new HashMap<>();
    ArrayNode nodes = JSON.arrayNode();
    for (DatasetNode dataset : graph.datasets()) {
      edges.put(id(dataset.dataset()), node(nodes, id(dataset.dataset()), "DATASET", datasetData(dataset)));
    }
    for (JobNode job : graph.jobs()) {
      edges.put(id(job.job()), node(nodes, id(job.job()), "JOB", jobData(job)));
    }
    for (JobLink link : graph.links()) {
      String origin = link.input() ? id(link.dataset()) : id(link.job());
      String destination = link.input() ? id(link.job()) : id(link.dataset());
      ObjectNode edge = JSON.objectNode().put("origin", origin).put("destination", destination);
      edges.get(origin)[1].add(edge);
      edges.get(destination)[0].add(edge.deepCopy());
    }
    ObjectNode body = JSON.objectNode();
    body.set("graph", nodes);
    body.put("truncated", graph.truncated());
    return Json.ok(body);
  }

  private Start start(String nodeId) {
    int colon = nodeId.indexOf(':');
    String kind = colon < 0 ? "" : nodeId.substring(0, colon);
    if (!kind.equals("dataset") && !kind.equals("job")) {
      throw PedigreeException.invalidArgument("nodeId: '" + nodeId
          + "' (expected: dataset:NAMESPACE:NAME or job:NAMESPACE:NAME)");
    }
    return lineage.resolve(kind.equals("job"), nodeId.substring(colon + 1));
  }

  /** Adds the node; returns its {in, out} edge arrays. */
  private static ArrayNode[] node(ArrayNode nodes, String id, String type, ObjectNode data) {
    ObjectNode node = nodes.addObject();
    node.put("id", id);
    node.put("type", type);
    node.set("data", data);
    return new ArrayNode[] {node.putArray("inEdges"), node.putArray("outEdges")};
  }

  private static ObjectNode datasetData(DatasetNode node) {
    Dataset dataset = node.dataset();
    ObjectNode data = JSON.objectNode();
    data.set("id", identity(dataset.namespace(), dataset.name()));
    data.put("type", "DB_TABLE");
    data.put("name", dataset.name());
    data.put("physicalName", dataset.name());
    data.put("namespace", dataset.namespace());
    ObjectNode facets = facets(node.latestVersion());
    data.put("sourceName", facets.path("dataSource").path("name").asText(dataset.namespace()));
    ArrayNode fields = data.putArray("fields");
    for (JsonNode field : facets.path("schema").path("fields")) {
      ObjectNode out = fields.addObject().put("name", field.path("name").asText());
      out.set("type", field.hasNonNull("type") ? field.get("type") : JSON.nullNode());
      out.set("description", field.hasNonNull("description") ? field.get("description") : JSON.nullNode());
      out.putArray("tags");
    }
    data.putArray("tags");
    data.set("description", text(facets.path("documentation").path("description")));
    data.set("updatedAt", time(node.latestVersion()));
    data.set("currentVersion", node.latestVersion() == null ? JSON.nullNode()
        : JSON.textNode("artifact:" + node.latestVersion().requireId()));
    data.put("versionCount", dataset.versionCount());
    data.set("facets", facets);
    return data;
  }

  private static ObjectNode jobData(JobNode node) {
    Job job = node.job();
    ObjectNode data = JSON.objectNode();
    data.set("id", identity(job.namespace(), job.name()));
    ObjectNode facets = facets(node.context());
    data.put("type", facets.path("jobType").path("processingType").asText("BATCH"));
    data.put("name", job.name());
    data.put("simpleName", job.name().substring(job.name().lastIndexOf('.') + 1));
    data.put("namespace", job.namespace());
    data.set("createdAt", JSON.textNode(Instant.ofEpochMilli(node.context().createTimeMs()).toString()));
    data.set("updatedAt", time(node.context()));
    data.set("inputs", identities(node.inputs()));
    data.set("outputs", identities(node.outputs()));
    data.set("location", text(facets.path("sourceCodeLocation").path("url")));
    data.set("description", text(facets.path("documentation").path("description")));
    data.set("latestRun", run(node.latestRun()));
    data.set("facets", facets);
    return data;
  }

  private static JsonNode run(@Nullable Execution run) {
    if (run == null) {
      return JSON.nullNode();
    }
    ObjectNode json = JSON.objectNode();
    json.put("id", run.name());
    json.put("state", switch (run.lastKnownState()) {
      case RUNNING -> "RUNNING";
      case COMPLETE, CACHED -> "COMPLETED";
      case FAILED -> "FAILED";
      case CANCELED -> "ABORTED";
      case NEW, UNKNOWN -> "NEW";
    });
    json.put("createdAt", Instant.ofEpochMilli(run.createTimeMs()).toString());
    json.set("updatedAt", time(run));
    return json;
  }

  /** The node's OpenLineage facets (custom properties named facet.KEY), as JSON. */
  private static ObjectNode facets(@Nullable Node node) {
    ObjectNode facets = JSON.objectNode();
    if (node == null) {
      return facets;
    }
    for (Map.Entry<String, Value> property : node.customProperties().entrySet()) {
      if (property.getKey().startsWith(FACET) && property.getValue() instanceof Value.StructValue(String json)) {
        try {
          facets.set(property.getKey().substring(FACET.length()), Json.MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
          throw PedigreeException.internal("stored facet " + property.getKey() + " is not JSON", e);
        }
      }
    }
    return facets;
  }

  private static ArrayNode identities(List<Dataset> datasets) {
    ArrayNode array = JSON.arrayNode();
    datasets.forEach(dataset -> array.add(identity(dataset.namespace(), dataset.name())));
    return array;
  }

  private static ObjectNode identity(String namespace, String name) {
    return JSON.objectNode().put("namespace", namespace).put("name", name);
  }

  private static JsonNode time(@Nullable Node node) {
    return node == null ? JSON.nullNode() : JSON.textNode(Instant.ofEpochMilli(node.updateTimeMs()).toString());
  }

  private static JsonNode text(JsonNode value) {
    return value.isTextual() ? value : JSON.nullNode();
  }

  private static String id(Dataset dataset) {
    return "dataset:" + dataset.namespace() + ":" + dataset.name();
  }

  private static String id(Job job) {
    return "job:" + job.namespace() + ":" + job.name();
  }
}
