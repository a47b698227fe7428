package dev.pedigree.core.metadata;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.OrderBy;
import org.jspecify.annotations.Nullable;

/**
 * Paging and ordering of a listing. With a page token, the order and filter encoded in the token
 * win over the ones given (so a client cannot change them half-way through a listing); the page
 * size is each call's own.
 *
 * @param limit page size; 0 means everything in one answer
 * @param filterQuery an MLMD {@code filter_query} the listed nodes must match (null: none); like
 *     the other options, the one of the first page wins when a page token is given
 */
public record ListOptions(int limit, OrderBy orderBy, boolean ascending, @Nullable String pageToken,
    @Nullable String filterQuery) {
  /** The largest page a client may ask for. */
  public static final int MAX_LIMIT = 100;

  public ListOptions {
    requireNonNull(orderBy, "orderBy");
    if (limit < 0) {
      throw PedigreeException.invalidArgument("page size must be positive, got " + limit);
    }
    if (pageToken != null && pageToken.isEmpty()) {
      pageToken = null;
    }
    if (filterQuery != null && filterQuery.isBlank()) {
      filterQuery = null;
    }
  }

  /** Options without a filter. */
  public ListOptions(int limit, OrderBy orderBy, boolean ascending, @Nullable String pageToken) {
    this(limit, orderBy, ascending, pageToken, null);
  }

  public ListOptions withFilter(@Nullable String newFilterQuery) {
    return new ListOptions(limit, orderBy, ascending, pageToken, newFilterQuery);
  }

  /** Everything, in id order, unpaged. */
  public static ListOptions all() {
    return new ListOptions(0, OrderBy.ID, true, null);
  }

  /** A first page of {@code limit} (capped at {@link #MAX_LIMIT}) in id order. */
  public static ListOptions firstPage(int limit) {
    return new ListOptions(Math.min(limit, MAX_LIMIT), OrderBy.ID, true, null);
  }
}
