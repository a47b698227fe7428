package dev.pedigree.core.artifacts;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.artifact.ManifestEntry;
import dev.pedigree.store.artifacts.VersionRecord;
import java.util.List;

/** Files added, removed and changed from one version to another, each list in path order. */
public record ManifestDiff(VersionRecord from, VersionRecord to, List<ManifestEntry> added,
    List<ManifestEntry> removed, List<Change> changed) {

  /** A path present in both versions with different content. */
  public record Change(ManifestEntry before, ManifestEntry after) {
    public Change {
      requireNonNull(before, "before");
      requireNonNull(after, "after");
    }
  }

  public ManifestDiff {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
  }

  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }
}
