package dev.pedigree.store.jdbc;

import dev.pedigree.model.artifact.Sha256;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.WriteTransaction;
import dev.pedigree.store.artifacts.AliasChange;
import dev.pedigree.store.artifacts.AliasRecord;
import dev.pedigree.store.artifacts.ArtifactRecords;
import dev.pedigree.store.artifacts.CollectionRecord;
import dev.pedigree.store.artifacts.RetentionRule;
import dev.pedigree.store.artifacts.UploadRecord;
import dev.pedigree.store.artifacts.UploadState;
import dev.pedigree.store.artifacts.VersionDeletion;
import dev.pedigree.store.artifacts.VersionRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** {@link ArtifactRecords} over the JDBC transactions of this package's metadata stores. */
public final class JdbcArtifactRecords implements ArtifactRecords {
  private static final String VERSION_COLUMNS = "v.id, v.collection_id, c.name, v.number, v.digest, "
      + "v.total_size, v.file_count, v.entry_count, v.manifest_size, v.created_by, v.create_time, v.artifact_id";
  /** Live versions only: every query that names {@code v} adds to this WHERE clause with AND. */
  private static final String VERSION_FROM =
      " FROM artifact_version v JOIN artifact_collection c ON c.id = v.collection_id WHERE v.delete_time IS NULL";
  private static final String ALIAS_SELECT = "SELECT a.collection_id, c.name, a.name, a.version_id, v.number, "
      + "v.artifact_id, a.is_protected, a.updated_by, a.update_time FROM artifact_alias a "
      + "JOIN artifact_collection c ON c.id = a.collection_id JOIN artifact_version v ON v.id = a.version_id";
  private static final String RETENTION_SELECT = "SELECT r.collection_id, c.name, r.keep_last, r.keep_ms, r.updated_by,"
      + " r.update_time FROM artifact_retention r JOIN artifact_collection c ON c.id = r.collection_id";
  private static final int BATCH = 500;
  /** Names the lock between sweeps and upload starts ("pedigree" in ASCII). */
  private static final long SWEEP_LOCK_KEY = 0x7065646967726565L;

  // Collections

  @Override
  public Optional<CollectionRecord> findCollection(ReadTransaction tx, String name) {
    return first(query(tx, "find collection", "SELECT id, name, created_by, create_time FROM artifact_collection"
        + " WHERE name = ?", List.of(name), JdbcArtifactRecords::collection));
  }

