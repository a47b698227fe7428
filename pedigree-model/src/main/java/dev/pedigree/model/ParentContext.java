package dev.pedigree.model;

/** A directed link from a child context to its parent; the links form no cycle. */
public record ParentContext(long childId, long parentId) {
  public ParentContext {
    if (childId == parentId) {
      throw PedigreeException.invalidArgument("a context cannot be its own parent: " + childId);
    }
  }
}
