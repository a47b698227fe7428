package dev.pedigree.model;

/** Lifecycle of an artifact's content. Numbers match MLMD's {@code Artifact.State}. */
public enum ArtifactState {
  UNKNOWN(0),
  PENDING(1),
  LIVE(2),
  MARKED_FOR_DELETION(3),
  DELETED(4),
  ABANDONED(5),
  REFERENCE(6);

  private final int number;

  ArtifactState(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  public static ArtifactState ofNumber(int number) {
    for (ArtifactState state : values()) {
      if (state.number == number) {
        return state;
      }
    }
    throw PedigreeException.invalidArgument("unknown artifact state number: " + number);
  }
}
