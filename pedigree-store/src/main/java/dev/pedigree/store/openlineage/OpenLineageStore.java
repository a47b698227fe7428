package dev.pedigree.store.openlineage;

import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
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

  /** The custom properties of a node (empty for a node without any, or no such node). */
  Map<String, Value> findCustomProperties(ReadTransaction tx, TypeKind kind, long nodeId);

  void insertJob(WriteTransaction tx, String namespace, String name, long contextId);

  Optional<Dataset> findDataset(ReadTransaction tx, String namespace, String name);

  /** A dataset's identity: (namespace, name). */
  record DatasetName(String namespace, String name) {}

  /** The known datasets among {@code names}, in one lookup; unknown names are absent. */
  Map<DatasetName, Dataset> findDatasets(ReadTransaction tx, Collection<DatasetName> names);

  /** Inserts a dataset with the given display name, or with a unique variant of it if that is taken. */
  Dataset insertDataset(WriteTransaction tx, String namespace, String name, String displayName);

  /**
   * The dataset's version count, its row locked until the transaction ends where the database runs
   * writes concurrently (PostgreSQL), so that transactions adding versions of one dataset number
   * them one after another instead of racing for the same number.
   */
  long lockVersionCount(WriteTransaction tx, long datasetId);

  /** Adds a version (its number must be the dataset's version count + 1) and bumps the count. */
  void insertVersion(WriteTransaction tx, Version version);

  Optional<Version> findVersionOfRun(ReadTransaction tx, long datasetId, String runId);

  /**
   * The newest version that existed at {@code timeMs} (appeared at or before it), else the oldest
   * version; empty when the dataset has none.
   */
  Optional<Version> findVersionAt(ReadTransaction tx, long datasetId, long timeMs);

  Optional<Version> findVersion(ReadTransaction tx, long datasetId, long number);

  /** A dataset version an execution is linked to by an event, and whether as an input. */
  record LinkedVersion(Version version, boolean input) {}

  /** The dataset versions the execution's events link it to, in event order. */
  List<LinkedVersion> findLinkedVersions(ReadTransaction tx, long executionId);

  /** The newest versions first, at most {@code limit}. */
  List<Version> listVersions(ReadTransaction tx, long datasetId, int limit);

  // The job-level graph: jobs and datasets, as Marquez draws lineage

  /** A job known by (namespace, name), and the context that stands for it in the graph. */
  record Job(long id, String namespace, String name, long contextId) {}

  Optional<Job> findJob(ReadTransaction tx, String namespace, String name);

  /**
   * A job reads ({@code input}) or writes a dataset: a run of the job, or the job's declared
   * lineage, has an event on a version of the dataset.
   */
  record JobLink(Job job, Dataset dataset, boolean input) {}

  /** The distinct links of the given datasets to jobs. */
  List<JobLink> linksOfDatasets(ReadTransaction tx, Collection<Long> datasetIds);

  /** The distinct links of the given jobs to datasets. */
  List<JobLink> linksOfJobs(ReadTransaction tx, Collection<Long> jobIds);

  /** Each dataset's newest version, by dataset id; datasets without versions are absent. */
  Map<Long, Version> latestVersions(ReadTransaction tx, Collection<Long> datasetIds);

  /** Each job context's newest run (its execution id), by context id; contexts without runs are absent. */
  Map<Long, Long> latestRuns(ReadTransaction tx, Collection<Long> contextIds);
}
