package dev.pedigree.core.artifacts;

import dev.pedigree.model.artifact.Sha256;
import dev.pedigree.store.artifacts.UploadRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which blobs the uploads started by this server lacked when they started, so that their commits
 * check only those. A blob found stored at the start is held by the upload from then on: garbage
 * collection keeps it while the upload is open and unexpired, which the commit checks under the
 * same lock. Memory is bounded: an upload that lacked many blobs, or one started while the budget
 * is used up, is not remembered, and its commit checks every blob (as does a commit after a restart).
 */
final class LackingBlobs {
  /** Digests remembered across all uploads (about 150 bytes each). */
  static final int BUDGET = 100_000;

  private record Entry(Set<Sha256> lacking, long expireTimeMs) {}

  private final Map<String, Entry> uploads = new HashMap<>();
  private int remembered;

  synchronized void remember(UploadRecord upload, Collection<Sha256> lacking, long nowMs) {
    if (remembered + lacking.size() > BUDGET) {
      uploads.entrySet().removeIf(e -> {
        boolean expired = e.getValue().expireTimeMs() <= nowMs;
        if (expired) {
          remembered -= e.getValue().lacking().size();
        }
        return expired;
      });
      if (remembered + lacking.size() > BUDGET) {
        return;
      }
    }
    Entry previous = uploads.put(upload.id(), new Entry(Set.copyOf(lacking), upload.expireTimeMs()));
    remembered += lacking.size() - (previous == null ? 0 : previous.lacking().size());
  }

  /** The blobs the upload lacked at its start, if this server remembers them. */
  synchronized Optional<Set<Sha256>> find(String uploadId) {
    Entry entry = uploads.get(uploadId);
    return entry == null ? Optional.empty() : Optional.of(entry.lacking());
  }

  synchronized void forget(String uploadId) {
    Entry entry = uploads.remove(uploadId);
    if (entry != null) {
      remembered -= entry.lacking().size();
    }
  }
}
