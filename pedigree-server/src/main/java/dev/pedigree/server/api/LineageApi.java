package dev.pedigree.server.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.ExceptionHandler;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Post;
import dev.pedigree.core.artifacts.ArtifactService;
import dev.pedigree.core.artifacts.VersionRef;
import dev.pedigree.core.lineage.Direction;
import dev.pedigree.core.lineage.ImpactResult;
import dev.pedigree.core.lineage.LineageEdge;
import dev.pedigree.core.lineage.LineageNode;
import dev.pedigree.core.lineage.LineageQuery;
import dev.pedigree.core.lineage.LineageResult;
import dev.pedigree.core.lineage.LineageService;
import dev.pedigree.core.lineage.PathResult;
import dev.pedigree.core.openlineage.OpenLineageService;
import dev.pedigree.model.EventType;
import dev.pedigree.model.NodeRef;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.lineage.LineageStore.TimeRange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Lineage queries of the native API under {@code /api/v1/lineage}: walks (GET with query
 * parameters, or POST {@code /lineage/query} with a JSON body), shortest paths and impact. Nodes are
 * addressed as {@code artifact:42}, {@code execution:7}, {@code context:3}, or as an OpenLineage
 * dataset by {@code namespace} and {@code name}.
 */
@Blocking
@ExceptionHandler(ProblemHandler.class)
public final class LineageApi {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final LineageService lineage;
  private final OpenLineageService openLineage;
  private final ArtifactService artifacts;

  public LineageApi(LineageService lineage, OpenLineageService openLineage, ArtifactService artifacts) {
    this.lineage = requireNonNull(lineage, "lineage");
    this.openLineage = requireNonNull(openLineage, "openLineage");
    this.artifacts = requireNonNull(artifacts, "artifacts");
  }

  @Get("/lineage")
  public HttpResponse walk(@Param("node") Optional<List<String>> nodes, @Param("namespace") Optional<String> namespace,
      @Param("name") Optional<String> name, @Param("versions") Optional<String> versions,
      @Param("direction") Optional<String> direction, @Param("depth") Optional<Integer> depth,
      @Param("max_nodes") Optional<Integer> maxNodes, @Param("type") Optional<List<String>> types,
      @Param("event_type") Optional<List<String>> eventTypes, @Param("from_time") Optional<Long> fromTime,
      @Param("to_time") Optional<Long> toTime, @Param("context_id") Optional<List<Long>> contextIds,
      @Param("boundary") Optional<List<String>> boundary, @Param("page_size") Optional<Integer> pageSize,
      @Param("page_token") Optional<String> pageToken) {
    LineageQuery query = new LineageQuery(starts(nodes.orElse(List.of()), namespace.orElse(null), name.orElse(null),
        versions.orElse(null)), direction(direction.orElse(null)), depth.orElse(null), Set.copyOf(types.orElse(List.of())),
        eventTypes(eventTypes.orElse(List.of())), new TimeRange(fromTime.orElse(null), toTime.orElse(null)),
        Set.copyOf(contextIds.orElse(List.of())), refs(boundary.orElse(List.of())), maxNodes.orElse(null),
        pageSize.orElse(LineageQuery.DEFAULT_PAGE_SIZE), pageToken.orElse(null));
    return Json.ok(toJson(lineage.lineage(query)));
  }

  /** The same walk with a JSON body, for many start nodes or long filters. */
  @Post("/lineage/query")
  public HttpResponse query(AggregatedHttpRequest request) {
    QueryBody body = Json.read(request.contentUtf8(), QueryBody.class);
    LineageQuery query = new LineageQuery(starts(orEmpty(body.nodes()), body.namespace(), body.name(), body.versions()),
        direction(body.direction()), body.depth(), Set.copyOf(orEmpty(body.types())),
        eventTypes(orEmpty(body.eventTypes())), new TimeRange(body.fromTime(), body.toTime()),
        Set.copyOf(orEmpty(body.contextIds())), refs(orEmpty(body.boundary())), body.maxNodes(),
        body.pageSize() == null ? LineageQuery.DEFAULT_PAGE_SIZE : body.pageSize(), body.pageToken());
    return Json.ok(toJson(lineage.lineage(query)));
  }

  record QueryBody(@Nullable List<String> nodes, @Nullable String namespace, @Nullable String name,
      @Nullable String versions, @Nullable String direction, @Nullable Integer depth, @Nullable Integer maxNodes,
      @Nullable List<String> types, @Nullable List<String> eventTypes, @Nullable Long fromTime,
      @Nullable Long toTime, @Nullable List<Long> contextIds, @Nullable List<String> boundary,
      @Nullable Integer pageSize, @Nullable String pageToken) {}

  @Get("/lineage/paths")
  public HttpResponse paths(@Param("from") String from, @Param("to") String to,
      @Param("depth") Optional<Integer> depth) {
    PathResult result = lineage.paths(ref(from), ref(to), depth.orElse(null));
    ObjectNode json = JSON.objectNode();
    json.put("from", result.from().toString());
    json.put("to", result.to().toString());
    json.put("direction", result.direction().name().toLowerCase(Locale.ROOT));
    ArrayNode paths = json.putArray("paths");
    result.paths().forEach(path -> {
      ArrayNode steps = paths.addArray();
      path.forEach(step -> steps.add(step.toString()));
    });
    json.set("nodes", nodesJson(result.nodes()));
    json.set("edges", edgesJson(result.edges()));
    json.put("truncated", result.truncated());
    return Json.ok(json);
  }

