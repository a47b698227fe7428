package dev.pedigree.store;

import dev.pedigree.model.Association;
import dev.pedigree.model.Attribution;
import dev.pedigree.model.Context;
import dev.pedigree.model.Event;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.query.FilterExpression;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads of the graph inside one transaction. Lookups by several ids skip ids that do not exist. */
public interface ReadTransaction {

  // Types

  Optional<NodeType> findType(TypeKind kind, long id);

  Optional<NodeType> findTypeByName(TypeKind kind, String name, @Nullable String version);

  List<NodeType> findTypes(TypeKind kind, Collection<Long> ids);

  List<NodeType> findTypesByExternalIds(TypeKind kind, Collection<String> externalIds);

  List<NodeType> listTypes(TypeKind kind);

  // Nodes

  /** The nodes with these ids, in id order. */
  List<Node> findNodes(TypeKind kind, Collection<Long> ids);

  Optional<Node> findNodeByName(TypeKind kind, long typeId, String name);

  List<Node> findNodesByExternalIds(TypeKind kind, Collection<String> externalIds);

  /**
   * Nodes matching the query, at most {@code query.limit() + 1} of them so the caller can tell
   * whether another page exists.
   */
  List<Node> listNodes(NodeQuery query);

  /**
   * Those of {@code ids} that name stored nodes of this kind, in id order: an existence check that
   * reads no properties.
   */
  List<Long> existingNodeIds(TypeKind kind, Collection<Long> ids);

  /** Those of {@code ids} whose nodes match {@code filter}, in id order. */
  List<Long> filterNodeIds(TypeKind kind, FilterExpression filter, Collection<Long> ids);

  /** How many nodes of this kind are stored. */
  long countNodes(TypeKind kind);

  // Edges

  List<Event> findEventsByArtifacts(Collection<Long> artifactIds);

  List<Event> findEventsByExecutions(Collection<Long> executionIds);

  /** The attributions of these artifacts, ordered by artifact then context. */
  List<Attribution> findAttributions(Collection<Long> artifactIds);

  /** The associations of these executions, ordered by execution then context. */
  List<Association> findAssociations(Collection<Long> executionIds);

  /** Contexts that the artifact ({@code ARTIFACT}) or execution ({@code EXECUTION}) belongs to. */
  List<Context> findContextsOf(TypeKind kind, long nodeId);

  List<Context> findParentContexts(long childId);

  List<Context> findChildContexts(long parentId);

  /** Ids of the parents of the given context (one level), for cycle checks. */
  List<Long> parentContextIds(long childId);
}
