package dev.pedigree.core.artifacts;

import static java.util.Objects.requireNonNull;

import dev.pedigree.core.metadata.MetadataService;
import dev.pedigree.core.metadata.PutOptions;
import dev.pedigree.core.metadata.TypeEvolution;
import dev.pedigree.model.Artifact;
import dev.pedigree.model.ArtifactState;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.PropertyType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import dev.pedigree.model.artifact.FileEntry;
import dev.pedigree.model.artifact.ManifestEntry;
import dev.pedigree.model.artifact.ManifestReader;
import dev.pedigree.model.artifact.ManifestSummary;
import dev.pedigree.model.artifact.Sha256;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.WriteTransaction;
import dev.pedigree.store.artifacts.AliasChange;
import dev.pedigree.store.artifacts.AliasRecord;
import dev.pedigree.store.artifacts.ArtifactRecords;
import dev.pedigree.store.artifacts.CollectionRecord;
import dev.pedigree.store.artifacts.UploadRecord;
import dev.pedigree.store.artifacts.UploadState;
import dev.pedigree.store.artifacts.VersionRecord;
import dev.pedigree.store.blob.BlobContent;
import dev.pedigree.store.blob.BlobInfo;
import dev.pedigree.store.blob.BlobStore;
import dev.pedigree.store.blob.ByteRange;
import dev.pedigree.store.blob.PutResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * Versioned artifacts over the blob store and the metadata store.
 *
 * <p>Pushing is a negotiation: the client stores the manifest as a blob, {@linkplain #startUpload
 * starts an upload} with its digest and learns which blobs the server lacks, {@linkplain #putBlob
 * puts} only those, then {@linkplain #commit commits}. A version becomes visible only in the commit,
 * which checks that every blob is stored and writes the version, its node in the metadata graph
 * (type {@value #VERSION_TYPE}) and its aliases in one transaction. Content equal to the latest
 * version's gives back that version instead of a new one; content equal to an older version's gives
 * a new version with the same digest (no new bytes either way).
 *
 * <p>An open upload protects every blob its manifest names from garbage collection until it is
 * committed, aborted or expires; a lock makes "register the upload, then check which blobs exist"
 * and "check a blob is unreferenced, then delete it" mutually exclusive, so a blob reported present
 * is never collected under an upload. The commit therefore checks again only the blobs that were
 * missing at the start (all of them if this server did not remember which), after checking under
 * the same lock that the upload is still open and unexpired.
 */
public final class ArtifactService {
  public static final String VERSION_TYPE = "pedigree.ArtifactVersion";
  public static final Duration DEFAULT_UPLOAD_TTL = Duration.ofHours(24);
  private static final int BATCH = 500;
  static final String SYSTEM = "pedigree";

  private final MetadataService metadata;
  private final ArtifactRecords records;
  private final BlobStore blobs;
  private final Clock clock;
  private final Duration uploadTtl;
  /** Held shared by uploads between registering blobs and checking them; exclusively by GC sweeps. */
  final ReadWriteLock gcLock = new ReentrantReadWriteLock();
  private final LackingBlobs lackingAtStart = new LackingBlobs();
  private volatile long versionTypeId;

  public ArtifactService(MetadataService metadata, ArtifactRecords records, BlobStore blobs, Clock clock,
      Duration uploadTtl) {
    this.metadata = requireNonNull(metadata, "metadata");
    this.records = requireNonNull(records, "records");
    this.blobs = requireNonNull(blobs, "blobs");
    this.clock = requireNonNull(clock, "clock");
    this.uploadTtl = requireNonNull(uploadTtl, "uploadTtl");
  }

  public BlobStore blobs() {
    return blobs;
  }

  // Upload protocol

  /**
   * Starts an upload of the manifest stored as blob {@code manifestDigest} (put it first with
   * {@link #putBlob}). The manifest is read and checked; its blobs become held by the upload.
   * Returns the blobs still to upload.
   */
  public UploadStatus startUpload(String collection, Sha256 manifestDigest, String actor) {
    Names.checkCollection(collection);
    requireNonNull(manifestDigest, "manifestDigest");
    if (!blobs.exists(manifestDigest)) {
      throw PedigreeException.failedPrecondition("manifest " + manifestDigest
          + " is not stored; put it as a blob before starting the upload");
    }
    long now = clock.millis();
    UploadRecord upload = new UploadRecord(UUID.randomUUID().toString(), collection, manifestDigest,
        UploadState.OPEN, actor, now, now + uploadTtl.toMillis(), null);
    gcLock.readLock().lock();
    try {
      // Each blob is checked once, as it is registered: under the lock (and, for servers sharing a
      // database, the database's sweep guard), no sweep can run in between.
      Set<Sha256> missing = new LinkedHashSet<>();
      long count = metadata.store().write(tx -> {
        missing.clear();
        records.guardAgainstSweeps(tx);
        records.insertUpload(tx, upload);
        if (isLatestContent(tx, upload)) {
          // Unchanged content pushed again: the latest version holds every blob and a commit answers
          // it, so nothing is registered or checked here (a commit after the latest changed does it).
          return 0L;
        }
        missing.addAll(holdBlobs(tx, upload));
        return records.countUploadBlobs(tx, upload.id());
      });
      lackingAtStart.remember(upload, missing, now);
      return new UploadStatus(upload.id(), upload.collection(), upload.manifestDigest(), upload.state(),
          upload.expireTimeMs(), count, List.copyOf(missing));
    } finally {
      gcLock.readLock().unlock();
    }
  }

  /** The upload's state and the blobs it still lacks (ask again after a failed transfer). */
  public UploadStatus upload(String uploadId) {
    UploadRecord upload = findUpload(uploadId);
    gcLock.readLock().lock();
    try {
      return status(upload);
    } finally {
      gcLock.readLock().unlock();
    }
  }

  /**
   * Stores a blob, re-hashing it: content whose digest or size differs is rejected
   * (INVALID_ARGUMENT) and nothing is stored.
   */
  public PutResult putBlob(Sha256 digest, long size, InputStream content) {
    return blobs.put(content, digest, size);
  }

  /**
   * Stores many small blobs at once, each checked against its digest; a mismatch rejects the whole
   * batch with INVALID_ARGUMENT. One result per blob, in order.
   */
  public List<PutResult> putBlobs(List<BlobContent> batch) {
    return blobs.putAll(batch);
  }

  /**
   * Commits the upload: FAILED_PRECONDITION if a blob is missing (upload it and commit again);
   * otherwise the version, its graph node, the {@code latest} alias and the requested aliases are
   * written in one transaction. Committing a committed upload returns its version again.
   */
  public CommitResult commit(String uploadId, List<String> aliases, String actor) {
    aliases.forEach(Names::checkAlias);
    UploadRecord first = findUpload(uploadId);
    if (first.state() == UploadState.COMMITTED && first.versionId() != null) {
      return new CommitResult(versionById(first.collection(), first.versionId()), false);
    }
    checkOpen(first);
    long typeId = versionTypeId();
    gcLock.readLock().lock();
    try {
      // Read again under the lock: only an upload still open and unexpired here has kept its blobs
      // from garbage collection since it started, which lets the check skip blobs found stored then.
      UploadRecord upload = findUpload(uploadId);
      checkOpen(upload);
      Optional<Sha256> missing = lackingAtStart.find(uploadId)
          .map(lacking -> lacking.stream().filter(digest -> !blobs.exists(digest)).findFirst())
          .orElseGet(() -> firstMissingBlob(upload));
      if (missing.isPresent() || !blobs.exists(upload.manifestDigest())) {
        throw PedigreeException.failedPrecondition("upload " + uploadId + " cannot be committed: blobs are missing ("
            + missing.map(digest -> "first: " + digest).orElse("the manifest") + "); upload them and commit again");
      }
      // Content equal to the latest version's needs no totals (no new version); otherwise they are
      // read before the write transaction, so that it stays short.
      Totals totals = isLatestContent(upload) ? null : summarize(upload.manifestDigest());
      CommitResult result = metadata.store().write(
          tx -> commitInTransaction(tx, upload, totals, typeId, aliases, actor));
      lackingAtStart.forget(uploadId);
      return result;
    } finally {
      gcLock.readLock().unlock();
    }
  }

  /** Discards an open upload: its blobs are no longer held (garbage collection may take them). */
  public void abort(String uploadId) {
    metadata.store().write(tx -> {
      UploadRecord upload = records.findUpload(tx, uploadId)
          .orElseThrow(() -> PedigreeException.notFound("upload " + uploadId + " does not exist"));
      if (upload.state() == UploadState.COMMITTED) {
        throw PedigreeException.failedPrecondition("upload " + uploadId + " is committed; it cannot be aborted");
      }
      records.deleteUploadBlobs(tx, uploadId);
      records.updateUpload(tx, uploadId, UploadState.ABORTED, null);
      return null;
    });
    lackingAtStart.forget(uploadId);
  }

  // Reads

  public List<CollectionRecord> listCollections() {
    return metadata.store().read(records::listCollections);
  }

  public List<VersionRecord> listVersions(String collection) {
    return metadata.store().read(tx -> records.listVersions(tx, collection(tx, collection).id()));
  }

  public List<AliasRecord> listAliases(String collection) {
    return metadata.store().read(tx -> records.listAliases(tx, collection(tx, collection).id()));
  }

  /** The version a reference names; NOT_FOUND if there is none. */
  public VersionRecord resolve(VersionRef ref) {
    return metadata.store().read(tx -> resolve(tx, ref));
  }

  /** The version (and file, if the URI names one) of a {@code pedigree://} URI. */
  public ResolvedUri resolve(PedigreeUri uri) {
    VersionRecord version = resolve(uri.version());
    if (uri.path() == null) {
      return new ResolvedUri(version, null);
    }
    ManifestEntry entry = findEntry(version, uri.path())
        .orElseThrow(() -> PedigreeException.notFound(version.label() + " has no file '" + uri.path() + "'"));
    return new ResolvedUri(version, entry);
  }

  /** A version resolved from a URI, with the file it names. */
  public record ResolvedUri(VersionRecord version, @Nullable ManifestEntry entry) {}

  /** The version's canonical manifest, checked against its digest as it is read. */
  public InputStream openManifest(VersionRecord version) {
    return blobs.openVerified(version.digest());
  }

  /** A file of a version by path. */
  public Optional<ManifestEntry> findEntry(VersionRecord version, String path) {
    Optional<ManifestEntry>[] found = new Optional[] {Optional.empty()};
    readManifest(version.digest(), entries -> {
      for (ManifestEntry entry : entries) {
        if (entry.path().equals(path)) {
          found[0] = Optional.of(entry);
        }
      }
    });
    return found[0];
  }

  /** Whole blob, checked against its digest as it streams (a corrupt blob ends in an error). */
  public InputStream openBlob(Sha256 digest) {
    return blobs.openVerified(digest);
  }

  /** Part of a blob (not checked: a range cannot be verified without reading the whole blob). */
  public InputStream openBlob(Sha256 digest, ByteRange range) {
    return blobs.open(digest, range);
  }

  public Optional<BlobInfo> statBlob(Sha256 digest) {
    return blobs.stat(digest);
  }

  /** Aliases pointing at the versions whose graph nodes have these ids (for impact analysis). */
  public List<AliasRecord> aliasesPointingAt(Collection<Long> artifactIds) {
    return metadata.store().read(tx -> records.aliasesPointingAt(tx, artifactIds));
  }

  /** Versions whose graph nodes have these ids. */
  public List<VersionRecord> versionsOfArtifacts(Collection<Long> artifactIds) {
    return metadata.store().read(tx -> records.versionsByArtifactIds(tx, artifactIds));
  }

  // Aliases

  /**
   * Points {@code alias} at version {@code number}. A protected alias moves (or loses its
   * protection) only with {@link AliasUpdate#force()}; {@code latest} moves only by itself. Every
   * change is recorded in the alias history.
   */
  public AliasRecord setAlias(String collection, String alias, int number, AliasUpdate update, String actor) {
    Names.checkAlias(alias);
    if (alias.equals(Names.LATEST)) {
      throw PedigreeException.invalidArgument("alias 'latest' moves by itself to the newest version");
    }
    return metadata.store().write(tx -> {
      CollectionRecord c = lockedCollection(tx, collection);
      VersionRecord target = records.findVersion(tx, c.id(), number)
          .orElseThrow(() -> PedigreeException.notFound(collection + ":v" + number + " does not exist"));
      Optional<AliasRecord> current = records.findAlias(tx, c.id(), alias);
      boolean wasProtected = current.map(AliasRecord::isProtected).orElse(false);
      boolean protect = switch (update.protection()) {
        case KEEP -> wasProtected;
        case PROTECTED -> true;
        case UNPROTECTED -> false;
      };
      boolean moves = current.isEmpty() || current.get().versionId() != target.id();
      if (wasProtected && !update.force() && (moves || !protect)) {
        throw new PedigreeException(ErrorCode.FAILED_PRECONDITION, "alias '" + alias + "' of " + collection
            + " is protected; moving or unprotecting it needs the force flag");
      }
      if (!moves && protect == wasProtected) {
        return current.get();
      }
      moveAlias(tx, c.id(), alias, current.map(AliasRecord::versionId).orElse(null), target.id(), protect, actor);
      return records.findAlias(tx, c.id(), alias).orElseThrow();
    });
  }

  /** Removes an alias (a protected one only with force; {@code latest} never). */
  public void deleteAlias(String collection, String alias, AliasUpdate update, String actor) {
    if (alias.equals(Names.LATEST)) {
      throw PedigreeException.invalidArgument("alias 'latest' cannot be deleted");
    }
    metadata.store().write(tx -> {
      CollectionRecord c = lockedCollection(tx, collection);
      AliasRecord current = records.findAlias(tx, c.id(), alias)
          .orElseThrow(() -> PedigreeException.notFound("alias '" + alias + "' of " + collection + " does not exist"));
      if (current.isProtected() && !update.force()) {
        throw PedigreeException.failedPrecondition("alias '" + alias + "' of " + collection
            + " is protected; deleting it needs the force flag");
      }
      records.deleteAlias(tx, c.id(), alias);
      records.insertAliasChange(tx, new AliasChange(c.id(), alias, current.versionId(), null, null, null,
          current.isProtected(), actor, clock.millis()));
      return null;
    });
  }

  /** Alias moves of a collection (of one alias if given), oldest first. */
  public List<AliasChange> aliasHistory(String collection, @Nullable String alias) {
    return metadata.store().read(tx -> records.aliasHistory(tx, collection(tx, collection).id(), alias));
  }

  // Package-private for Maintenance

  ArtifactRecords records() {
    return records;
  }

  MetadataService metadata() {
    return metadata;
  }

  Clock clock() {
    return clock;
  }

  /** Streams a stored manifest in batches, checking it and that it hashes to {@code digest}. */
  void readManifest(Sha256 digest, ManifestBatches sink) {
    try (InputStream in = blobs.openVerified(digest); ManifestReader reader = new ManifestReader(in)) {
      List<ManifestEntry> batch = new ArrayList<>(BATCH);
      while (reader.hasNext()) {
        batch.add(reader.next());
        if (batch.size() == BATCH) {
          sink.accept(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        sink.accept(batch);
      }
      if (!reader.summary().digest().equals(digest)) {
        throw PedigreeException.invalidArgument("manifest " + digest + " does not hash to its name");
      }
    } catch (IOException | UncheckedIOException e) {
      throw PedigreeException.unavailable("cannot read manifest " + digest + ": " + e.getMessage(), e);
    }
  }

  interface ManifestBatches {
    void accept(List<ManifestEntry> entries);
  }

  VersionRecord resolve(ReadTransaction tx, VersionRef ref) {
    CollectionRecord c = collection(tx, ref.collection());
    if (ref.number() != null) {
      Optional<VersionRecord> version = records.findVersion(tx, c.id(), ref.number());
      if (version.isPresent()) {
        return version.get();
      }
      throw PedigreeException.notFound(records.findDeletion(tx, c.id(), ref.number())
          .map(d -> d.label() + " was deleted by " + d.deletedBy() + " at " + Instant.ofEpochMilli(d.deleteTimeMs()))
          .orElse(ref + " does not exist"));
    }
    if (ref.alias() != null) {
      AliasRecord alias = records.findAlias(tx, c.id(), ref.alias())
          .orElseThrow(() -> PedigreeException.notFound("alias '" + ref.alias() + "' of " + ref.collection()
              + " does not exist"));
      return records.findVersion(tx, c.id(), alias.versionNumber()).orElseThrow();
    }
    return records.latestVersion(tx, c.id())
        .orElseThrow(() -> PedigreeException.notFound(ref.collection() + " has no versions"));
  }

  // Helpers

  private CommitResult commitInTransaction(WriteTransaction tx, UploadRecord upload, @Nullable Totals known,
      long typeId, List<String> aliases, String actor) {
    long now = clock.millis();
    records.insertCollectionIfAbsent(tx, upload.collection(), actor, now);
    CollectionRecord c = lockedCollection(tx, upload.collection());
    Optional<VersionRecord> latest = records.latestVersion(tx, c.id());
    VersionRecord version;
    boolean created;
    if (latest.isPresent() && latest.get().digest().equals(upload.manifestDigest())) {
      version = latest.get();
      created = false;
      records.deleteUploadBlobs(tx, upload.id());
    } else {
      if (!records.holdsBlobs(tx, upload.id())) {
        // Started as a push of the latest content, which another commit has replaced since: the
        // blobs were not registered then, so they are now (the new version's references come from them).
        records.guardAgainstSweeps(tx);
        Set<Sha256> missing = holdBlobs(tx, upload);
        if (!missing.isEmpty()) {
          throw PedigreeException.failedPrecondition("upload " + upload.id() + " cannot be committed: the collection "
              + "changed while it was pushed and blobs are missing (first: " + missing.iterator().next()
              + "); push again");
        }
      }
      int number = records.maxVersionNumber(tx, c.id()) + 1;
      // Totals were skipped when this content was the latest; another commit may have changed that since.
      Totals totals = known != null ? known : summarize(upload.manifestDigest());
      long fileCount = totals.files();
      ManifestSummary summary = totals.summary();
      Artifact node = new Artifact(null, typeId, null, c.name() + ":v" + number, PedigreeUri.of(c.name(), number),
          ArtifactState.LIVE, null, Map.of(
              "collection", Value.of(c.name()),
              "version", Value.of(number),
              "digest", Value.of(upload.manifestDigest().hex()),
              "size", Value.of(summary.totalSize()),
              "file_count", Value.of(fileCount)), Map.of(), 0, 0);
      long artifactId = metadata.writer().putNodes(tx, List.of(node), PutOptions.DEFAULT).get(0).requireId();
      version = records.insertVersion(tx, new VersionRecord(0, c.id(), c.name(), number, upload.manifestDigest(),
          summary.totalSize(), fileCount, summary.entryCount(), summary.byteLength(), actor, now, artifactId));
      records.moveUploadBlobsToVersion(tx, upload.id(), version.id());
      Long previous = latest.map(VersionRecord::id).orElse(null);
      moveAlias(tx, c.id(), Names.LATEST, previous, version.id(), false, SYSTEM);
      created = true;
    }
    for (String alias : aliases) {
      if (alias.equals(Names.LATEST)) {
        continue;
      }
      Optional<AliasRecord> current = records.findAlias(tx, c.id(), alias);
      if (current.isPresent() && current.get().versionId() == version.id()) {
        continue;
      }
      if (current.isPresent() && current.get().isProtected()) {
        throw PedigreeException.failedPrecondition("alias '" + alias + "' of " + c.name()
            + " is protected; set it with the alias command and the force flag");
      }
      moveAlias(tx, c.id(), alias, current.map(AliasRecord::versionId).orElse(null), version.id(), false, actor);
    }
    records.updateUpload(tx, upload.id(), UploadState.COMMITTED, version.id());
    return new CommitResult(version, created);
  }

  void moveAlias(WriteTransaction tx, long collectionId, String alias, @Nullable Long from, long to,
      boolean isProtected, String actor) {
    long now = clock.millis();
    records.putAlias(tx, collectionId, alias, to, isProtected, actor, now);
    records.insertAliasChange(tx, new AliasChange(collectionId, alias, from, to, null, null, isProtected, actor, now));
  }

  private UploadStatus status(UploadRecord upload) {
    long[] count = {0};
    List<Sha256> missing = new ArrayList<>();
    metadata.store().read(tx -> {
      // A read may run again (PostgreSQL retries one that lost its connection): start over each time.
      count[0] = 0;
      missing.clear();
      records.forEachUploadBlob(tx, upload.id(), digest -> {
        count[0]++;
        if (!blobs.exists(digest)) {
          missing.add(digest);
        }
      });
      return null;
    });
    return new UploadStatus(upload.id(), upload.collection(), upload.manifestDigest(), upload.state(),
        upload.expireTimeMs(), count[0], missing);
  }

  private Optional<Sha256> firstMissingBlob(UploadRecord upload) {
    List<Sha256> missing = new ArrayList<>(1);
    metadata.store().read(tx -> {
      missing.clear();
      records.forEachUploadBlob(tx, upload.id(), digest -> {
        if (missing.isEmpty() && !blobs.exists(digest)) {
          missing.add(digest);
        }
      });
      return null;
    });
    return missing.stream().findFirst();
  }

  private boolean isLatestContent(UploadRecord upload) {
    return metadata.store().read(tx -> isLatestContent(tx, upload));
  }

  private boolean isLatestContent(ReadTransaction tx, UploadRecord upload) {
    return records.findCollection(tx, upload.collection())
        .flatMap(c -> records.latestVersion(tx, c.id()))
        .map(latest -> latest.digest().equals(upload.manifestDigest()))
        .orElse(false);
  }

  /**
   * Registers the manifest's blobs as held by the upload (garbage collection keeps them) and returns
   * those not stored. Call with sweeps guarded against.
   */
  private Set<Sha256> holdBlobs(WriteTransaction tx, UploadRecord upload) {
    Set<Sha256> missing = new LinkedHashSet<>();
    readManifest(upload.manifestDigest(), entries -> {
      Set<Sha256> digests = new LinkedHashSet<>();
      for (ManifestEntry entry : entries) {
        if (entry instanceof FileEntry file) {
          digests.add(file.sha256());
        }
      }
      records.insertUploadBlobs(tx, upload.id(), digests);
      for (Sha256 digest : digests) {
        if (!blobs.exists(digest)) {
          missing.add(digest);
        }
      }
    });
    return missing;
  }

  private record Totals(ManifestSummary summary, long files) {}

  private Totals summarize(Sha256 digest) {
    try (InputStream in = blobs.openVerified(digest); ManifestReader reader = new ManifestReader(in)) {
      long files = 0;
      while (reader.hasNext()) {
        if (reader.next() instanceof FileEntry) {
          files++;
        }
      }
      return new Totals(reader.summary(), files);
    } catch (IOException | UncheckedIOException e) {
      throw PedigreeException.unavailable("cannot read manifest " + digest + ": " + e.getMessage(), e);
    }
  }

  private UploadRecord findUpload(String uploadId) {
    return metadata.store().read(tx -> records.findUpload(tx, uploadId))
        .orElseThrow(() -> PedigreeException.notFound("upload " + uploadId + " does not exist"));
  }

  private void checkOpen(UploadRecord upload) {
    if (upload.state() != UploadState.OPEN) {
      throw PedigreeException.failedPrecondition("upload " + upload.id() + " is " + upload.state().name().toLowerCase()
          + "; start a new upload");
    }
    if (upload.expireTimeMs() <= clock.millis()) {
      throw PedigreeException.failedPrecondition("upload " + upload.id() + " has expired; start a new upload");
    }
  }

  private VersionRecord versionById(String collection, long versionId) {
    return metadata.store().read(tx -> records.listVersions(tx, collection(tx, collection).id()).stream()
        .filter(v -> v.id() == versionId).findFirst().orElseThrow(
            () -> PedigreeException.notFound("the version upload committed has been deleted since")));
  }

  CollectionRecord collection(ReadTransaction tx, String name) {
    Names.checkCollection(name);
    return records.findCollection(tx, name).orElseThrow(() -> noSuchCollection(name));
  }

  /** The collection, locked for a change to its versions, aliases or rule ({@link ArtifactRecords#lockCollection}). */
  CollectionRecord lockedCollection(WriteTransaction tx, String name) {
    Names.checkCollection(name);
    return records.lockCollection(tx, name).orElseThrow(() -> noSuchCollection(name));
  }

  private static PedigreeException noSuchCollection(String name) {
    return PedigreeException.notFound("collection '" + name + "' does not exist");
  }

  private long versionTypeId() {
    long id = versionTypeId;
    if (id == 0) {
      NodeType type = metadata.putType(NodeType.of(TypeKind.ARTIFACT, VERSION_TYPE, Map.of(
          "collection", PropertyType.STRING,
          "version", PropertyType.INT,
          "digest", PropertyType.STRING,
          "size", PropertyType.INT,
          "file_count", PropertyType.INT)), new TypeEvolution(true, true));
      id = type.requireId();
      versionTypeId = id;
    }
    return id;
  }
}
