package dev.pedigree.store.jdbc;

import dev.pedigree.model.EventType;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.WriteTransaction;
import dev.pedigree.store.openlineage.OpenLineageStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** OpenLineage identities and ingested-event digests in the tables of migration V4. */
public final class JdbcOpenLineageStore implements OpenLineageStore {
  private static final String VERSION_COLUMNS = "dataset_id, version_number, artifact_id, run_id, event_time_ms";

  @Override
  public boolean hasEvent(ReadTransaction tx, String digest) {
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    return jdbc.sql("read ingested event", () -> {
      try (PreparedStatement statement = jdbc.prepare(
          "SELECT 1 FROM openlineage_event WHERE digest = ?")) {
        statement.setString(1, digest);
        try (ResultSet row = statement.executeQuery()) {
          return row.next();
        }
      }
    });
  }

  @Override
  public boolean recordEvent(WriteTransaction tx, IngestedEvent event) {
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    return jdbc.sql("record ingested event", () -> {
      // One statement: a digest recorded before is skipped, not an error (both dialects).
      try (PreparedStatement statement = jdbc.prepare("INSERT INTO openlineage_event"
          + " (digest, run_id, event_type, event_time_ms, ingest_time_ms) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT DO NOTHING")) {
        statement.setString(1, event.digest());
        NodeTable.setNullableString(statement, 2, event.runId());
        NodeTable.setNullableString(statement, 3, event.eventType());
        statement.setLong(4, event.eventTimeMs());
        statement.setLong(5, event.ingestTimeMs());
        return statement.executeUpdate() == 1;
      }
    });
  }