  @Override
  public void insertCollectionIfAbsent(WriteTransaction tx, String name, String createdBy, long timeMs) {
    JdbcReadTransaction jdbc = jdbc(tx);
    jdbc.sql("insert collection " + name, () -> {
      // A concurrent creator wins quietly: this waits for it to commit, then inserts nothing.
      try (PreparedStatement insert = jdbc.connection.prepareStatement("INSERT INTO artifact_collection"
          + " (name, created_by, create_time) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
        insert.setString(1, name);
        insert.setString(2, createdBy);
        insert.setLong(3, timeMs);
        return insert.executeUpdate();
      }
    });
  }

  @Override
  public Optional<CollectionRecord> lockCollection(WriteTransaction tx, String name) {
    return first(query(tx, "lock collection", "SELECT n.id, n.name, n.created_by, n.create_time"
        + " FROM artifact_collection n WHERE n.name = ?" + jdbc(tx).dialect.lockRowsSuffix(), List.of(name),
        JdbcArtifactRecords::collection));
  }

  @Override
  public List<CollectionRecord> listCollections(ReadTransaction tx) {
    return query(tx, "list collections", "SELECT id, name, created_by, create_time FROM artifact_collection"
        + " ORDER BY name", List.of(), JdbcArtifactRecords::collection);
  }

  // Versions

  @Override
  public Optional<VersionRecord> findVersion(ReadTransaction tx, long collectionId, int number) {
    return first(query(tx, "find version", "SELECT " + VERSION_COLUMNS + VERSION_FROM
        + " AND v.collection_id = ? AND v.number = ?", List.of(collectionId, number), JdbcArtifactRecords::version));
  }

  @Override
  public Optional<VersionRecord> latestVersion(ReadTransaction tx, long collectionId) {
    return first(query(tx, "find latest version", "SELECT " + VERSION_COLUMNS + VERSION_FROM
        + " AND v.collection_id = ? ORDER BY v.number DESC LIMIT 1", List.of(collectionId),
        JdbcArtifactRecords::version));
  }

  @Override
  public int maxVersionNumber(ReadTransaction tx, long collectionId) {
    return query(tx, "find highest version number", "SELECT MAX(number) FROM artifact_version WHERE collection_id = ?",
        List.of(collectionId), rows -> rows.getInt(1)).get(0);
  }

  @Override
  public List<VersionRecord> listVersions(ReadTransaction tx, long collectionId) {
    return query(tx, "list versions", "SELECT " + VERSION_COLUMNS + VERSION_FROM
        + " AND v.collection_id = ? ORDER BY v.number", List.of(collectionId), JdbcArtifactRecords::version);
  }

  @Override
  public List<VersionRecord> versionsByArtifactIds(ReadTransaction tx, Collection<Long> artifactIds) {
    List<VersionRecord> versions = new ArrayList<>();
    for (List<Long> chunk : Sql.chunks(artifactIds)) {
      versions.addAll(query(tx, "find versions", "SELECT " + VERSION_COLUMNS + VERSION_FROM
          + " AND v.artifact_id IN (" + Sql.placeholders(chunk.size()) + ") ORDER BY v.id",
          chunk, JdbcArtifactRecords::version));
    }
    return versions;
  }

  @Override
  public void forEachVersion(ReadTransaction tx, Consumer<VersionRecord> sink) {
    stream(tx, "list versions", "SELECT " + VERSION_COLUMNS + VERSION_FROM + " ORDER BY v.id", List.of(),
        rows -> sink.accept(version(rows)));
  }

  @Override
  public Optional<VersionDeletion> findDeletion(ReadTransaction tx, long collectionId, int number) {
    return first(query(tx, "find version deletion", "SELECT v.id, c.name, v.number, v.deleted_by, v.delete_time"
        + " FROM artifact_version v JOIN artifact_collection c ON c.id = v.collection_id"
        + " WHERE v.collection_id = ? AND v.number = ? AND v.delete_time IS NOT NULL", List.of(collectionId, number),
        rows -> new VersionDeletion(rows.getLong(1), rows.getString(2) + ":v" + rows.getInt(3), rows.getString(4),
            rows.getLong(5))));
  }

  @Override
  public void markVersionDeleted(WriteTransaction tx, long versionId, String deletedBy, long timeMs) {
    int marked = update(tx, "delete version", "UPDATE artifact_version SET delete_time = ?, deleted_by = ?"
        + " WHERE id = ? AND delete_time IS NULL", List.of(timeMs, deletedBy, versionId));
    if (marked != 1) {
      throw new IllegalStateException("version " + versionId + " is not a live version");
    }
  }

  @Override
  public VersionRecord insertVersion(WriteTransaction tx, VersionRecord v) {
    JdbcReadTransaction jdbc = jdbc(tx);
    long id = jdbc.sql("insert version " + v.label(), () -> {
      try (PreparedStatement insert = jdbc.connection.prepareStatement("INSERT INTO artifact_version "
          + "(collection_id, number, digest, total_size, file_count, entry_count, manifest_size, created_by, "
          + "create_time, artifact_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
        Sql.bindAll(insert, 1, List.of(v.collectionId(), v.number(), v.digest().hex(), v.totalSize(),
            v.fileCount(), v.entryCount(), v.manifestSize(), v.createdBy(), v.createTimeMs(), v.artifactId()));
        return returnedId(insert);
      }
    });
    return new VersionRecord(id, v.collectionId(), v.collection(), v.number(), v.digest(), v.totalSize(),
        v.fileCount(), v.entryCount(), v.manifestSize(), v.createdBy(), v.createTimeMs(), v.artifactId());
  }

  @Override
  public void moveUploadBlobsToVersion(WriteTransaction tx, String uploadId, long versionId) {
    update(tx, "record version blobs", "INSERT INTO artifact_version_blob (version_id, digest)"
        + " SELECT ?, digest FROM artifact_upload_blob WHERE upload_id = ?", List.of(versionId, uploadId));
    deleteUploadBlobs(tx, uploadId);
  }

  @Override
  public void forEachVersionBlob(ReadTransaction tx, long versionId, Consumer<Sha256> sink) {
    stream(tx, "list version blobs", "SELECT digest FROM artifact_version_blob WHERE version_id = ? ORDER BY digest",
        List.of(versionId), rows -> sink.accept(new Sha256(rows.getString(1))));
  }

  @Override
  public Set<Sha256> referencedAmong(ReadTransaction tx, Collection<Sha256> digests, long nowMs,
      Set<Long> ignoredVersionIds) {
    Set<Sha256> referenced = new HashSet<>();
    for (List<Sha256> chunk : Sql.chunks(digests)) {
      List<Object> hexes = new ArrayList<>(chunk.size());
      chunk.forEach(digest -> hexes.add(digest.hex()));
      String in = " IN (" + Sql.placeholders(chunk.size()) + ")";
      List<Object> withTime = new ArrayList<>(hexes);
      withTime.add(UploadState.OPEN.ordinal());
      withTime.add(nowMs);
      // Every table that holds blob digests is listed here, or GC would free bytes it still needs.
      for (String sql : List.of(
          "SELECT b.digest, v.id FROM artifact_version_blob b JOIN artifact_version v ON v.id = b.version_id"
              + " WHERE b.digest" + in + " AND v.delete_time IS NULL",
          "SELECT digest, id FROM artifact_version WHERE digest" + in + " AND delete_time IS NULL")) {
        stream(tx, "mark blobs of versions", sql, hexes, rows -> {
          if (!ignoredVersionIds.contains(rows.getLong(2))) {
            referenced.add(new Sha256(rows.getString(1)));
          }
        });
      }
      for (String sql : List.of(
          "SELECT DISTINCT digest FROM mlflow_artifact_entry WHERE digest" + in,
          "SELECT DISTINCT digest FROM mlflow_multipart_part WHERE digest" + in)) {
        referenced.addAll(query(tx, "mark referenced blobs", sql, hexes, rows -> new Sha256(rows.getString(1))));
      }
      referenced.addAll(query(tx, "mark blobs of open uploads", "SELECT DISTINCT b.digest FROM artifact_upload_blob b"
          + " JOIN artifact_upload u ON u.id = b.upload_id WHERE b.digest" + in + " AND u.state = ? AND u.expire_time > ?",
          withTime, rows -> new Sha256(rows.getString(1))));
      referenced.addAll(query(tx, "mark manifests of open uploads", "SELECT DISTINCT manifest_digest FROM artifact_upload"
          + " WHERE manifest_digest" + in + " AND state = ? AND expire_time > ?",
          withTime, rows -> new Sha256(rows.getString(1))));
    }
    return referenced;
  }

  // Sweep guard

  @Override
  public void guardAgainstSweeps(WriteTransaction tx) {
    takeLock(tx, jdbc(tx).dialect.sharedLockSql());
  }

  @Override
  public void lockForSweep(ReadTransaction tx) {
    takeLock(tx, jdbc(tx).dialect.exclusiveLockSql());
  }

  private static void takeLock(ReadTransaction tx, @Nullable String sql) {
    if (sql != null) {
      stream(tx, "lock against garbage collection", sql, List.of(SWEEP_LOCK_KEY), rows -> { });
    }
  }

  // Retention rules

  @Override
  public Optional<RetentionRule> findRetention(ReadTransaction tx, long collectionId) {
    return first(query(tx, "find retention rule", RETENTION_SELECT + " WHERE r.collection_id = ?",
        List.of(collectionId), JdbcArtifactRecords::retention));
  }

  @Override
  public List<RetentionRule> listRetentionRules(ReadTransaction tx) {
    return query(tx, "list retention rules", RETENTION_SELECT + " ORDER BY c.name", List.of(),
        JdbcArtifactRecords::retention);
  }

  @Override
  public void putRetention(WriteTransaction tx, RetentionRule rule) {
    deleteRetention(tx, rule.collectionId());
    JdbcReadTransaction jdbc = jdbc(tx);
    jdbc.sql("put retention rule of " + rule.collection(), () -> {
      try (PreparedStatement insert = jdbc.connection.prepareStatement("INSERT INTO artifact_retention"
          + " (collection_id, keep_last, keep_ms, updated_by, update_time) VALUES (?, ?, ?, ?, ?)")) {
        insert.setLong(1, rule.collectionId());
        if (rule.keepLast() == null) {
          insert.setNull(2, Types.INTEGER);
        } else {
          insert.setInt(2, rule.keepLast());
        }
        setNullableLong(insert, 3, rule.keepFor() == null ? null : rule.keepFor().toMillis());
        insert.setString(4, rule.updatedBy());
        insert.setLong(5, rule.updateTimeMs());
        return insert.executeUpdate();
      }
    });
  }

  @Override
  public boolean deleteRetention(WriteTransaction tx, long collectionId) {
    return update(tx, "delete retention rule", "DELETE FROM artifact_retention WHERE collection_id = ?",
        List.of(collectionId)) > 0;
  }

  // Aliases

  @Override
  public Optional<AliasRecord> findAlias(ReadTransaction tx, long collectionId, String name) {
    return first(query(tx, "find alias", ALIAS_SELECT + " WHERE a.collection_id = ? AND a.name = ?",
        List.of(collectionId, name), JdbcArtifactRecords::alias));
  }

  @Override
  public List<AliasRecord> listAliases(ReadTransaction tx, long collectionId) {
    return query(tx, "list aliases", ALIAS_SELECT + " WHERE a.collection_id = ? ORDER BY a.name",
        List.of(collectionId), JdbcArtifactRecords::alias);
  }

  @Override
  public List<AliasRecord> aliasesPointingAt(ReadTransaction tx, Collection<Long> artifactIds) {
    List<AliasRecord> aliases = new ArrayList<>();
    for (List<Long> chunk : Sql.chunks(artifactIds)) {
      aliases.addAll(query(tx, "find aliases", ALIAS_SELECT + " WHERE v.artifact_id IN ("
          + Sql.placeholders(chunk.size()) + ") ORDER BY c.name, a.name", chunk, JdbcArtifactRecords::alias));
    }
    return aliases;
  }

  @Override
  public void putAlias(WriteTransaction tx, long collectionId, String name, long versionId, boolean isProtected,
      String updatedBy, long timeMs) {
    int updated = update(tx, "move alias " + name, "UPDATE artifact_alias SET version_id = ?, is_protected = ?,"
        + " updated_by = ?, update_time = ? WHERE collection_id = ? AND name = ?",
        List.of(versionId, isProtected ? 1 : 0, updatedBy, timeMs, collectionId, name));
    if (updated == 0) {
      update(tx, "create alias " + name, "INSERT INTO artifact_alias (collection_id, name, version_id, is_protected,"
          + " updated_by, update_time) VALUES (?, ?, ?, ?, ?, ?)",
          List.of(collectionId, name, versionId, isProtected ? 1 : 0, updatedBy, timeMs));
    }
  }

  @Override
  public boolean deleteAlias(WriteTransaction tx, long collectionId, String name) {
    return update(tx, "delete alias " + name, "DELETE FROM artifact_alias WHERE collection_id = ? AND name = ?",
        List.of(collectionId, name)) > 0;
  }

  @Override
  public void insertAliasChange(WriteTransaction tx, AliasChange change) {
    JdbcReadTransaction jdbc = jdbc(tx);
    jdbc.sql("record alias change", () -> {
      try (PreparedStatement insert = jdbc.connection.prepareStatement("INSERT INTO artifact_alias_history"
          + " (collection_id, name, from_version_id, to_version_id, is_protected, changed_by, change_time)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        insert.setLong(1, change.collectionId());
        insert.setString(2, change.alias());
        setNullableLong(insert, 3, change.fromVersionId());
        setNullableLong(insert, 4, change.toVersionId());
        insert.setInt(5, change.isProtected() ? 1 : 0);
        insert.setString(6, change.changedBy());
        insert.setLong(7, change.timeMs());
        return insert.executeUpdate();
      }
    });
  }

  @Override
  public List<AliasChange> aliasHistory(ReadTransaction tx, long collectionId, @Nullable String alias) {
    List<Object> parameters = new ArrayList<>(List.of(collectionId));
    if (alias != null) {
      parameters.add(alias);
    }
    return query(tx, "read alias history", "SELECT h.collection_id, h.name, h.from_version_id, h.to_version_id,"
        + " f.number, t.number, h.is_protected, h.changed_by, h.change_time FROM artifact_alias_history h"
        + " LEFT JOIN artifact_version f ON f.id = h.from_version_id"
        + " LEFT JOIN artifact_version t ON t.id = h.to_version_id WHERE h.collection_id = ?"
        + (alias == null ? "" : " AND h.name = ?") + " ORDER BY h.id", parameters,
        rows -> new AliasChange(rows.getLong(1), rows.getString(2), nullableLong(rows, 3), nullableLong(rows, 4),
            nullableInt(rows, 5), nullableInt(rows, 6), rows.getInt(7) != 0, rows.getString(8), rows.getLong(9)));
  }

  // Upload sessions

  @Override
  public void insertUpload(WriteTransaction tx, UploadRecord upload) {
    JdbcReadTransaction jdbc = jdbc(tx);
    jdbc.sql("start upload", () -> {
      try (PreparedStatement insert = jdbc.connection.prepareStatement("INSERT INTO artifact_upload"
          + " (id, collection_name, manifest_digest, state, created_by, create_time, expire_time, version_id)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        Sql.bindAll(insert, 1, List.of(upload.id(), upload.collection(), upload.manifestDigest().hex(),
            upload.state().ordinal(), upload.createdBy(), upload.createTimeMs(), upload.expireTimeMs()));
        setNullableLong(insert, 8, upload.versionId());
        return insert.executeUpdate();
      }
    });
  }

  @Override
  public Optional<UploadRecord> findUpload(ReadTransaction tx, String id) {
    return first(query(tx, "find upload", "SELECT id, collection_name, manifest_digest, state, created_by,"
        + " create_time, expire_time, version_id FROM artifact_upload WHERE id = ?", List.of(id),
        rows -> new UploadRecord(rows.getString(1), rows.getString(2), new Sha256(rows.getString(3)),
            UploadState.values()[rows.getInt(4)], rows.getString(5), rows.getLong(6), rows.getLong(7),
            nullableLong(rows, 8))));
  }

  @Override
  public void updateUpload(WriteTransaction tx, String id, UploadState state, @Nullable Long versionId) {
    JdbcReadTransaction jdbc = jdbc(tx);
    jdbc.sql("update upload", () -> {
      try (PreparedStatement update = jdbc.connection.prepareStatement(
          "UPDATE artifact_upload SET state = ?, version_id = ? WHERE id = ?")) {
        update.setInt(1, state.ordinal());
        setNullableLong(update, 2, versionId);
        update.setString(3, id);
        return update.executeUpdate();
      }
    });
  }

  @Override
  public void insertUploadBlobs(WriteTransaction tx, String uploadId, Collection<Sha256> digests) {
    JdbcReadTransaction jdbc = jdbc(tx);
    jdbc.sql("record upload blobs", () -> {
      try (PreparedStatement insert = jdbc.connection.prepareStatement("INSERT INTO artifact_upload_blob"
          + " (upload_id, digest) VALUES (?, ?) ON CONFLICT (upload_id, digest) DO NOTHING")) {
        int pending = 0;
        for (Sha256 digest : digests) {
          insert.setString(1, uploadId);
          insert.setString(2, digest.hex());
          insert.addBatch();
          if (++pending == BATCH) {
            insert.executeBatch();
            pending = 0;
          }
        }
        if (pending > 0) {
          insert.executeBatch();
        }
        return null;
      }
    });
  }

  @Override
  public long countUploadBlobs(ReadTransaction tx, String uploadId) {
    return query(tx, "count upload blobs", "SELECT COUNT(*) FROM artifact_upload_blob WHERE upload_id = ?",
        List.of(uploadId), rows -> rows.getLong(1)).get(0);
  }

  @Override
  public boolean holdsBlobs(ReadTransaction tx, String uploadId) {
    return !query(tx, "find upload blobs", "SELECT 1 FROM artifact_upload_blob WHERE upload_id = ? LIMIT 1",
        List.of(uploadId), rows -> rows.getInt(1)).isEmpty();
  }

  @Override
  public void forEachUploadBlob(ReadTransaction tx, String uploadId, Consumer<Sha256> sink) {
    stream(tx, "list upload blobs", "SELECT digest FROM artifact_upload_blob WHERE upload_id = ? ORDER BY digest",
        List.of(uploadId), rows -> sink.accept(new Sha256(rows.getString(1))));
  }

  @Override
  public void deleteUploadBlobs(WriteTransaction tx, String uploadId) {
    update(tx, "release upload blobs", "DELETE FROM artifact_upload_blob WHERE upload_id = ?", List.of(uploadId));
  }

  @Override
  public int expireUploads(WriteTransaction tx, long nowMs) {
    update(tx, "release blobs of expired uploads", "DELETE FROM artifact_upload_blob WHERE upload_id IN"
        + " (SELECT id FROM artifact_upload WHERE state = ? AND expire_time <= ?)",
        List.of(UploadState.OPEN.ordinal(), nowMs));
    return update(tx, "expire uploads", "UPDATE artifact_upload SET state = ? WHERE state = ? AND expire_time <= ?",
        List.of(UploadState.EXPIRED.ordinal(), UploadState.OPEN.ordinal(), nowMs));
  }

  // Helpers

  private interface RowMapper<T> {
    T map(ResultSet rows) throws SQLException;
  }

  private interface RowSink {
    void accept(ResultSet rows) throws SQLException;
  }

  private static JdbcReadTransaction jdbc(ReadTransaction tx) {
    if (tx instanceof JdbcReadTransaction jdbc) {
      return jdbc;
    }
    throw new IllegalArgumentException("not a transaction of a JDBC metadata store: " + tx.getClass().getName());
  }

  private static <T> List<T> query(ReadTransaction tx, String action, String sql, List<?> parameters,
      RowMapper<T> mapper) {
    List<T> result = new ArrayList<>();
    stream(tx, action, sql, parameters, rows -> result.add(mapper.map(rows)));
    return result;
  }

  private static void stream(ReadTransaction tx, String action, String sql, List<?> parameters, RowSink sink) {
    JdbcReadTransaction jdbc = jdbc(tx);
    jdbc.sql(action, () -> {
      try (PreparedStatement statement = jdbc.connection.prepareStatement(sql)) {
        Sql.bindAll(statement, 1, parameters);
        statement.setFetchSize(BATCH);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            sink.accept(rows);
          }
        }
        return null;
      }
    });
  }

