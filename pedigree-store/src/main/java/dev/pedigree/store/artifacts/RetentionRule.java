package dev.pedigree.store.artifacts;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Which versions of a collection garbage collection keeps. A version is kept when an alias points at
 * it, when it is one of the newest {@code keepLast}, or when it is younger than {@code keepFor};
 * every other version is deleted. At least one of the two limits is set.
 *
 * @param keepLast the newest versions kept whatever their age (null: no count limit)
 * @param keepFor versions younger than this are kept (null: no age limit)
 */
public record RetentionRule(
    long collectionId,
    String collection,
    @Nullable Integer keepLast,
    @Nullable Duration keepFor,
    String updatedBy,
    long updateTimeMs) {

  public RetentionRule {
    requireNonNull(collection, "collection");
    requireNonNull(updatedBy, "updatedBy");
    if (keepLast == null && keepFor == null) {
      throw new IllegalArgumentException("a retention rule needs keepLast, keepFor or both");
    }
    if (keepLast != null && keepLast < 1) {
      throw new IllegalArgumentException("keepLast: " + keepLast + " (expected: >= 1)");
    }
    if (keepFor != null && (keepFor.isNegative() || keepFor.isZero())) {
      throw new IllegalArgumentException("keepFor: " + keepFor + " (expected: > 0)");
    }
  }
}
