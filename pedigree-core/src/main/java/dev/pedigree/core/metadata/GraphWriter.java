package dev.pedigree.core.metadata;

import dev.pedigree.model.Artifact;
import dev.pedigree.model.Association;
import dev.pedigree.model.Attribution;
import dev.pedigree.model.Context;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.Event;
import dev.pedigree.model.Execution;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.ParentContext;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.WriteTransaction;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MLMD's write rules, applied inside a caller's write transaction. {@link MetadataService} wraps
 * each in its own transaction; other core services (MLflow, OpenLineage, artifacts) compose several
 * into one.
 */
public final class GraphWriter {
  private final Clock clock;

  GraphWriter(Clock clock) {
    this.clock = clock;
  }

  /** Inserts nodes without ids, updates nodes with ids; returns stored nodes in input order. */
  public List<Node> putNodes(WriteTransaction tx, List<? extends Node> nodes, PutOptions options) {
    if (nodes.isEmpty()) {
      return List.of();
    }
    TypeKind kind = nodes.get(0).kind();
    Set<Long> typeIds = new HashSet<>();
    Set<Long> ids = new LinkedHashSet<>();
    for (Node node : nodes) {
      if (node.kind() != kind) {
        throw PedigreeException.invalidArgument("one put holds nodes of one kind, got " + kind.label()
            + " and " + node.kind().label());
      }
      if (node.id() != null) {
        ids.add(node.id());
      } else if (node.typeId() <= 0) {
        throw PedigreeException.invalidArgument(kind.label() + " type id is missing");
      }
      if (node.typeId() > 0) {
        typeIds.add(node.typeId());
      }
    }
    Map<Long, Node> stored = new HashMap<>();
    for (Node node : tx.findNodesForUpdate(kind, ids)) {
      stored.put(node.requireId(), node);
      typeIds.add(node.typeId());
    }
    Map<Long, NodeType> types = new HashMap<>();
    for (NodeType type : tx.findTypes(kind, typeIds)) {
      types.put(type.requireId(), type);
    }
    long now = clock.millis();
    List<Node> inserts = new ArrayList<>();
    List<Node> updates = new ArrayList<>();
    List<Boolean> isInsert = new ArrayList<>(nodes.size());
    long updateTime = now;
    for (Node node : nodes) {
      if (node.id() == null) {
        NodeType type = type(types, kind, node.typeId());
        NodeRules.check(node, type);
        inserts.add(withTypeName(node, type));
        isInsert.add(true);
        continue;
      }
      Node current = stored.get(node.id());
      if (current == null) {
        throw PedigreeException.invalidArgument("cannot find " + kind.label() + " with id " + node.id());
      }
      if (node.typeId() > 0 && node.typeId() != current.typeId()) {
        throw PedigreeException.invalidArgument("the type of " + kind.label() + " " + node.id()
            + " cannot change (stored " + current.typeId() + ", given " + node.typeId() + ")");
      }
      if (options.abortIfUpdateTimeChanged() && node.updateTimeMs() != current.updateTimeMs()) {
        throw PedigreeException.failedPrecondition(kind.label() + " " + node.id()
            + " was updated since it was read (stored update time " + current.updateTimeMs()
            + ", given " + node.updateTimeMs() + ")");
      }
      Node replacement = options.updateMask().isEmpty()
          ? NodeRules.asReplacementOf(sameType(node, current.typeId()), current)
          : NodeRules.merge(current, node, options.updateMask());
      NodeRules.check(replacement, type(types, kind, current.typeId()));
      // Update times only move forward, so optimistic-concurrency checks always see a change.
      updateTime = Math.max(updateTime, current.updateTimeMs() + 1);
      updates.add(replacement);
      isInsert.add(false);
    }
    List<Node> updated = tx.updateNodes(updates, updateTime);
    List<Node> inserted = insert(tx, inserts, now);
    List<Node> result = new ArrayList<>(nodes.size());
    int nextInsert = 0;
    int nextUpdate = 0;
    for (boolean insert : isInsert) {
      result.add(insert ? inserted.get(nextInsert++) : updated.get(nextUpdate++));
    }
    return result;
  }

