package dev.pedigree.core.metadata;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.Artifact;
import dev.pedigree.model.Association;
import dev.pedigree.model.Attribution;
import dev.pedigree.model.Context;
import dev.pedigree.model.Event;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.Page;
import dev.pedigree.model.ParentContext;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.Cursor;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.NodeQuery;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.WriteTransaction;
import dev.pedigree.store.query.FilterExpression;
import dev.pedigree.store.query.FilterParser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes of the metadata graph with ML Metadata's semantics. Every public write is one
 * transaction: it either happens entirely or leaves the store unchanged.
 */
public final class MetadataService {
  private final MetadataStore store;
  private final GraphWriter writer;

  public MetadataService(MetadataStore store, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.writer = new GraphWriter(requireNonNull(clock, "clock"));
  }

  public MetadataStore store() {
    return store;
  }

  /** The rules used by this service, for core services that compose larger transactions. */
  public GraphWriter writer() {
    return writer;
  }

  // Types

  /** Creates the type or evolves the stored one of the same name and version; returns it stored. */
  public NodeType putType(NodeType type, TypeEvolution evolution) {
    return store.write(tx -> putType(tx, type, evolution));
  }

  /** {@link #putType} for several types in one transaction; results align with the input. */
  public List<NodeType> putTypes(List<NodeType> types, TypeEvolution evolution) {
    return store.write(tx -> {
      List<NodeType> stored = new ArrayList<>(types.size());
      for (NodeType type : types) {
        stored.add(putType(tx, type, evolution));
      }
      return stored;
    });
  }

  static NodeType putType(WriteTransaction tx, NodeType type, TypeEvolution evolution) {
    Optional<NodeType> existing = tx.findTypeByName(type.kind(), type.name(), type.version());
    if (existing.isEmpty()) {
      try {
        return tx.insertType(type);
      } catch (PedigreeException e) {
        // A concurrent writer created it first (several pipeline steps registering their types at
        // once): evolve against the winner's type as if it had been there all along.
        existing = tx.findTypeByName(type.kind(), type.name(), type.version());
        if (e.code() != dev.pedigree.model.ErrorCode.ALREADY_EXISTS || existing.isEmpty()) {
          throw e;
        }
      }
    }
    NodeType stored = existing.get();
    var added = TypeRules.additions(stored, type, evolution);
    if (added.isEmpty()) {
      return stored;
    }
    tx.addTypeProperties(stored, added);
    var union = new java.util.TreeMap<>(stored.properties());
    union.putAll(added);
    return stored.withProperties(union);
  }

  public Optional<NodeType> findType(TypeKind kind, String name, @Nullable String version) {
    return store.read(tx -> tx.findTypeByName(kind, name, version));
  }

  /** The type, or NOT_FOUND. */
  public NodeType type(TypeKind kind, String name, @Nullable String version) {
    return findType(kind, name, version).orElseThrow(() -> PedigreeException.notFound(
        kind.label() + " type " + name + (version == null ? "" : " (version " + version + ")") + " not found"));
  }

  public Optional<NodeType> findType(TypeKind kind, long id) {
    return store.read(tx -> tx.findType(kind, id));
  }

  public List<NodeType> types(TypeKind kind, Collection<Long> ids) {
    return store.read(tx -> tx.findTypes(kind, ids));
  }

  public List<NodeType> typesByExternalIds(TypeKind kind, Collection<String> externalIds) {
    return store.read(tx -> tx.findTypesByExternalIds(kind, externalIds));
  }

  public List<NodeType> listTypes(TypeKind kind) {
    return store.read(tx -> tx.listTypes(kind));
  }

  // Nodes

  /**
   * Inserts nodes without ids and updates nodes with ids, all of one kind, in one transaction.
   * Returns the stored nodes in input order.
   */
  public List<Node> putNodes(List<? extends Node> nodes, PutOptions options) {
    if (nodes.isEmpty()) {
      return List.of();
    }
    return store.write(tx -> writer.putNodes(tx, nodes, options));
  }

  public List<Node> nodes(TypeKind kind, Collection<Long> ids) {
    return store.read(tx -> tx.findNodes(kind, ids));
  }

  /** The node, or NOT_FOUND. */
  public Node node(TypeKind kind, long id) {
    List<Node> found = nodes(kind, List.of(id));
    if (found.isEmpty()) {
      throw PedigreeException.notFound(kind.label() + " " + id + " not found");
    }
    return found.get(0);
  }

  /** The node of the named type with this name; empty when either does not exist. */
  public Optional<Node> nodeByTypeAndName(TypeKind kind, String typeName, @Nullable String typeVersion,
      String name) {
    return store.read(tx -> tx.findTypeByName(kind, typeName, typeVersion)
        .flatMap(type -> tx.findNodeByName(kind, type.requireId(), name)));
  }

  public List<Node> nodesByExternalIds(TypeKind kind, Collection<String> externalIds) {
    return store.read(tx -> tx.findNodesByExternalIds(kind, externalIds));
  }

