package dev.pedigree.store.query;

import static java.util.Objects.requireNonNull;

/**
 * A related row reached from the filtered node, written {@code <prefix><alias>} ({@code contexts_a}).
 * Predicates naming the same neighbour are about the same related row; different aliases are
 * independent.
 */
public record Neighbour(Kind kind, String alias) {

  public Neighbour {
    requireNonNull(kind, "kind");
    requireNonNull(alias, "alias");
  }

  /** The neighbour as written, for messages. */
  public String text() {
    return kind.prefix() + alias;
  }

  /** Which relation leads to the neighbour. */
  public enum Kind {
    /** Contexts of an artifact (attribution) or of an execution (association). */
    CONTEXTS("contexts_"),
    /** Artifacts attributed to a context. */
    ARTIFACTS("artifacts_"),
    /** Executions associated with a context. */
    EXECUTIONS("executions_"),
    PARENT_CONTEXTS("parent_contexts_"),
    CHILD_CONTEXTS("child_contexts_"),
    /** Events of an artifact or an execution. */
    EVENTS("events_");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }
  }
}
