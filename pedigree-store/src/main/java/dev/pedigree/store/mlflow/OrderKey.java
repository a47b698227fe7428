package dev.pedigree.store.mlflow;

import static java.util.Objects.requireNonNull;

/** One ORDER BY term of an MLflow search: what to sort by and in which direction. */
public record OrderKey(SearchClause.Entity entity, String key, boolean ascending) {
  public OrderKey {
    requireNonNull(entity, "entity");
    requireNonNull(key, "key");
  }
}
