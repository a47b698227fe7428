package dev.pedigree.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Default;
import com.linecorp.armeria.server.annotation.ExceptionHandler;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Patch;
import com.linecorp.armeria.server.annotation.Post;
import com.linecorp.armeria.server.annotation.Put;
import dev.pedigree.core.metadata.ListOptions;
import dev.pedigree.core.metadata.MetadataService;
import dev.pedigree.core.metadata.NodeListing;
import dev.pedigree.core.metadata.PutExecution;
import dev.pedigree.core.metadata.PutOptions;
import dev.pedigree.core.metadata.TypeEvolution;
import dev.pedigree.model.Artifact;
import dev.pedigree.model.Association;
import dev.pedigree.model.Attribution;
import dev.pedigree.model.Context;
import dev.pedigree.model.Event;
import dev.pedigree.model.Execution;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.Page;
import dev.pedigree.model.ParentContext;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.PropertyType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.OrderBy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The native REST API for the metadata graph, mounted under {@code /api/v1}. A thin translator:
 * decode JSON, call the metadata service, encode JSON. Runs on the blocking executor.
 */
@Blocking
@ExceptionHandler(ProblemHandler.class)
public final class NativeApi {
  /** Largest page the native API serves. */
  static final int MAX_PAGE_SIZE = 1000;
  static final int DEFAULT_PAGE_SIZE = 100;

  private static final String KINDS = "(?<kind>artifacts|executions|contexts)";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final MetadataService metadata;

  public NativeApi(MetadataService metadata) {
    this.metadata = metadata;
  }

  // Types

  @Post("/types/{kind}")
  public HttpResponse putType(@Param("kind") String kind, AggregatedHttpRequest request) {
    TypeBody body = Json.read(request.contentUtf8(), TypeBody.class);
    if (body.name() == null || body.name().isBlank()) {
      throw PedigreeException.invalidArgument("field 'name' is required");
    }
    Map<String, PropertyType> properties = new TreeMap<>();
    if (body.properties() != null) {
      body.properties().forEach((name, type) -> properties.put(name,
          NodeJson.enumValue(PropertyType.class, "properties." + name, type)));
    }
    NodeType type = new NodeType(null, typeKind(kind), body.name(), body.version(), body.description(),
        body.externalId(), body.baseType(), properties);
    TypeEvolution evolution = new TypeEvolution(Boolean.TRUE.equals(body.canAddFields()),
        Boolean.TRUE.equals(body.canOmitFields()));
    return Json.ok(NodeJson.toJson(metadata.putType(type, evolution)));
  }

  @Get("/types/{kind}")
  public HttpResponse listTypes(@Param("kind") String kind) {
    ArrayNode types = JSON.arrayNode();
    metadata.listTypes(typeKind(kind)).forEach(type -> types.add(NodeJson.toJson(type)));
    return Json.ok(JSON.objectNode().set("types", types));
  }

  @Get("/types/{kind}/{name}")
  public HttpResponse getType(@Param("kind") String kind, @Param("name") String name,
      @Param("version") Optional<String> version) {
    return Json.ok(NodeJson.toJson(metadata.type(typeKind(kind), name, version.orElse(null))));
  }

  // Nodes

  @Post("regex:^/" + KINDS + "$")
  public HttpResponse createNode(@Param("kind") String kind, AggregatedHttpRequest request) {
    TypeKind typeKind = nodeKind(kind);
    NodeBody body = Json.read(request.contentUtf8(), NodeBody.class);
    if (body.id() != null) {
      throw PedigreeException.invalidArgument("a new " + typeKind.label()
          + " has no 'id'; use PUT or PATCH /api/v1/" + kind + "/{id} to change one");
    }
    Node stored = metadata.putNodes(List.of(toNode(typeKind, body, null)), PutOptions.DEFAULT).get(0);
    return Json.created(NodeJson.toJson(stored));
  }

  @Post("regex:^/" + KINDS + "/batch$")
  public HttpResponse putNodes(@Param("kind") String kind, AggregatedHttpRequest request) {
    TypeKind typeKind = nodeKind(kind);
    Bodies.Batch body = Json.read(request.contentUtf8(), Bodies.Batch.class);
    if (body.nodes() == null || body.nodes().isEmpty()) {
      throw PedigreeException.invalidArgument("field 'nodes' must list at least one " + typeKind.label());
    }
    List<Node> nodes = new ArrayList<>();
    for (NodeBody node : body.nodes()) {
      nodes.add(toNode(typeKind, node, node.id()));
    }
    PutOptions options = new PutOptions(
        body.updateMask() == null ? Set.of() : new HashSet<>(body.updateMask()),
        Boolean.TRUE.equals(body.abortIfUpdateTimeChanged()));
    return Json.ok(nodesJson(kind, metadata.putNodes(nodes, options), null));
  }

