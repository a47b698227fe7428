package dev.pedigree.store.artifacts;

import dev.pedigree.model.artifact.Sha256;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.WriteTransaction;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Collections, versions, aliases and upload sessions, read and written inside transactions of the
 * metadata store (so a version commits together with its node in the graph). Implementations hold no
 * state of their own; the transaction carries the connection. Uniqueness violations surface as
 * ALREADY_EXISTS.
 */
public interface ArtifactRecords {

  // Collections

  Optional<CollectionRecord> findCollection(ReadTransaction tx, String name);

  /** Creates the collection unless it exists (a concurrent creator wins quietly). */
  void insertCollectionIfAbsent(WriteTransaction tx, String name, String createdBy, long timeMs);

  /**
   * The collection with its row locked until the transaction ends where the database runs writes
   * concurrently (PostgreSQL). Every change to a collection's versions, aliases or rule takes it
   * first, so such changes apply one after another: commits number versions without colliding, an
   * alias move records the alias it really replaced, retention never deletes a version an alias
   * has just been pointed at.
   */
  Optional<CollectionRecord> lockCollection(WriteTransaction tx, String name);

  /** Every collection, by name. */
  List<CollectionRecord> listCollections(ReadTransaction tx);

  // Versions (reads see live versions only; deleted ones are reached through findDeletion)

  Optional<VersionRecord> findVersion(ReadTransaction tx, long collectionId, int number);

  /** The live version with the highest number. */
  Optional<VersionRecord> latestVersion(ReadTransaction tx, long collectionId);

  /** The highest number ever given in the collection, deleted versions included (0 if none). */
  int maxVersionNumber(ReadTransaction tx, long collectionId);

  /** The collection's live versions, by number. */
  List<VersionRecord> listVersions(ReadTransaction tx, long collectionId);

  /** Live versions whose graph nodes have these ids, skipping ids that are not versions. */
  List<VersionRecord> versionsByArtifactIds(ReadTransaction tx, Collection<Long> artifactIds);

  /** Live versions of every collection, by id, streamed to {@code sink}. */
  void forEachVersion(ReadTransaction tx, Consumer<VersionRecord> sink);

  /** How version {@code number} was deleted, if it was. */
  Optional<VersionDeletion> findDeletion(ReadTransaction tx, long collectionId, int number);

  /** Marks a live version deleted; its blobs stay listed, but no longer count as referenced. */
  void markVersionDeleted(WriteTransaction tx, long versionId, String deletedBy, long timeMs);

  /** Inserts a version (its id is ignored) and returns it stored. */
  VersionRecord insertVersion(WriteTransaction tx, VersionRecord version);

  /** Makes the blobs the upload holds the blobs of the version, and releases them from the upload. */
  void moveUploadBlobsToVersion(WriteTransaction tx, String uploadId, long versionId);

  /** The distinct blobs a version's files need (its manifest blob not included), streamed. */
  void forEachVersionBlob(ReadTransaction tx, long versionId, Consumer<Sha256> sink);

  /**
   * Which of {@code digests} are still needed: named by a live version (as a file or as its
   * manifest) other than those in {@code ignoredVersionIds}, or held by an upload session that is
   * open and not expired at {@code nowMs}. The ignored versions let a dry run count what deleting
   * them would free.
   */
  Set<Sha256> referencedAmong(ReadTransaction tx, Collection<Sha256> digests, long nowMs,
      Set<Long> ignoredVersionIds);

  // Guard between garbage-collection sweeps and upload starts, across every server on the database

  /**
   * Held by an upload start from before it registers its blobs until its transaction ends, so that
   * no sweep of any server decides a blob is unreferenced and deletes it in between. Starts do not
   * exclude each other.
   */
  void guardAgainstSweeps(WriteTransaction tx);

  /** Held by a sweep while it checks blobs and deletes them: waits for, and holds off, upload starts. */
  void lockForSweep(ReadTransaction tx);

  // Retention rules

  Optional<RetentionRule> findRetention(ReadTransaction tx, long collectionId);

  /** Every collection's rule, by collection name. */
  List<RetentionRule> listRetentionRules(ReadTransaction tx);

  /** Creates or replaces the collection's rule. */
  void putRetention(WriteTransaction tx, RetentionRule rule);

  boolean deleteRetention(WriteTransaction tx, long collectionId);

  // Aliases

  Optional<AliasRecord> findAlias(ReadTransaction tx, long collectionId, String name);

  List<AliasRecord> listAliases(ReadTransaction tx, long collectionId);

  /** Aliases pointing at the versions whose graph nodes have these ids. */
  List<AliasRecord> aliasesPointingAt(ReadTransaction tx, Collection<Long> artifactIds);

  /** Creates the alias or moves it (and sets its protection); the caller records the change. */
  void putAlias(WriteTransaction tx, long collectionId, String name, long versionId, boolean isProtected,
      String updatedBy, long timeMs);

  boolean deleteAlias(WriteTransaction tx, long collectionId, String name);

  void insertAliasChange(WriteTransaction tx, AliasChange change);

  /** Moves of the collection's aliases (of one alias when {@code alias} is given), oldest first. */
  List<AliasChange> aliasHistory(ReadTransaction tx, long collectionId, @Nullable String alias);

  // Upload sessions

  void insertUpload(WriteTransaction tx, UploadRecord upload);

  Optional<UploadRecord> findUpload(ReadTransaction tx, String id);

  void updateUpload(WriteTransaction tx, String id, UploadState state, @Nullable Long versionId);

  /** Records blobs an upload holds; digests it holds already are skipped. */
  void insertUploadBlobs(WriteTransaction tx, String uploadId, Collection<Sha256> digests);

  /** How many distinct blobs an upload holds. */
  long countUploadBlobs(ReadTransaction tx, String uploadId);

  /** Whether the upload holds any blob (cheaper than counting them). */
  boolean holdsBlobs(ReadTransaction tx, String uploadId);

  /** The distinct blobs an upload holds, streamed. */
  void forEachUploadBlob(ReadTransaction tx, String uploadId, Consumer<Sha256> sink);

  void deleteUploadBlobs(WriteTransaction tx, String uploadId);

  /** Marks open uploads that expired before {@code nowMs} EXPIRED and releases their blobs. */
  int expireUploads(WriteTransaction tx, long nowMs);
}