  private static List<Node> insert(WriteTransaction tx, List<Node> inserts, long now) {
    try {
      return tx.insertNodes(inserts, now);
    } catch (PedigreeException e) {
      if (e.code() != ErrorCode.ALREADY_EXISTS || inserts.size() != 1) {
        throw e;
      }
      Node node = inserts.get(0);
      throw new PedigreeException(ErrorCode.ALREADY_EXISTS, node.kind().label() + " "
          + (node.name() == null ? "" : "named '" + node.name() + "' ") + "of type " + node.typeName()
          + (node.externalId() == null ? "" : " or with external id '" + node.externalId() + "'")
          + " already exists", e);
    }
  }

  /** Records events between stored nodes. */
  public void putEvents(WriteTransaction tx, List<Event> events) {
    Set<Long> artifactIds = new HashSet<>();
    Set<Long> executionIds = new HashSet<>();
    for (Event event : events) {
      if (event.artifactId() == null || event.executionId() == null) {
        throw PedigreeException.invalidArgument("an event needs both artifact_id and execution_id");
      }
      artifactIds.add(event.artifactId());
      executionIds.add(event.executionId());
    }
    requireAll(tx, TypeKind.ARTIFACT, artifactIds);
    requireAll(tx, TypeKind.EXECUTION, executionIds);
    tx.insertEvents(events, clock.millis());
  }

  /** Links nodes to contexts, skipping links that exist. */
  public void putContextLinks(WriteTransaction tx, List<Attribution> attributions, List<Association> associations) {
    Set<Long> contextIds = new HashSet<>();
    Set<Long> artifactIds = new HashSet<>();
    Set<Long> executionIds = new HashSet<>();
    for (Attribution attribution : attributions) {
      contextIds.add(attribution.contextId());
      artifactIds.add(attribution.artifactId());
    }
    for (Association association : associations) {
      contextIds.add(association.contextId());
      executionIds.add(association.executionId());
    }
    requireAll(tx, TypeKind.CONTEXT, contextIds);
    requireAll(tx, TypeKind.ARTIFACT, artifactIds);
    requireAll(tx, TypeKind.EXECUTION, executionIds);
    tx.insertAttributions(List.copyOf(new LinkedHashSet<>(attributions)));
    tx.insertAssociations(List.copyOf(new LinkedHashSet<>(associations)));
  }

  /** Adds parent links one by one, rejecting any that would close a cycle. */
  public void putParentContexts(WriteTransaction tx, List<ParentContext> links) {
    Set<Long> contextIds = new HashSet<>();
    for (ParentContext link : links) {
      contextIds.add(link.childId());
      contextIds.add(link.parentId());
    }
    requireAll(tx, TypeKind.CONTEXT, contextIds);
    for (ParentContext link : links) {
      if (isAncestor(tx, link.childId(), link.parentId())) {
        throw PedigreeException.invalidArgument("there is a cycle detected: context " + link.childId()
            + " is already an ancestor of context " + link.parentId());
      }
      tx.insertParentContexts(List.of(link));
    }
  }

