package dev.pedigree.model;

/** The three kinds of node, each with its own types. */
public enum TypeKind {
  ARTIFACT,
  EXECUTION,
  CONTEXT;

  /** Lower-case name used in messages and addresses ({@code artifact:42}). */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
