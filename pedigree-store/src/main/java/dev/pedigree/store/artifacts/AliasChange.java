package dev.pedigree.store.artifacts;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One recorded move of an alias: created ({@code fromVersion} null), moved, or deleted
 * ({@code toVersion} null). Version ids are stored; numbers are filled in when read.
 */
public record AliasChange(
    long collectionId,
    String alias,
    @Nullable Long fromVersionId,
    @Nullable Long toVersionId,
    @Nullable Integer fromVersion,
    @Nullable Integer toVersion,
    boolean isProtected,
    String changedBy,
    long timeMs) {

  public AliasChange {
    requireNonNull(alias, "alias");
    requireNonNull(changedBy, "changedBy");
  }
}