  /** Whether {@code candidate} is reachable going up from {@code context} (or is it). */
  private static boolean isAncestor(WriteTransaction tx, long candidate, long context) {
    Deque<Long> pending = new ArrayDeque<>(List.of(context));
    Set<Long> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      long current = pending.pop();
      if (current == candidate) {
        return true;
      }
      if (seen.add(current)) {
        pending.addAll(tx.parentContextIds(current));
      }
    }
    return false;
  }

  /** MLMD's PutExecution, inside the caller's transaction. */
  public PutExecution.Result putExecution(WriteTransaction tx, PutExecution request) {
    Execution execution = (Execution) putNodes(tx, List.of(request.execution()), PutOptions.DEFAULT).get(0);
    long executionId = execution.requireId();

    List<Artifact> artifacts = new ArrayList<>();
    for (PutExecution.ArtifactAndEvent pair : request.artifacts()) {
      if (pair.artifact() == null && pair.event() == null) {
        throw PedigreeException.invalidArgument("an artifact-and-event pair needs an artifact or an event");
      }
      if (pair.artifact() != null) {
        artifacts.add(request.reuseArtifactByExternalId() ? reuseByExternalId(tx, pair.artifact()) : pair.artifact());
      }
    }
    List<Node> storedArtifacts = putNodes(tx, artifacts, PutOptions.DEFAULT);

    List<Long> artifactIds = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    int nextArtifact = 0;
    for (PutExecution.ArtifactAndEvent pair : request.artifacts()) {
      Event event = pair.event();
      Long artifactId;
      if (pair.artifact() != null) {
        artifactId = storedArtifacts.get(nextArtifact++).requireId();
        if (event != null && event.artifactId() != null && !event.artifactId().equals(artifactId)) {
          throw PedigreeException.invalidArgument("event artifact_id " + event.artifactId()
              + " does not match the artifact's id " + artifactId);
        }
      } else {
        artifactId = event.artifactId();
        if (artifactId == null) {
          throw PedigreeException.invalidArgument("an event without an artifact must name artifact_id");
        }
      }
      if (event != null) {
        if (event.executionId() != null && event.executionId() != executionId) {
          throw PedigreeException.invalidArgument("event execution_id " + event.executionId()
              + " does not match the execution's id " + executionId);
        }
        events.add(event.withIds(artifactId, executionId));
      }
      artifactIds.add(artifactId);
    }
    putEvents(tx, events);

    List<Long> contextIds = putContexts(tx, request.contexts(), request.reuseContextIfExists());
    List<Attribution> attributions = new ArrayList<>();
    List<Association> associations = new ArrayList<>();
    for (long contextId : contextIds) {
      associations.add(new Association(contextId, executionId));
      for (long artifactId : new LinkedHashSet<>(artifactIds)) {
        attributions.add(new Attribution(contextId, artifactId));
      }
    }
    putContextLinks(tx, attributions, associations);
    return new PutExecution.Result(executionId, artifactIds, contextIds);
  }

  /** MLMD's PutLineageSubgraph, inside the caller's transaction. */
  public PutLineageSubgraph.Result putLineageSubgraph(WriteTransaction tx, PutLineageSubgraph request) {
    for (PutLineageSubgraph.EventEdge edge : request.edges()) {
      if (edge.event() == null || edge.executionIndex() == null || edge.artifactIndex() == null) {
        throw PedigreeException.invalidArgument("an event edge needs an event, an execution_index and an artifact_index");
      }
      checkIndex("execution_index", edge.executionIndex(), request.executions().size());
      checkIndex("artifact_index", edge.artifactIndex(), request.artifacts().size());
    }
    List<Long> contextIds = putContexts(tx, request.contexts(), request.reuseContextIfExists());
    List<Artifact> artifacts = new ArrayList<>(request.artifacts().size());
    for (Artifact artifact : request.artifacts()) {
      artifacts.add(request.reuseArtifactByExternalId() ? reuseByExternalId(tx, artifact) : artifact);
    }
    List<Long> artifactIds = ids(putNodes(tx, artifacts, PutOptions.DEFAULT));
    List<Long> executionIds = ids(putNodes(tx, request.executions(), PutOptions.DEFAULT));
    List<Event> events = new ArrayList<>(request.edges().size());
    for (PutLineageSubgraph.EventEdge edge : request.edges()) {
      Event event = edge.event();
      long artifactId = artifactIds.get(edge.artifactIndex());
      long executionId = executionIds.get(edge.executionIndex());
      if (event.artifactId() != null && event.artifactId() != artifactId) {
        throw PedigreeException.invalidArgument("event artifact_id " + event.artifactId()
            + " does not match the artifact at artifact_index " + edge.artifactIndex() + " (id " + artifactId + ")");
      }
      if (event.executionId() != null && event.executionId() != executionId) {
        throw PedigreeException.invalidArgument("event execution_id " + event.executionId()
            + " does not match the execution at execution_index " + edge.executionIndex() + " (id " + executionId + ")");
      }
      events.add(event.withIds(artifactId, executionId));
    }
    putEvents(tx, events);
    List<Attribution> attributions = new ArrayList<>();
    List<Association> associations = new ArrayList<>();
    for (long contextId : contextIds) {
      for (long artifactId : new LinkedHashSet<>(artifactIds)) {
        attributions.add(new Attribution(contextId, artifactId));
      }
      for (long executionId : new LinkedHashSet<>(executionIds)) {
        associations.add(new Association(contextId, executionId));
      }
    }
    putContextLinks(tx, attributions, associations);
    return new PutLineageSubgraph.Result(executionIds, artifactIds, contextIds);
  }

  private static void checkIndex(String field, int index, int size) {
    if (index < 0 || index >= size) {
      throw PedigreeException.outOfRange(field + " " + index + " is outside the request's list of " + size);
    }
  }

  private static List<Long> ids(List<Node> nodes) {
    List<Long> ids = new ArrayList<>(nodes.size());
    nodes.forEach(node -> ids.add(node.requireId()));
    return ids;
  }

  /** Upserts contexts; a new context whose name exists is reused when asked, else ALREADY_EXISTS. */
  public List<Long> putContexts(WriteTransaction tx, List<Context> contexts, boolean reuseIfExists) {
    List<Context> toPut = new ArrayList<>(contexts.size());
    for (Context context : contexts) {
      if (context.id() == null && reuseIfExists && context.name() != null) {
        var existing = tx.findNodeByName(TypeKind.CONTEXT, context.typeId(), context.name());
        if (existing.isPresent()) {
          toPut.add(null);
          continue;
        }
      }
      toPut.add(context);
    }
    List<Context> fresh = new ArrayList<>();
    for (Context context : toPut) {
      if (context != null) {
        fresh.add(context);
      }
    }
    List<Node> stored;
    try {
      stored = putNodes(tx, fresh, PutOptions.DEFAULT);
    } catch (PedigreeException e) {
      if (reuseIfExists && e.code() == ErrorCode.ALREADY_EXISTS) {
        // Another writer created the same context first: the client retries and then reuses it.
        throw PedigreeException.aborted("a context was created concurrently; retry", e);
      }
      throw e;
    }
    List<Long> ids = new ArrayList<>(contexts.size());
    int next = 0;
    for (int i = 0; i < contexts.size(); i++) {
      if (toPut.get(i) == null) {
        Context context = contexts.get(i);
        ids.add(tx.findNodeByName(TypeKind.CONTEXT, context.typeId(), context.name()).orElseThrow().requireId());
      } else {
        ids.add(stored.get(next++).requireId());
      }
    }
    return ids;
  }

  private static Artifact reuseByExternalId(WriteTransaction tx, Artifact artifact) {
    if (artifact.id() != null || artifact.externalId() == null) {
      return artifact;
    }
    List<Node> existing = tx.findNodesByExternalIds(TypeKind.ARTIFACT, List.of(artifact.externalId()));
    return existing.isEmpty() ? artifact : artifact.withId(existing.get(0).requireId());
  }

  private static void requireAll(WriteTransaction tx, TypeKind kind, Set<Long> ids) {
    if (ids.isEmpty()) {
      return;
    }
    Set<Long> missing = new LinkedHashSet<>(ids);
    for (long id : tx.existingNodeIds(kind, ids)) {
      missing.remove(id);
    }
    if (!missing.isEmpty()) {
      // MLMD answers INVALID_ARGUMENT when an edge names a node that does not exist.
      throw PedigreeException.invalidArgument(kind.label() + (missing.size() == 1 ? " " : "s ") + missing
          + " not found");
    }
  }

  private static NodeType type(Map<Long, NodeType> types, TypeKind kind, long typeId) {
    NodeType type = types.get(typeId);
    if (type == null) {
      throw PedigreeException.notFound(kind.label() + " type " + typeId + " not found");
    }
    return type;
  }

  private static Node withTypeName(Node node, NodeType type) {
    return switch (node) {
      case Artifact a -> new Artifact(null, a.typeId(), type.name(), a.name(), a.uri(), a.state(),
          a.externalId(), a.properties(), a.customProperties(), 0, 0);
      case Execution e -> new Execution(null, e.typeId(), type.name(), e.name(), e.lastKnownState(),
          e.externalId(), e.properties(), e.customProperties(), 0, 0);
      case Context c -> new Context(null, c.typeId(), type.name(), c.name(), c.externalId(), c.properties(),
          c.customProperties(), 0, 0);
    };
  }

  private static Node sameType(Node node, long typeId) {
    if (node.typeId() == typeId) {
      return node;
    }
    return switch (node) {
      case Artifact a -> new Artifact(a.id(), typeId, a.typeName(), a.name(), a.uri(), a.state(),
          a.externalId(), a.properties(), a.customProperties(), a.createTimeMs(), a.updateTimeMs());
      case Execution e -> new Execution(e.id(), typeId, e.typeName(), e.name(), e.lastKnownState(),
          e.externalId(), e.properties(), e.customProperties(), e.createTimeMs(), e.updateTimeMs());
      case Context c -> new Context(c.id(), typeId, c.typeName(), c.name(), c.externalId(), c.properties(),
          c.customProperties(), c.createTimeMs(), c.updateTimeMs());
    };
  }
}
