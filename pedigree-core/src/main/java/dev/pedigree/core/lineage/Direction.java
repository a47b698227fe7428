package dev.pedigree.core.lineage;

/** Which way a traversal follows the data. */
public enum Direction {
  /** Towards sources: an artifact's producing executions, their inputs, and so on. */
  UPSTREAM,
  /** Towards consumers: executions that read an artifact, their outputs, and so on. */
  DOWNSTREAM,
  /** Upstream and downstream from the same start, as two directed walks (never sideways). */
  BOTH
}
