package dev.pedigree.core.artifacts;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.artifact.ManifestEntry;
import dev.pedigree.model.artifact.ManifestPaths;
import dev.pedigree.model.artifact.ManifestReader;
import dev.pedigree.model.artifact.Sha256;
import dev.pedigree.store.artifacts.VersionRecord;
import dev.pedigree.store.blob.BlobInfo;
import dev.pedigree.store.blob.BlobStore;
import dev.pedigree.store.blob.BlobVerification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Whole-store work on versioned artifacts: diffs, verification and garbage collection. */
public final class ArtifactMaintenance {
  private static final int BATCH = 500;

  private final ArtifactService artifacts;
  private final ArtifactRetention retention;
  private final BlobStore blobs;

  public ArtifactMaintenance(ArtifactService artifacts, ArtifactRetention retention) {
    this.artifacts = requireNonNull(artifacts, "artifacts");
    this.retention = requireNonNull(retention, "retention");
    this.blobs = artifacts.blobs();
  }

  /** Files added, removed and changed from {@code from} to {@code to}, merging the two sorted manifests. */
  public ManifestDiff diff(VersionRef from, VersionRef to) {
    VersionRecord a = artifacts.resolve(from);
    VersionRecord b = artifacts.resolve(to);
    List<ManifestEntry> added = new ArrayList<>();
    List<ManifestEntry> removed = new ArrayList<>();
    List<ManifestDiff.Change> changed = new ArrayList<>();
    try (InputStream inA = blobs.openVerified(a.digest()); ManifestReader left = new ManifestReader(inA);
        InputStream inB = blobs.openVerified(b.digest()); ManifestReader right = new ManifestReader(inB)) {
      ManifestEntry x = next(left);
      ManifestEntry y = next(right);
      while (x != null || y != null) {
        int order = x == null ? 1 : y == null ? -1 : ManifestPaths.compare(x.path(), y.path());
        if (order < 0) {
          removed.add(x);
          x = next(left);
        } else if (order > 0) {
          added.add(y);
          y = next(right);
        } else {
          if (!x.equals(y)) {
            changed.add(new ManifestDiff.Change(x, y));
          }
          x = next(left);
          y = next(right);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw PedigreeException.unavailable("cannot read manifests to diff: " + e.getMessage(), e);
    }
    return new ManifestDiff(a, b, added, removed, changed);
  }

  /**
   * Re-hashes every blob the versions of {@code collection} (of every collection when null) need,
   * manifests included, each distinct blob once; reports corrupt and missing ones.
   */
  public VerifyReport verify(@Nullable String collection) {
    List<VersionRecord> versions = new ArrayList<>();
    if (collection == null) {
      artifacts.metadata().store().read(tx -> {
        artifacts.records().forEachVersion(tx, versions::add);
        return null;
      });
    } else {
      versions.addAll(artifacts.listVersions(collection));
    }
    Set<Sha256> checked = new HashSet<>();
    Map<Sha256, BlobVerification.Status> bad = new LinkedHashMap<>();
    Map<Sha256, List<String>> brokenVersions = new HashMap<>();
    long[] bytes = {0};
    for (VersionRecord version : versions) {
      List<Sha256> digests = new ArrayList<>();
      artifacts.metadata().store().read(tx -> {
        // Filled inside the read: a read may run again (PostgreSQL retries one that lost its connection).
        digests.clear();
        digests.add(version.digest());
        artifacts.records().forEachVersionBlob(tx, version.id(), digests::add);
        return null;
      });
      for (Sha256 digest : digests) {
        if (checked.add(digest)) {
          BlobVerification result = blobs.verify(digest);
          bytes[0] += Math.max(0, result.size());
          if (!result.intact()) {
            bad.put(digest, result.status());
          }
        }
        if (bad.containsKey(digest)) {
          brokenVersions.computeIfAbsent(digest, d -> new ArrayList<>()).add(version.label());
        }
      }
    }
    List<VerifyReport.Problem> problems = new ArrayList<>();
    bad.forEach((digest, status) -> problems.add(new VerifyReport.Problem(digest, status,
        brokenVersions.getOrDefault(digest, List.of()))));
    return new VerifyReport(versions.size(), checked.size(), bytes[0], problems);
  }

  /**
   * Retention, then mark and sweep: versions the collections' retention rules no longer keep are
   * deleted; then every stored blob older than the grace period that no live version names (as a
   * file or manifest) and no open upload holds is deleted. A dry run deletes nothing and counts the
   * blobs as if those versions were gone. Expired uploads are closed and, outside a dry run,
   * leftovers of crashed uploads older than the grace period purged.
   */
  public GcReport collectGarbage(GcOptions options) {
    List<VersionRecord> expiredVersions = options.dryRun() ? retention.expiredVersions() : retention.applyRetention();
    Set<Long> ignored = new HashSet<>();
    if (options.dryRun()) {
      expiredVersions.forEach(version -> ignored.add(version.id()));
    }
    long now = artifacts.clock().millis();
    long threshold = now - options.grace().toMillis();
    long expired = options.dryRun() ? 0 : artifacts.metadata().store().write(
        tx -> (long) artifacts.records().expireUploads(tx, now));
    long[] counts = new long[5]; // scanned, referenced, young, freed, freedBytes
    List<BlobInfo> freed = new ArrayList<>();
    List<BlobInfo> batch = new ArrayList<>(BATCH);
    try (Stream<BlobInfo> listing = blobs.list()) {
      Iterator<BlobInfo> it = listing.iterator();
      while (it.hasNext()) {
        BlobInfo blob = it.next();
        counts[0]++;
        if (blob.storedAtMs() > threshold) {
          counts[2]++;
          continue;
        }
        batch.add(blob);
        if (batch.size() == BATCH) {
          sweep(batch, options, threshold, ignored, counts, freed);
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      sweep(batch, options, threshold, ignored, counts, freed);
    }
    long purged = options.dryRun() ? 0 : blobs.purgeTemporaries(Instant.ofEpochMilli(threshold));
    return new GcReport(options.dryRun(), options.grace().toMillis(),
        expiredVersions.stream().map(VersionRecord::label).toList(), counts[0], counts[1], counts[2], counts[3],
        counts[4], freed, expired, purged);
  }

  private void sweep(List<BlobInfo> candidates, GcOptions options, long threshold, Set<Long> ignoredVersions,
      long[] counts, List<BlobInfo> freed) {
    artifacts.gcLock.writeLock().lock();
    try {
      List<Sha256> digests = candidates.stream().map(BlobInfo::digest).toList();
      // The check and the deletes run under the sweep lock of the database too, so an upload start on
      // another server neither registers a blob between them nor reports as stored one deleted here.
      Sweep sweep = artifacts.metadata().store().read(tx -> {
        artifacts.records().lockForSweep(tx);
        Set<Sha256> referenced = artifacts.records().referencedAmong(tx, digests, artifacts.clock().millis(),
            ignoredVersions);
        Sweep result = new Sweep(new long[3], new ArrayList<>());
        for (BlobInfo blob : candidates) {
          if (referenced.contains(blob.digest())) {
            result.counts()[0]++;
            continue;
          }
          if (!options.dryRun()) {
            // A blob re-put since it was listed is young again: an upload may be about to use it.
            BlobInfo current = blobs.stat(blob.digest()).orElse(null);
            if (current == null) {
              continue;
            }
            if (current.storedAtMs() > threshold) {
              result.counts()[1]++;
              continue;
            }
            blobs.delete(blob.digest());
          }
          result.freed().add(blob);
        }
        return result;
      });
      counts[1] += sweep.counts()[0];
      counts[2] += sweep.counts()[1];
      for (BlobInfo blob : sweep.freed()) {
        counts[3]++;
        counts[4] += blob.size();
        if (freed.size() < GcOptions.MAX_LISTED) {
          freed.add(blob);
        }
      }
    } finally {
      artifacts.gcLock.writeLock().unlock();
    }
  }

  /** What one batch of a sweep found: {referenced, young} and the blobs freed. */
  private record Sweep(long[] counts, List<BlobInfo> freed) {}


  private static @Nullable ManifestEntry next(ManifestReader reader) {
    return reader.hasNext() ? reader.next() : null;
  }
}
