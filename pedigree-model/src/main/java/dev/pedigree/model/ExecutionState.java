package dev.pedigree.model;

/** Last known state of an execution. Numbers match MLMD's {@code Execution.State}. */
public enum ExecutionState {
  UNKNOWN(0),
  NEW(1),
  RUNNING(2),
  COMPLETE(3),
  FAILED(4),
  CACHED(5),
  CANCELED(6);

  private final int number;

  ExecutionState(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  public static ExecutionState ofNumber(int number) {
    for (ExecutionState state : values()) {
      if (state.number == number) {
        return state;
      }
    }
    throw PedigreeException.invalidArgument("unknown execution state number: " + number);
  }
}