  @Get("/lineage/impact")
  public HttpResponse impact(@Param("node") Optional<List<String>> nodes, @Param("namespace") Optional<String> namespace,
      @Param("name") Optional<String> name, @Param("versions") Optional<String> versions,
      @Param("depth") Optional<Integer> depth, @Param("max_nodes") Optional<Integer> maxNodes) {
    List<NodeRef> starts = starts(nodes.orElse(List.of()), namespace.orElse(null), name.orElse(null),
        versions.orElse(null));
    ImpactResult result = lineage.impact(starts, depth.orElse(null), maxNodes.orElse(null));
    ObjectNode json = JSON.objectNode();
    ArrayNode startsJson = json.putArray("starts");
    result.starts().forEach(start -> startsJson.add(start.toString()));
    json.put("total", result.total());
    json.put("truncated", result.truncated());
    ArrayNode groups = json.putArray("groups");
    for (ImpactResult.Group group : result.groups()) {
      ObjectNode groupJson = groups.addObject();
      groupJson.put("kind", group.kind().label());
      groupJson.put("type", group.typeName());
      groupJson.put("count", group.nodes().size());
      groupJson.set("nodes", nodesJson(group.nodes()));
    }
    ArrayNode aliases = json.putArray("aliases");
    result.aliases().forEach(alias -> aliases.addObject().put("collection", alias.collection())
        .put("alias", alias.alias()).put("artifact_id", alias.artifactId()));
    return Json.ok(json);
  }

  // Helpers

  private List<NodeRef> starts(List<String> nodes, @Nullable String namespace, @Nullable String name,
      @Nullable String versions) {
    List<NodeRef> starts = new ArrayList<>();
    nodes.forEach(node -> starts.add(ref(node)));
    if (namespace != null || name != null) {
      if (namespace == null || name == null) {
        throw PedigreeException.invalidArgument("an OpenLineage dataset needs both 'namespace' and 'name'");
      }
      int limit = switch (versions == null ? "latest" : versions) {
        case "latest" -> 1;
        case "all" -> 10_000;
        default -> throw PedigreeException.invalidArgument("versions: '" + versions + "' (expected: latest or all)");
      };
      List<NodeRef> found = openLineage.datasetVersions(namespace, name, limit);
      if (found.isEmpty()) {
        throw PedigreeException.notFound("OpenLineage dataset (namespace '" + namespace + "', name '" + name
            + "') has no versions");
      }
      starts.addAll(found);
    }
    if (starts.isEmpty()) {
      throw PedigreeException.invalidArgument("give a start node: 'node' (e.g. artifact:42) or 'namespace' and 'name'");
    }
    return starts;
  }

  /**
   * {@code artifact:42}, {@code execution:7}, {@code context:3}; otherwise a collection version
   * ({@code datasets/churn:v3}), alias ({@code datasets/churn@production}) or latest version.
   */
  private NodeRef ref(String text) {
    int colon = text.indexOf(':');
    String kind = colon < 0 ? "" : text.substring(0, colon);
    if (kind.equals("artifact") || kind.equals("execution") || kind.equals("context")) {
      return NodeRef.parse(text);
    }
    return new NodeRef(dev.pedigree.model.TypeKind.ARTIFACT, artifacts.resolve(VersionRef.parse(text)).artifactId());
  }

  private Set<NodeRef> refs(List<String> texts) {
    Set<NodeRef> refs = new LinkedHashSet<>();
    texts.forEach(text -> refs.add(ref(text)));
    return refs;
  }

  private static Direction direction(@Nullable String text) {
    if (text == null) {
      return Direction.UPSTREAM;
    }
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "upstream" -> Direction.UPSTREAM;
      case "downstream" -> Direction.DOWNSTREAM;
      case "both" -> Direction.BOTH;
      default -> throw PedigreeException.invalidArgument("direction: '" + text + "' (expected: upstream, downstream or both)");
    };
  }

  private static Set<EventType> eventTypes(List<String> texts) {
    Set<EventType> types = new LinkedHashSet<>();
    for (String text : texts) {
      types.add(NodeJson.enumValue(EventType.class, "event_type", text));
    }
    return types;
  }

  private static <T> List<T> orEmpty(@Nullable List<T> list) {
    return list == null ? List.of() : list;
  }

  static ObjectNode toJson(LineageResult result) {
    ObjectNode json = JSON.objectNode();
    json.set("nodes", nodesJson(result.nodes()));
    json.set("edges", edgesJson(result.edges()));
    json.put("total_nodes", result.totalNodes());
    json.put("truncated", result.truncated());
    if (result.nextPageToken() != null) {
      json.put("next_page_token", result.nextPageToken());
    }
    return json;
  }

  private static ArrayNode nodesJson(List<LineageNode> nodes) {
    ArrayNode array = JSON.arrayNode();
    for (LineageNode node : nodes) {
      ObjectNode json = array.addObject();
      json.put("ref", node.ref().toString());
      json.put("kind", node.ref().kind().label());
      json.put("id", node.ref().id());
      json.put("type", node.typeName());
      json.put("name", node.name());
      if (node.uri() != null) {
        json.put("uri", node.uri());
      }
      if (node.state() != null) {
        json.put("state", node.state());
      }
      if (node.externalId() != null) {
        json.put("external_id", node.externalId());
      }
      json.put("create_time", node.createTimeMs());
      json.put("hops", node.hops());
      json.put("start", node.start());
      json.put("boundary", node.boundary());
    }
    return array;
  }

  private static ArrayNode edgesJson(List<LineageEdge> edges) {
    ArrayNode array = JSON.arrayNode();
    for (LineageEdge edge : edges) {
      array.addObject().put("from", edge.from().toString()).put("to", edge.to().toString())
          .put("type", edge.type().name()).put("artifact_id", edge.artifactId())
          .put("execution_id", edge.executionId()).put("time", edge.timeMs());
    }
    return array;
  }
}
