package dev.pedigree.model;

/** How an execution used an artifact. Numbers match MLMD's {@code Event.Type}. */
public enum EventType {
  UNKNOWN(0),
  DECLARED_OUTPUT(1),
  DECLARED_INPUT(2),
  INPUT(3),
  OUTPUT(4),
  INTERNAL_INPUT(5),
  INTERNAL_OUTPUT(6),
  PENDING_OUTPUT(7);

  private final int number;

  EventType(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  /** True for events through which data flows into the execution (lineage: artifact → execution). */
  public boolean isInput() {
    return this == INPUT || this == DECLARED_INPUT || this == INTERNAL_INPUT;
  }

  /** True for events through which the execution produces the artifact (execution → artifact). */
  public boolean isOutput() {
    return this == OUTPUT || this == DECLARED_OUTPUT || this == INTERNAL_OUTPUT || this == PENDING_OUTPUT;
  }

  public static EventType ofNumber(int number) {
    for (EventType type : values()) {
      if (type.number == number) {
        return type;
      }
    }
    throw PedigreeException.invalidArgument("unknown event type number: " + number);
  }
}
