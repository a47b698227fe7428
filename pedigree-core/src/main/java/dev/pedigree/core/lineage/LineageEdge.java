package dev.pedigree.core.lineage;

import dev.pedigree.model.EventType;
import dev.pedigree.model.NodeRef;
import dev.pedigree.model.TypeKind;

/** An event on a lineage path; data flows from {@link #from()} to {@link #to()}. */
public record LineageEdge(long artifactId, long executionId, EventType type, long timeMs) {

  public NodeRef artifact() {
    return new NodeRef(TypeKind.ARTIFACT, artifactId);
  }

  public NodeRef execution() {
    return new NodeRef(TypeKind.EXECUTION, executionId);
  }

  /** The artifact for an input event, the execution for an output event. */
  public NodeRef from() {
    return type.isInput() ? artifact() : execution();
  }

  public NodeRef to() {
    return type.isInput() ? execution() : artifact();
  }
}
