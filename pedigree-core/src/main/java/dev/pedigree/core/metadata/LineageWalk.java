package dev.pedigree.core.metadata;

import dev.pedigree.model.Artifact;
import dev.pedigree.model.Association;
import dev.pedigree.model.Attribution;
import dev.pedigree.model.Context;
import dev.pedigree.model.Event;
import dev.pedigree.model.EventType;
import dev.pedigree.model.Execution;
import dev.pedigree.model.Node;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.NodeQuery;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.query.FilterExpression;
import dev.pedigree.store.query.FilterParser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** One breadth-first lineage walk on a read snapshot, a batch of edge reads per hop. */
final class LineageWalk {
  private final ReadTransaction tx;
  private final LineageQuery query;
  private final @Nullable FilterExpression keepArtifacts;
  private final @Nullable FilterExpression keepExecutions;
  private final @Nullable FilterExpression endArtifacts;
  private final @Nullable FilterExpression endExecutions;
  private final Set<Long> artifacts = new TreeSet<>();
  private final Set<Long> executions = new TreeSet<>();
  /** Nodes seen and then left out (filtered out, or ending nodes not included). */
  private final Set<Long> droppedArtifacts = new HashSet<>();
  private final Set<Long> droppedExecutions = new HashSet<>();
  /** Events crossed, in the order the walk crossed them (MLMD answers them in this order). */
  private final List<Event> crossed = new ArrayList<>();

  LineageWalk(ReadTransaction tx, LineageQuery query) {
    this.tx = tx;
    this.query = query;
    this.keepArtifacts = parse(query.keepArtifacts());
    this.keepExecutions = parse(query.keepExecutions());
    this.endArtifacts = query.endArtifacts() == null ? null : FilterParser.parse(query.endArtifacts().filter());
    this.endExecutions = query.endExecutions() == null ? null : FilterParser.parse(query.endExecutions().filter());
  }

  LineageGraph run() {
    List<Long> startIds;
    if (!query.startIds().isEmpty()) {
      startIds = query.startFilter().isBlank() ? query.startIds()
          : tx.filterNodeIds(query.startKind(), FilterParser.parse(query.startFilter()), query.startIds());
    } else {
      List<Node> start = tx.listNodes(NodeQuery.all(query.startKind())
          .withPage(null, LineageQuery.MAX_START_NODES)
          .withFilter(FilterParser.parse(query.startFilter())));
      if (start.size() > LineageQuery.MAX_START_NODES) {
        throw PedigreeException.invalidArgument("the starting nodes' filter_query matches more than "
            + LineageQuery.MAX_START_NODES + " " + query.startKind().label() + "s; narrow it");
      }
      startIds = start.stream().map(Node::requireId).toList();
    }
    Set<Long> frontierArtifacts = new TreeSet<>();
    Set<Long> frontierExecutions = new TreeSet<>();
    if (query.startKind() == TypeKind.ARTIFACT) {
      frontierArtifacts.addAll(keep(TypeKind.ARTIFACT, startIds, keepArtifacts, droppedArtifacts));
      artifacts.addAll(frontierArtifacts);
    } else {
      frontierExecutions.addAll(keep(TypeKind.EXECUTION, startIds, keepExecutions, droppedExecutions));
      executions.addAll(frontierExecutions);
    }
    for (int hop = 0; hop < query.maxHops() && !(frontierArtifacts.isEmpty() && frontierExecutions.isEmpty());
        hop++) {
      Set<Long> reachedExecutions = new TreeSet<>();
      for (Event event : tx.findEventsByArtifacts(frontierArtifacts)) {
        if (follows(event.type(), true) && isNew(event.executionId(), executions, droppedExecutions)) {
          reachedExecutions.add(event.executionId());
          crossed.add(event);
        }
      }
      Set<Long> reachedArtifacts = new TreeSet<>();
      for (Event event : tx.findEventsByExecutions(frontierExecutions)) {
        if (follows(event.type(), false) && isNew(event.artifactId(), artifacts, droppedArtifacts)) {
          reachedArtifacts.add(event.artifactId());
          crossed.add(event);
        }
      }
      frontierArtifacts = admit(TypeKind.ARTIFACT, reachedArtifacts, keepArtifacts, endArtifacts,
          query.endArtifacts(), artifacts, droppedArtifacts);
      frontierExecutions = admit(TypeKind.EXECUTION, reachedExecutions, keepExecutions, endExecutions,
          query.endExecutions(), executions, droppedExecutions);
    }
    return graph();
  }