  private static int update(ReadTransaction tx, String action, String sql, List<?> parameters) {
    JdbcReadTransaction jdbc = jdbc(tx);
    return jdbc.sql(action, () -> {
      try (PreparedStatement statement = jdbc.connection.prepareStatement(sql)) {
        Sql.bindAll(statement, 1, parameters);
        return statement.executeUpdate();
      }
    });
  }

  private static <T> Optional<T> first(List<T> rows) {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private static long returnedId(PreparedStatement statement) throws SQLException {
    try (ResultSet keys = statement.executeQuery()) {
      if (!keys.next()) {
        throw new SQLException("no generated key");
      }
      return keys.getLong(1);
    }
  }

  private static CollectionRecord collection(ResultSet rows) throws SQLException {
    return new CollectionRecord(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getLong(4));
  }

  private static VersionRecord version(ResultSet rows) throws SQLException {
    return new VersionRecord(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getInt(4),
        new Sha256(rows.getString(5)), rows.getLong(6), rows.getLong(7), rows.getLong(8), rows.getLong(9),
        rows.getString(10), rows.getLong(11), rows.getLong(12));
  }

  private static RetentionRule retention(ResultSet rows) throws SQLException {
    Long keepMs = nullableLong(rows, 4);
    return new RetentionRule(rows.getLong(1), rows.getString(2), nullableInt(rows, 3),
        keepMs == null ? null : Duration.ofMillis(keepMs), rows.getString(5), rows.getLong(6));
  }

  private static AliasRecord alias(ResultSet rows) throws SQLException {
    return new AliasRecord(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getLong(4), rows.getInt(5),
        rows.getLong(6), rows.getInt(7) != 0, rows.getString(8), rows.getLong(9));
  }

  private static void setNullableLong(PreparedStatement statement, int index, @Nullable Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  private static @Nullable Long nullableLong(ResultSet rows, int index) throws SQLException {
    long value = rows.getLong(index);
    return rows.wasNull() ? null : value;
  }

  private static @Nullable Integer nullableInt(ResultSet rows, int index) throws SQLException {
    int value = rows.getInt(index);
    return rows.wasNull() ? null : value;
  }
}
