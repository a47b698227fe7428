package dev.pedigree.model;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/** Addresses one node of the graph, written {@code artifact:42}, {@code execution:7}, {@code context:3}. */
public record NodeRef(TypeKind kind, long id) {

  public NodeRef {
    requireNonNull(kind, "kind");
    if (id <= 0) {
      throw PedigreeException.invalidArgument("node id must be positive: " + id);
    }
  }

  public static NodeRef parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw PedigreeException.invalidArgument(
          "node address must look like artifact:42, execution:7 or context:3, got: " + text);
    }
    String kindText = text.substring(0, colon).toUpperCase(Locale.ROOT);
    TypeKind kind;
    try {
      kind = TypeKind.valueOf(kindText);
    } catch (IllegalArgumentException e) {
      throw PedigreeException.invalidArgument("unknown node kind in " + text + " (expected: artifact, execution, context)");
    }
    try {
      return new NodeRef(kind, Long.parseLong(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw PedigreeException.invalidArgument("node id must be a number in " + text);
    }
  }

  @Override
  public String toString() {
    return kind.label() + ":" + id;
  }
}
