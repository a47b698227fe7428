package dev.pedigree.core.metadata;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.TypeKind;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Which nodes a listing covers: one kind, optionally narrowed to a type, URIs or a context. */
public record NodeListing(TypeKind kind, @Nullable Long typeId, List<String> uris, @Nullable Long contextId) {
  public NodeListing {
    requireNonNull(kind, "kind");
    uris = List.copyOf(uris);
  }

  public static NodeListing all(TypeKind kind) {
    return new NodeListing(kind, null, List.of(), null);
  }

  public static NodeListing ofType(TypeKind kind, long typeId) {
    return new NodeListing(kind, typeId, List.of(), null);
  }

  public static NodeListing inContext(TypeKind kind, long contextId) {
    return new NodeListing(kind, null, List.of(), contextId);
  }

  /** A stable text naming the scope, bound into page tokens. */
  String scope() {
    return kind + "/" + typeId + "/" + String.join("\u0001", uris) + "/" + contextId;
  }
}