  /** One page of the listing; with a page token the token's order and filter win. */
  public Page<Node> listNodes(NodeListing listing, ListOptions options) {
    ListOptions effective = options;
    Cursor after = null;
    String scope = listing.scope();
    if (options.pageToken() != null) {
      PageTokens.Decoded decoded = PageTokens.decode(options.pageToken(), scope);
      // As MLMD: order and filter come from the first call; each call sets its own page size.
      ListOptions first = decoded.options();
      effective = new ListOptions(options.limit() > 0 ? options.limit() : first.limit(), first.orderBy(),
          first.ascending(), null, first.filterQuery());
      after = decoded.cursor();
    }
    FilterExpression filter = effective.filterQuery() == null ? null : FilterParser.parse(effective.filterQuery());
    NodeQuery query = new NodeQuery(listing.kind(), listing.typeId(), listing.uris(), listing.contextId(),
        effective.orderBy(), effective.ascending(), after, effective.limit(), filter);
    List<Node> rows = store.read(tx -> tx.listNodes(query));
    if (effective.limit() == 0 || rows.size() <= effective.limit()) {
      return new Page<>(rows, null);
    }
    List<Node> page = rows.subList(0, effective.limit());
    Node last = page.get(page.size() - 1);
    long orderValue = switch (effective.orderBy()) {
      case ID -> last.requireId();
      case CREATE_TIME -> last.createTimeMs();
      case UPDATE_TIME -> last.updateTimeMs();
    };
    return new Page<>(page, PageTokens.encode(effective, scope, new Cursor(orderValue, last.requireId())));
  }

  public long countNodes(TypeKind kind) {
    return store.read(tx -> tx.countNodes(kind));
  }

  // Edges

  /** Records events between stored nodes; a repeated (artifact, execution, type) is ALREADY_EXISTS. */
  public void putEvents(List<Event> events) {
    store.write(tx -> {
      writer.putEvents(tx, events);
      return null;
    });
  }

  public List<Event> eventsByArtifacts(Collection<Long> artifactIds) {
    return store.read(tx -> tx.findEventsByArtifacts(artifactIds));
  }

  public List<Event> eventsByExecutions(Collection<Long> executionIds) {
    return store.read(tx -> tx.findEventsByExecutions(executionIds));
  }

  /** Links nodes to contexts; links that exist already are left as they are. */
  public void putAttributionsAndAssociations(List<Attribution> attributions, List<Association> associations) {
    store.write(tx -> {
      writer.putContextLinks(tx, attributions, associations);
      return null;
    });
  }

  /** Adds parent links; a link that would close a cycle is INVALID_ARGUMENT. */
  public void putParentContexts(List<ParentContext> links) {
    store.write(tx -> {
      writer.putParentContexts(tx, links);
      return null;
    });
  }

  public List<Context> contextsOf(TypeKind kind, long nodeId) {
    return store.read(tx -> tx.findContextsOf(kind, nodeId));
  }

  public List<Context> parentContexts(long contextId) {
    return store.read(tx -> tx.findParentContexts(contextId));
  }

  public List<Context> childContexts(long contextId) {
    return store.read(tx -> tx.findChildContexts(contextId));
  }

  /** Parents of each of these contexts (one level), keyed by child id; unknown ids map to nothing. */
  public java.util.Map<Long, List<Context>> parentContexts(Collection<Long> contextIds) {
    return store.read(tx -> {
      java.util.Map<Long, List<Context>> parents = new java.util.LinkedHashMap<>();
      for (long id : new java.util.LinkedHashSet<>(contextIds)) {
        parents.put(id, tx.findParentContexts(id));
      }
      return parents;
    });
  }

  /** Children of each of these contexts (one level), keyed by parent id. */
  public java.util.Map<Long, List<Context>> childContexts(Collection<Long> contextIds) {
    return store.read(tx -> {
      java.util.Map<Long, List<Context>> children = new java.util.LinkedHashMap<>();
      for (long id : new java.util.LinkedHashSet<>(contextIds)) {
        children.put(id, tx.findChildContexts(id));
      }
      return children;
    });
  }

  // Lineage

  /** Walks the event graph from the query's starting nodes, on one consistent snapshot. */
  public LineageGraph lineage(LineageQuery query) {
    requireNonNull(query, "query");
    return store.read(tx -> new LineageWalk(tx, query).run());
  }

  // Atomic writes

  /** Writes executions, artifacts, contexts and the events between them: all of it, or nothing. */
  public PutLineageSubgraph.Result putLineageSubgraph(PutLineageSubgraph request) {
    return store.write(tx -> writer.putLineageSubgraph(tx, request));
  }

  /** Writes an execution with its artifacts, events and contexts: all of it, or nothing. */
  public PutExecution.Result putExecution(PutExecution request) {
    return store.write(tx -> writer.putExecution(tx, request));
  }

  /** Runs {@code work} on a read snapshot (for composite reads in other core services). */
  public <T> T read(dev.pedigree.store.TransactionWork<ReadTransaction, T> work) {
    return store.read(work);
  }

  /** Artifacts of the given ids, typed (convenience for callers that know the kind). */
  public List<Artifact> artifacts(Collection<Long> ids) {
    List<Artifact> artifacts = new ArrayList<>();
    for (Node node : nodes(TypeKind.ARTIFACT, ids)) {
      artifacts.add((Artifact) node);
    }
    return artifacts;
  }
}
