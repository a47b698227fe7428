package dev.pedigree.store.openlineage;

import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.WriteTransaction;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * OpenLineage's identities beside the graph: which context is a job, which artifacts are the
 * versions of a dataset, and which events were ingested already.
 */
public interface OpenLineageStore {

  /** A dataset known by (namespace, name), its unique display name and how many versions it has. */
  record Dataset(long id, String namespace, String name, String displayName, long versionCount) {}

  /** A dataset version: its artifact, the run that produced it (null if only observed), when. */
  record Version(long datasetId, long number, long artifactId, @Nullable String runId, long eventTimeMs) {}

  /** An ingested event, recognised again by its content digest. */
  record IngestedEvent(String digest, @Nullable String runId, @Nullable String eventType, long eventTimeMs,
      long ingestTimeMs) {}

  boolean hasEvent(ReadTransaction tx, String digest);

  /** Records the event; false when an event with the same digest was recorded before. */
  boolean recordEvent(WriteTransaction tx, IngestedEvent event);

  Optional<Long> findJobContext(ReadTransaction tx, String namespace, String name);

  void insertJob(WriteTransaction tx, String namespace, String name, long contextId);

  Optional<Dataset> findDataset(ReadTransaction tx, String namespace, String name);

  /** Inserts a dataset with the given display name, or with a unique variant of it if that is taken. */
  Dataset insertDataset(WriteTransaction tx, String namespace, String name, String displayName);

  /** Adds a version (its number must be the dataset's version count + 1) and bumps the count. */
  void insertVersion(WriteTransaction tx, Version version);

  Optional<Version> findVersionOfRun(ReadTransaction tx, long datasetId, String runId);

  /**
   * The newest version that existed at {@code timeMs} (appeared at or before it), else the oldest
   * version; empty when the dataset has none.
   */
  Optional<Version> findVersionAt(ReadTransaction tx, long datasetId, long timeMs);

  Optional<Version> findVersion(ReadTransaction tx, long datasetId, long number);

  /** For those of the artifacts that are dataset versions: artifact id to version. */
  Map<Long, Version> findVersionsOfArtifacts(ReadTransaction tx, Collection<Long> artifactIds);

  /** The newest versions first, at most {@code limit}. */
  List<Version> listVersions(ReadTransaction tx, long datasetId, int limit);
}