  /** Adds reached nodes to the answer; returns those to walk on from. */
  private Set<Long> admit(TypeKind kind, Set<Long> reached, @Nullable FilterExpression keep,
      @Nullable FilterExpression end, LineageQuery.@Nullable Ending ending, Set<Long> answer, Set<Long> dropped) {
    List<Long> kept = keep(kind, reached, keep, dropped);
    Set<Long> walkOn = new TreeSet<>(kept);
    Set<Long> ends = end == null || kept.isEmpty() ? Set.of() : new HashSet<>(tx.filterNodeIds(kind, end, kept));
    for (long id : kept) {
      if (query.maxNodes() > 0 && artifacts.size() + executions.size() >= query.maxNodes()) {
        walkOn.remove(id);
        dropped.add(id);
        continue;
      }
      if (ends.contains(id)) {
        walkOn.remove(id);
        if (!ending.included()) {
          dropped.add(id);
          continue;
        }
      }
      answer.add(id);
    }
    return walkOn;
  }

  private List<Long> keep(TypeKind kind, Collection<Long> ids, @Nullable FilterExpression keep, Set<Long> dropped) {
    if (keep == null || ids.isEmpty()) {
      return List.copyOf(ids);
    }
    List<Long> kept = tx.filterNodeIds(kind, keep, ids);
    Set<Long> left = new HashSet<>(ids);
    kept.forEach(left::remove);
    dropped.addAll(left);
    return kept;
  }

  private boolean follows(EventType type, boolean fromArtifact) {
    return switch (query.direction()) {
      case BOTH -> true;
      case DOWNSTREAM -> fromArtifact ? type.isInput() : type.isOutput();
      case UPSTREAM -> fromArtifact ? type.isOutput() : type.isInput();
    };
  }

  private static boolean isNew(@Nullable Long id, Set<Long> answer, Set<Long> dropped) {
    return id != null && !answer.contains(id) && !dropped.contains(id);
  }

  private LineageGraph graph() {
    List<Artifact> artifactNodes = new ArrayList<>();
    for (Node node : tx.findNodes(TypeKind.ARTIFACT, artifacts)) {
      artifactNodes.add((Artifact) node);
    }
    List<Execution> executionNodes = new ArrayList<>();
    for (Node node : tx.findNodes(TypeKind.EXECUTION, executions)) {
      executionNodes.add((Execution) node);
    }
    // Crossed events first, in walk order, then any other event between nodes of the answer.
    java.util.LinkedHashSet<Event> events = new java.util.LinkedHashSet<>();
    for (Event event : crossed) {
      if (artifacts.contains(event.artifactId()) && executions.contains(event.executionId())) {
        events.add(event);
      }
    }
    for (Event event : tx.findEventsByArtifacts(artifacts)) {
      if (executions.contains(event.executionId())) {
        events.add(event);
      }
    }
    List<Attribution> attributions = tx.findAttributions(artifacts);
    List<Association> associations = tx.findAssociations(executions);
    Set<Long> contextIds = new TreeSet<>();
    attributions.forEach(a -> contextIds.add(a.contextId()));
    associations.forEach(a -> contextIds.add(a.contextId()));
    List<Context> contexts = new ArrayList<>();
    for (Node node : tx.findNodes(TypeKind.CONTEXT, contextIds)) {
      contexts.add((Context) node);
    }
    return new LineageGraph(artifactNodes, executionNodes, contexts, List.copyOf(events), attributions,
        associations);
  }

  private static @Nullable FilterExpression parse(@Nullable String filter) {
    return filter == null || filter.isBlank() ? null : FilterParser.parse(filter);
  }
}
