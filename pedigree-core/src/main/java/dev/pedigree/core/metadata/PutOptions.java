package dev.pedigree.core.metadata;

import java.util.Set;

/**
 * How a put of nodes treats stored nodes.
 *
 * @param updateMask field paths to change on update (empty: replace the whole node). Paths are
 *     {@code name}, {@code uri}, {@code external_id}, {@code state}, {@code last_known_state},
 *     {@code properties}, {@code custom_properties}, {@code properties.KEY}, {@code custom_properties.KEY}
 * @param abortIfUpdateTimeChanged fail with FAILED_PRECONDITION unless the request's update time
 *     equals the stored one (optimistic concurrency)
 */
public record PutOptions(Set<String> updateMask, boolean abortIfUpdateTimeChanged) {
  public static final PutOptions DEFAULT = new PutOptions(Set.of(), false);

  public PutOptions {
    updateMask = Set.copyOf(updateMask);
  }
}
