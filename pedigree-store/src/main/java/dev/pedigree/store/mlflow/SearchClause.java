package dev.pedigree.store.mlflow;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One {@code identifier comparator value} clause of an MLflow search filter (clauses are joined by
 * AND). {@code value} is a {@link String}, a {@link Double}, a {@code List<String>} (IN lists) or
 * null (IS [NOT] NULL).
 */
public record SearchClause(Entity entity, String key, Comparator comparator, @org.jspecify.annotations.Nullable Object value) {

  public SearchClause {
    requireNonNull(entity, "entity");
    requireNonNull(key, "key");
    requireNonNull(comparator, "comparator");
    if (value instanceof List<?> list) {
      value = List.copyOf(list);
    }
  }

  /** What the identifier names. */
  public enum Entity { ATTRIBUTE, METRIC, PARAM, TAG, DATASET }

  public enum Comparator {
    EQ("="), NE("!="), GT(">"), GE(">="), LT("<"), LE("<="), LIKE("LIKE"), ILIKE("ILIKE"),
    IN("IN"), NOT_IN("NOT IN"), IS_NULL("IS NULL"), IS_NOT_NULL("IS NOT NULL");

    private final String text;

    Comparator(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }

    public boolean isNumeric() {
      return this == GT || this == GE || this == LT || this == LE;
    }
  }

  public String stringValue() {
    if (!(value instanceof String s)) {
      throw new IllegalStateException("not a string clause");
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  public List<String> listValue() {
    return (List<String>) requireNonNull(value, "value");
  }
}
