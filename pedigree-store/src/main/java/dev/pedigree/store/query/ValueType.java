package dev.pedigree.store.query;

/** What kind of value a filter operand holds, which decides the literals it may be compared with. */
public enum ValueType {
  INT,
  DOUBLE,
  STRING,
  BOOL,
  /** {@code Artifact.State}, written as bare enum literals ({@code state = LIVE}). */
  ARTIFACT_STATE,
  /** {@code Execution.State} ({@code last_known_state = COMPLETE}). */
  EXECUTION_STATE,
  /** {@code Event.Type} ({@code events_0.type = OUTPUT}). */
  EVENT_TYPE;

  public boolean isEnum() {
    return this == ARTIFACT_STATE || this == EXECUTION_STATE || this == EVENT_TYPE;
  }

  public boolean isNumeric() {
    return this == INT || this == DOUBLE;
  }
}
