package dev.pedigree.core.artifacts;

import dev.pedigree.store.blob.BlobInfo;
import java.util.List;

/**
 * What a garbage collection found and (unless a dry run) freed.
 *
 * @param deletedVersions versions the retention rules no longer keep, deleted (unless a dry run)
 *     before the blobs were swept
 * @param scanned blobs listed
 * @param referenced blobs still needed by a version or an open upload
 * @param young unreferenced blobs kept because they are younger than the grace period
 * @param freedBlobs unreferenced blobs deleted (or, in a dry run, that would be)
 * @param freedBytes their total size
 * @param freed the first of them (at most {@link GcOptions#MAX_LISTED})
 * @param expiredUploads upload sessions found expired (closed unless a dry run)
 * @param purgedTemporaries leftovers of crashed uploads removed (0 in a dry run)
 */
public record GcReport(boolean dryRun, long graceMs, List<String> deletedVersions, long scanned, long referenced,
    long young, long freedBlobs, long freedBytes, List<BlobInfo> freed, long expiredUploads, long purgedTemporaries) {
  public GcReport {
    deletedVersions = List.copyOf(deletedVersions);
    freed = List.copyOf(freed);
  }
}