  @Get("regex:^/" + KINDS + "/(?<id>[0-9]+)$")
  public HttpResponse getNode(@Param("kind") String kind, @Param("id") long id) {
    return Json.ok(NodeJson.toJson(metadata.node(nodeKind(kind), id)));
  }

  /** Replaces the node: fields left out are cleared (properties removed). */
  @Put("regex:^/" + KINDS + "/(?<id>[0-9]+)$")
  public HttpResponse replaceNode(@Param("kind") String kind, @Param("id") long id, AggregatedHttpRequest request) {
    TypeKind typeKind = nodeKind(kind);
    NodeBody body = Json.read(request.contentUtf8(), NodeBody.class);
    checkId(typeKind, body, id);
    Node node = toNode(typeKind, body, id);
    return Json.ok(NodeJson.toJson(metadata.putNodes(List.of(withId(node, id)),
        new PutOptions(Set.of(), body.updateTime() != null)).get(0)));
  }

  /**
   * Changes only the fields present in the body; inside {@code properties} and
   * {@code custom_properties}, a key set to null is removed.
   */
  @Patch("regex:^/" + KINDS + "/(?<id>[0-9]+)$")
  public HttpResponse patchNode(@Param("kind") String kind, @Param("id") long id, AggregatedHttpRequest request) {
    TypeKind typeKind = nodeKind(kind);
    String content = request.contentUtf8();
    NodeBody body = Json.read(content, NodeBody.class);
    checkId(typeKind, body, id);
    Set<String> mask = new HashSet<>();
    JsonNode tree = readTree(content);
    for (Iterator<String> fields = tree.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      switch (field) {
        case "properties", "custom_properties" -> tree.get(field).fieldNames()
            .forEachRemaining(key -> mask.add(field + "." + key));
        case "id", "type", "type_id", "type_version", "create_time", "update_time" -> { }
        default -> mask.add(field);
      }
    }
    Node node = toNode(typeKind, body, id);
    return Json.ok(NodeJson.toJson(metadata.putNodes(List.of(withId(node, id)),
        new PutOptions(mask, body.updateTime() != null)).get(0)));
  }