  @Override
  public Map<String, Value> findCustomProperties(ReadTransaction tx, TypeKind kind, long nodeId) {
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    NodeTable table = NodeTable.of(kind);
    return jdbc.sql("read custom properties", () -> {
      Map<String, Value> custom = new HashMap<>();
      try (PreparedStatement statement = jdbc.prepare("SELECT name, " + PropertyRows.VALUE_COLUMNS + " FROM "
          + table.propertyTable + " WHERE node_id = ? AND is_custom = 1")) {
        statement.setLong(1, nodeId);
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            custom.put(row.getString(1), PropertyRows.read(row, 2));
          }
        }
      }
      return custom;
    });
  }

  @Override
  public void insertJob(WriteTransaction tx, String namespace, String name, long contextId) {
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    jdbc.sql("record OpenLineage job", () -> {
      try (PreparedStatement statement = jdbc.prepare(
          "INSERT INTO openlineage_job (namespace, name, context_id) VALUES (?, ?, ?)")) {
        statement.setString(1, namespace);
        statement.setString(2, name);
        statement.setLong(3, contextId);
        return statement.executeUpdate();
      }
    });
  }

  @Override
  public Optional<Dataset> findDataset(ReadTransaction tx, String namespace, String name) {
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    return jdbc.sql("read OpenLineage dataset", () -> {
      try (PreparedStatement statement = jdbc.prepare(
          "SELECT id, display_name, version_count FROM openlineage_dataset WHERE namespace = ? AND name = ?")) {
        statement.setString(1, namespace);
        statement.setString(2, name);
        try (ResultSet row = statement.executeQuery()) {
          return row.next() ? Optional.of(new Dataset(row.getLong(1), namespace, name, row.getString(2), row.getLong(3)))
              : Optional.<Dataset>empty();
        }
      }
    });
  }

  @Override
  public Map<DatasetName, Dataset> findDatasets(ReadTransaction tx, Collection<DatasetName> names) {
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    Map<DatasetName, Dataset> found = new HashMap<>();
    for (List<DatasetName> chunk : Sql.chunks(new java.util.LinkedHashSet<>(names))) {
      jdbc.sql("read OpenLineage datasets", () -> {
        // Each OR term is answered from the (namespace, name) index.
        try (PreparedStatement statement = jdbc.prepare("SELECT id, namespace, name, display_name, version_count"
            + " FROM openlineage_dataset WHERE " + String.join(" OR ",
                java.util.Collections.nCopies(chunk.size(), "(namespace = ? AND name = ?)")))) {
          int index = 1;
          for (DatasetName name : chunk) {
            statement.setString(index++, name.namespace());
            statement.setString(index++, name.name());
          }
          try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
              Dataset dataset = new Dataset(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                  row.getLong(5));
              found.put(new DatasetName(dataset.namespace(), dataset.name()), dataset);
            }
          }
        }
        return null;
      });
    }
    return found;
  }

  @Override
  public Dataset insertDataset(WriteTransaction tx, String namespace, String name, String displayName) {
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    return jdbc.sql("record OpenLineage dataset", () -> {
      // A display name already taken skips the row (no error, the transaction stays usable): try the next.
      try (PreparedStatement statement = jdbc.prepare("INSERT INTO openlineage_dataset"
          + " (namespace, name, display_name, version_count) VALUES (?, ?, ?, 0)"
          + " ON CONFLICT (display_name) DO NOTHING RETURNING id")) {
        String display = displayName;
        for (int attempt = 2; ; attempt++) {
          statement.setString(1, namespace);
          statement.setString(2, name);
          statement.setString(3, display);
          try (ResultSet row = statement.executeQuery()) {
            if (row.next()) {
              return new Dataset(row.getLong(1), namespace, name, display, 0);
            }
          }
          display = displayName + " (" + attempt + ")";
        }
      }
    });
  }

  @Override
  public long lockVersionCount(WriteTransaction tx, long datasetId) {
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    return jdbc.sql("lock OpenLineage dataset", () -> {
      try (PreparedStatement statement = jdbc.prepare("SELECT n.version_count FROM openlineage_dataset n"
          + " WHERE n.id = ?" + jdbc.dialect.lockRowsSuffix())) {
        statement.setLong(1, datasetId);
        try (ResultSet row = statement.executeQuery()) {
          if (!row.next()) {
            throw PedigreeException.notFound("OpenLineage dataset " + datasetId + " not found");
          }
          return row.getLong(1);
        }
      }
    });
  }

  @Override
  public void insertVersion(WriteTransaction tx, Version version) {
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    jdbc.sql("record OpenLineage dataset version", () -> {
      try (PreparedStatement statement = jdbc.prepare(
          "INSERT INTO openlineage_dataset_version (" + VERSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
        statement.setLong(1, version.datasetId());
        statement.setLong(2, version.number());
        statement.setLong(3, version.artifactId());
        NodeTable.setNullableString(statement, 4, version.runId());
        statement.setLong(5, version.eventTimeMs());
        statement.executeUpdate();
      }
      try (PreparedStatement statement = jdbc.prepare(
          "UPDATE openlineage_dataset SET version_count = ? WHERE id = ? AND version_count = ?")) {
        statement.setLong(1, version.number());
        statement.setLong(2, version.datasetId());
        statement.setLong(3, version.number() - 1);
        if (statement.executeUpdate() != 1) {
          // Another transaction added a version first (PostgreSQL runs writes concurrently).
          throw PedigreeException.aborted("record OpenLineage dataset version: dataset " + version.datasetId()
              + " no longer has " + (version.number() - 1) + " versions (a concurrent write added one), retry", null);
        }
      }
      return null;
    });
  }

  @Override
  public Optional<Version> findVersionOfRun(ReadTransaction tx, long datasetId, String runId) {
    return first(versions(tx, "SELECT " + VERSION_COLUMNS
        + " FROM openlineage_dataset_version WHERE dataset_id = ? AND run_id = ?", datasetId, runId));
  }

  @Override
  public Optional<Version> findVersionAt(ReadTransaction tx, long datasetId, long timeMs) {
    Optional<Version> atOrBefore = first(versions(tx, "SELECT " + VERSION_COLUMNS
        + " FROM openlineage_dataset_version WHERE dataset_id = ? AND event_time_ms <= ?"
        + " ORDER BY event_time_ms DESC, version_number DESC LIMIT 1", datasetId, timeMs));
    if (atOrBefore.isPresent()) {
      return atOrBefore;
    }
    return first(versions(tx, "SELECT " + VERSION_COLUMNS
        + " FROM openlineage_dataset_version WHERE dataset_id = ? ORDER BY version_number LIMIT 1", datasetId));
  }

  @Override
  public Optional<Version> findVersion(ReadTransaction tx, long datasetId, long number) {
    return first(versions(tx, "SELECT " + VERSION_COLUMNS
        + " FROM openlineage_dataset_version WHERE dataset_id = ? AND version_number = ?", datasetId, number));
  }

  @Override
  public List<LinkedVersion> findLinkedVersions(ReadTransaction tx, long executionId) {
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    return jdbc.sql("read linked OpenLineage dataset versions", () -> {
      List<LinkedVersion> linked = new ArrayList<>();
      try (PreparedStatement statement = jdbc.prepare("SELECT v.dataset_id, v.version_number, v.artifact_id,"
          + " v.run_id, v.event_time_ms, e.type FROM event e JOIN openlineage_dataset_version v"
          + " ON v.artifact_id = e.artifact_id WHERE e.execution_id = ? ORDER BY e.id")) {
        statement.setLong(1, executionId);
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            Version version = new Version(row.getLong(1), row.getLong(2), row.getLong(3), row.getString(4),
                row.getLong(5));
            linked.add(new LinkedVersion(version, EventType.ofNumber(row.getInt(6)).isInput()));
          }
        }
      }
      return linked;
    });
  }

  @Override
  public List<Version> listVersions(ReadTransaction tx, long datasetId, int limit) {
    return versions(tx, "SELECT " + VERSION_COLUMNS
        + " FROM openlineage_dataset_version WHERE dataset_id = ? ORDER BY version_number DESC LIMIT ?",
        datasetId, limit);
  }

  private static List<Version> versions(ReadTransaction tx, String select, Object... parameters) {
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    return jdbc.sql("read OpenLineage dataset versions", () -> {
      List<Version> versions = new ArrayList<>();
      try (PreparedStatement statement = jdbc.prepare(select)) {
        Sql.bindAll(statement, 1, List.of(parameters));
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            versions.add(new Version(row.getLong(1), row.getLong(2), row.getLong(3), row.getString(4), row.getLong(5)));
          }
        }
      }
      return versions;
    });
  }

  private static <T> Optional<T> first(List<T> values) {
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  // The job-level graph

  private static final String JOB_COLUMNS = "j.id, j.namespace, j.name, j.context_id";
  private static final String DATASET_COLUMNS = "d.id, d.namespace, d.name, d.display_name, d.version_count";

  @Override
  public Optional<Job> findJob(ReadTransaction tx, String namespace, String name) {
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    return jdbc.sql("read OpenLineage job", () -> {
      try (PreparedStatement statement = jdbc.prepare(
          "SELECT " + JOB_COLUMNS + " FROM openlineage_job j WHERE j.namespace = ? AND j.name = ?")) {
        statement.setString(1, namespace);
        statement.setString(2, name);
        try (ResultSet row = statement.executeQuery()) {
          return row.next() ? Optional.of(job(row, 1)) : Optional.<Job>empty();
        }
      }
    });
  }

  @Override
  public List<JobLink> linksOfDatasets(ReadTransaction tx, Collection<Long> datasetIds) {
    // dataset -> versions (primary key) -> events (event_lineage_artifact) -> runs' jobs
    // (association_execution) -> job (openlineage_job_context).
    return links(tx, datasetIds, "FROM openlineage_dataset d"
        + " JOIN openlineage_dataset_version v ON v.dataset_id = d.id"
        + " JOIN event e ON e.artifact_id = v.artifact_id"
        + " JOIN association a ON a.execution_id = e.execution_id"
        + " JOIN openlineage_job j ON j.context_id = a.context_id"
        + " WHERE d.id IN (");
  }

  @Override
  public List<JobLink> linksOfJobs(ReadTransaction tx, Collection<Long> jobIds) {
    // job -> runs (association primary key) -> events (event_lineage_execution) -> dataset versions
    // (openlineage_dataset_version_artifact) -> dataset.
    return links(tx, jobIds, "FROM openlineage_job j"
        + " JOIN association a ON a.context_id = j.context_id"
        + " JOIN event e ON e.execution_id = a.execution_id"
        + " JOIN openlineage_dataset_version v ON v.artifact_id = e.artifact_id"
        + " JOIN openlineage_dataset d ON d.id = v.dataset_id"
        + " WHERE j.id IN (");
  }

  private static List<JobLink> links(ReadTransaction tx, Collection<Long> ids, String fromWhereIn) {
    java.util.Set<JobLink> links = new java.util.LinkedHashSet<>();
    eachRow(tx, "read OpenLineage job links", ids, "SELECT DISTINCT " + JOB_COLUMNS + ", " + DATASET_COLUMNS
        + ", e.type " + fromWhereIn, ")", row -> links.add(new JobLink(job(row, 1), new Dataset(row.getLong(5),
            row.getString(6), row.getString(7), row.getString(8), row.getLong(9)),
            EventType.ofNumber(row.getInt(10)).isInput())));
    return List.copyOf(links);
  }

  private static Job job(ResultSet row, int first) throws java.sql.SQLException {
    return new Job(row.getLong(first), row.getString(first + 1), row.getString(first + 2), row.getLong(first + 3));
  }

  @Override
  public Map<Long, Version> latestVersions(ReadTransaction tx, Collection<Long> datasetIds) {
    Map<Long, Version> latest = new HashMap<>();
    eachRow(tx, "read newest OpenLineage dataset versions", datasetIds, "SELECT v.dataset_id, v.version_number,"
        + " v.artifact_id, v.run_id, v.event_time_ms FROM openlineage_dataset d JOIN openlineage_dataset_version v"
        + " ON v.dataset_id = d.id AND v.version_number = d.version_count WHERE d.id IN (", ")",
        row -> latest.put(row.getLong(1), new Version(row.getLong(1), row.getLong(2), row.getLong(3),
            row.getString(4), row.getLong(5))));
    return latest;
  }

  @Override
  public Map<Long, Long> latestRuns(ReadTransaction tx, Collection<Long> contextIds) {
    Map<Long, Long> latest = new HashMap<>();
    // Runs are executions named by their run id; a job's declared lineage hangs off an execution named
    // "declared:CONTEXT_ID", which is no run.
    eachRow(tx, "read newest OpenLineage runs", contextIds, "SELECT a.context_id, MAX(a.execution_id)"
        + " FROM association a JOIN execution x ON x.id = a.execution_id WHERE a.context_id IN (",
        ") AND x.name NOT LIKE 'declared:%' GROUP BY a.context_id", row -> latest.put(row.getLong(1), row.getLong(2)));
    return latest;
  }

  private interface RowReader {
    void read(ResultSet row) throws java.sql.SQLException;
  }

  /** Runs {@code before + (?, ?, ...) + after} once per chunk of {@code ids}, handing every row to {@code rows}. */
  private static void eachRow(ReadTransaction tx, String what, Collection<Long> ids, String before, String after,
      RowReader rows) {
    JdbcReadTransaction jdbc = (JdbcReadTransaction) tx;
    for (List<Long> chunk : Sql.chunks(new java.util.LinkedHashSet<>(ids))) {
      jdbc.sql(what, () -> {
        try (PreparedStatement statement = jdbc.prepare(before + Sql.placeholders(chunk.size()) + after)) {
          Sql.bindAll(statement, 1, chunk);
          try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
              rows.read(row);
            }
          }
        }
        return null;
      });
    }
  }
}
