package dev.pedigree.core.artifacts;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How to collect garbage.
 *
 * @param dryRun report what would be freed, delete nothing
 * @param grace unreferenced blobs stored more recently than this are kept, so uploads in flight
 *     (whose blobs no version names yet) are never lost
 */
public record GcOptions(boolean dryRun, Duration grace) {
  public static final Duration DEFAULT_GRACE = Duration.ofHours(1);
  static final int MAX_LISTED = 1000;

  public GcOptions {
    requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace: " + grace + " (expected: >= 0)");
    }
  }

  public static GcOptions preview() {
    return new GcOptions(true, DEFAULT_GRACE);
  }
}