  @Get("regex:^/" + KINDS + "$")
  public HttpResponse listNodes(@Param("kind") String kind, @Param("type") Optional<String> type,
      @Param("type_version") Optional<String> typeVersion, @Param("uri") Optional<List<String>> uris,
      @Param("context_id") Optional<Long> contextId, @Param("page_size") @Default("100") int pageSize,
      @Param("page_token") Optional<String> pageToken, @Param("order_by") @Default("id") String orderBy,
      @Param("order") @Default("asc") String order) {
    TypeKind typeKind = nodeKind(kind);
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw PedigreeException.invalidArgument("page_size: " + pageSize + " (expected: 1.." + MAX_PAGE_SIZE + ")");
    }
    Long typeId = type.map(name -> metadata.type(typeKind, name, typeVersion.orElse(null)).requireId()).orElse(null);
    if (!uris.orElse(List.of()).isEmpty() && typeKind != TypeKind.ARTIFACT) {
      throw PedigreeException.invalidArgument("'uri' filters artifacts only");
    }
    if (contextId.isPresent() && typeKind == TypeKind.CONTEXT) {
      throw PedigreeException.invalidArgument("'context_id' lists artifacts or executions; use /contexts/{id}/children");
    }
    NodeListing listing = new NodeListing(typeKind, typeId, uris.orElse(List.of()), contextId.orElse(null));
    ListOptions options = new ListOptions(pageSize, NodeJson.enumValue(OrderBy.class, "order_by", orderBy),
        ascending(order), pageToken.orElse(null));
    Page<Node> page = metadata.listNodes(listing, options);
    return Json.ok(nodesJson(kind, page.items(), page.nextPageToken()));
  }

  @Get("regex:^/(?<kind>artifacts|executions)/(?<id>[0-9]+)/contexts$")
  public HttpResponse contextsOf(@Param("kind") String kind, @Param("id") long id) {
    TypeKind typeKind = nodeKind(kind);
    metadata.node(typeKind, id);
    return Json.ok(nodesJson("contexts", metadata.contextsOf(typeKind, id), null));
  }

  // Edges

  @Post("/events")
  public HttpResponse putEvents(AggregatedHttpRequest request) {
    Bodies.Events body = Json.read(request.contentUtf8(), Bodies.Events.class);
    if (body.events() == null || body.events().isEmpty()) {
      throw PedigreeException.invalidArgument("field 'events' must list at least one event");
    }
    List<Event> events = new ArrayList<>();
    for (EventBody event : body.events()) {
      events.add(NodeJson.toEvent(event));
    }
    metadata.putEvents(events);
    return Json.ok(JSON.objectNode().put("recorded", events.size()));
  }

  @Get("/events")
  public HttpResponse events(@Param("artifact_id") Optional<List<Long>> artifactIds,
      @Param("execution_id") Optional<List<Long>> executionIds) {
    List<Long> byArtifact = artifactIds.orElse(List.of());
    List<Long> byExecution = executionIds.orElse(List.of());
    if (byArtifact.isEmpty() == byExecution.isEmpty()) {
      throw PedigreeException.invalidArgument("give either artifact_id or execution_id (repeatable)");
    }
    List<Event> events = byArtifact.isEmpty()
        ? metadata.eventsByExecutions(byExecution)
        : metadata.eventsByArtifacts(byArtifact);
    ArrayNode json = JSON.arrayNode();
    events.forEach(event -> json.add(NodeJson.toJson(event)));
    return Json.ok(JSON.objectNode().set("events", json));
  }

  /** Attributes artifacts and associates executions to the context (idempotent). */
  @Post("/contexts/{id}/members")
  public HttpResponse addMembers(@Param("id") long id, AggregatedHttpRequest request) {
    Bodies.Members body = Json.read(request.contentUtf8(), Bodies.Members.class);
    List<Attribution> attributions = new ArrayList<>();
    List<Association> associations = new ArrayList<>();
    if (body.artifactIds() != null) {
      body.artifactIds().forEach(artifact -> attributions.add(new Attribution(id, artifact)));
    }
    if (body.executionIds() != null) {
      body.executionIds().forEach(execution -> associations.add(new Association(id, execution)));
    }
    metadata.putAttributionsAndAssociations(attributions, associations);
    return Json.ok(JSON.objectNode().put("artifacts", attributions.size()).put("executions", associations.size()));
  }

  @Post("/contexts/{id}/parents")
  public HttpResponse addParents(@Param("id") long id, AggregatedHttpRequest request) {
    Bodies.Parents body = Json.read(request.contentUtf8(), Bodies.Parents.class);
    if (body.parentIds() == null || body.parentIds().isEmpty()) {
      throw PedigreeException.invalidArgument("field 'parent_ids' must list at least one context id");
    }
    List<ParentContext> links = new ArrayList<>();
    body.parentIds().forEach(parent -> links.add(new ParentContext(id, parent)));
    metadata.putParentContexts(links);
    return Json.ok(nodesJson("contexts", metadata.parentContexts(id), null));
  }

  @Get("/contexts/{id}/parents")
  public HttpResponse parents(@Param("id") long id) {
    metadata.node(TypeKind.CONTEXT, id);
    return Json.ok(nodesJson("contexts", metadata.parentContexts(id), null));
  }

  @Get("/contexts/{id}/children")
  public HttpResponse children(@Param("id") long id) {
    metadata.node(TypeKind.CONTEXT, id);
    return Json.ok(nodesJson("contexts", metadata.childContexts(id), null));
  }

  // Atomic put-execution

  @Post("/put-execution")
  public HttpResponse putExecution(AggregatedHttpRequest request) {
    Bodies.PutExecution body = Json.read(request.contentUtf8(), Bodies.PutExecution.class);
    if (body.execution() == null) {
      throw PedigreeException.invalidArgument("field 'execution' is required");
    }
    Execution execution = (Execution) toNode(TypeKind.EXECUTION, body.execution(), body.execution().id());
    List<PutExecution.ArtifactAndEvent> pairs = new ArrayList<>();
    if (body.artifacts() != null) {
      for (Bodies.ArtifactAndEvent pair : body.artifacts()) {
        Artifact artifact = pair.artifact() == null ? null
            : (Artifact) toNode(TypeKind.ARTIFACT, pair.artifact(), pair.artifact().id());
        Event event = pair.event() == null ? null : NodeJson.toEvent(pair.event());
        pairs.add(new PutExecution.ArtifactAndEvent(artifact, event));
      }
    }
    List<Context> contexts = new ArrayList<>();
    if (body.contexts() != null) {
      for (NodeBody context : body.contexts()) {
        contexts.add((Context) toNode(TypeKind.CONTEXT, context, context.id()));
      }
    }
    PutExecution.Result result = metadata.putExecution(new PutExecution(execution, pairs, contexts,
        Boolean.TRUE.equals(body.reuseContextIfExists()), Boolean.TRUE.equals(body.reuseArtifactByExternalId())));
    ObjectNode json = JSON.objectNode();
    json.put("execution_id", result.executionId());
    result.artifactIds().forEach(json.putArray("artifact_ids")::add);
    ArrayNode contextIds = json.putArray("context_ids");
    result.contextIds().forEach(contextIds::add);
    return Json.ok(json);
  }

  // Helpers

  /** Resolves the node's type (by id, by name, or from the stored node being changed) and converts. */
  private Node toNode(TypeKind kind, NodeBody body, Long existingId) {
    NodeType type;
    if (body.typeId() != null) {
      type = metadata.findType(kind, body.typeId()).orElseThrow(() ->
          PedigreeException.notFound(kind.label() + " type " + body.typeId() + " not found"));
    } else if (body.type() != null) {
      type = metadata.type(kind, body.type(), body.typeVersion());
    } else if (existingId != null) {
      List<Node> stored = metadata.nodes(kind, List.of(existingId));
      if (stored.isEmpty()) {
        throw PedigreeException.notFound(kind.label() + " " + existingId + " not found");
      }
      type = metadata.findType(kind, stored.get(0).typeId()).orElseThrow();
    } else {
      throw PedigreeException.invalidArgument("field 'type' (a type name) or 'type_id' is required");
    }
    return NodeJson.toNode(kind, body, type);
  }

  private static Node withId(Node node, long id) {
    return switch (node) {
      case Artifact a -> a.withId(id);
      case Execution e -> e.withId(id);
      case Context c -> c.withId(id);
    };
  }

  private void checkId(TypeKind kind, NodeBody body, long id) {
    if (body.id() != null && body.id() != id) {
      throw PedigreeException.invalidArgument("the body's id " + body.id() + " differs from the path's " + id);
    }
    // Unknown ids are NOT_FOUND in the native API (MLMD's INVALID_ARGUMENT is kept for its own front door).
    metadata.node(kind, id);
  }

  private static JsonNode readTree(String content) {
    try {
      return Json.MAPPER.readTree(content);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw PedigreeException.invalidArgument("malformed JSON");
    }
  }

  private static ObjectNode nodesJson(String field, List<? extends Node> nodes, String nextPageToken) {
    ObjectNode json = JSON.objectNode();
    ArrayNode array = json.putArray(field);
    nodes.forEach(node -> array.add(NodeJson.toJson(node)));
    if (nextPageToken != null) {
      json.put("next_page_token", nextPageToken);
    }
    return json;
  }

  private static boolean ascending(String order) {
    return switch (order.toLowerCase(Locale.ROOT)) {
      case "asc" -> true;
      case "desc" -> false;
      default -> throw PedigreeException.invalidArgument("order: '" + order + "' (expected: asc or desc)");
    };
  }

  static TypeKind nodeKind(String plural) {
    return switch (plural) {
      case "artifacts" -> TypeKind.ARTIFACT;
      case "executions" -> TypeKind.EXECUTION;
      case "contexts" -> TypeKind.CONTEXT;
      default -> throw PedigreeException.notFound("no such collection: " + plural);
    };
  }

  static TypeKind typeKind(String text) {
    return switch (text) {
      case "artifact", "artifacts" -> TypeKind.ARTIFACT;
      case "execution", "executions" -> TypeKind.EXECUTION;
      case "context", "contexts" -> TypeKind.CONTEXT;
      default -> throw PedigreeException.invalidArgument(
          "type kind '" + text + "' (expected: artifact, execution or context)");
    };
  }
}
