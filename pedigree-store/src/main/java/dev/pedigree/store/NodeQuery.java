package dev.pedigree.store;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.TypeKind;
import dev.pedigree.store.query.FilterExpression;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which nodes of one kind to list and in which order. All set criteria must hold (AND).
 *
 * @param typeId only nodes of this type
 * @param uris only artifacts with one of these URIs (empty: no URI criterion)
 * @param contextId only nodes attributed/associated to this context
 * @param limit at most this many nodes; 0 means no limit
 * @param filter only nodes matching this MLMD {@code filter_query} (null: no filter)
 */
public record NodeQuery(
    TypeKind kind,
    @Nullable Long typeId,
    List<String> uris,
    @Nullable Long contextId,
    OrderBy orderBy,
    boolean ascending,
    @Nullable Cursor after,
    int limit,
    @Nullable FilterExpression filter) {

  public NodeQuery {
    requireNonNull(kind, "kind");
    requireNonNull(orderBy, "orderBy");
    uris = List.copyOf(uris);
    if (limit < 0) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
    }
  }

  /** A query without a filter. */
  public NodeQuery(TypeKind kind, @Nullable Long typeId, List<String> uris, @Nullable Long contextId,
      OrderBy orderBy, boolean ascending, @Nullable Cursor after, int limit) {
    this(kind, typeId, uris, contextId, orderBy, ascending, after, limit, null);
  }

  /** Every node of a kind in id order. */
  public static NodeQuery all(TypeKind kind) {
    return new NodeQuery(kind, null, List.of(), null, OrderBy.ID, true, null, 0, null);
  }

  public NodeQuery withTypeId(@Nullable Long newTypeId) {
    return new NodeQuery(kind, newTypeId, uris, contextId, orderBy, ascending, after, limit, filter);
  }

  public NodeQuery withUris(List<String> newUris) {
    return new NodeQuery(kind, typeId, newUris, contextId, orderBy, ascending, after, limit, filter);
  }

  public NodeQuery withContextId(@Nullable Long newContextId) {
    return new NodeQuery(kind, typeId, uris, newContextId, orderBy, ascending, after, limit, filter);
  }

  public NodeQuery withOrder(OrderBy newOrderBy, boolean newAscending) {
    return new NodeQuery(kind, typeId, uris, contextId, newOrderBy, newAscending, after, limit, filter);
  }

  public NodeQuery withPage(@Nullable Cursor newAfter, int newLimit) {
    return new NodeQuery(kind, typeId, uris, contextId, orderBy, ascending, newAfter, newLimit, filter);
  }

  public NodeQuery withFilter(@Nullable FilterExpression newFilter) {
    return new NodeQuery(kind, typeId, uris, contextId, orderBy, ascending, after, limit, newFilter);
  }
}
