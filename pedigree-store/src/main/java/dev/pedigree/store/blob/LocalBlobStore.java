package dev.pedigree.store.blob;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.artifact.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Blobs in a local directory: {@code <root>/sha256/ab/cdef...} (the first two hex characters name
 * a shard directory, the other 62 the file). An upload goes to {@code <root>/tmp/}, on the same
 * file system, is hashed as it arrives, forced to disk, and then hard-linked (or, where links are
 * not supported, atomically renamed) into place; a failed upload deletes its temporary file.
 *
 * <p>An optional free-space reserve keeps uploads from filling the disk: a put fails with
 * UNAVAILABLE before writing (or as soon as it notices) when less than the reserve would be left.
 */
public final class LocalBlobStore implements BlobStore {
  private static final int BUFFER_SIZE = 256 * 1024;
  private static final long SPACE_CHECK_INTERVAL = 64L * 1024 * 1024;
  private static final String TEMP_SUFFIX = ".upload";
  private static final int FLUSH_THREADS = 32;

  /** Flushes files of batches in parallel; threads are I/O-bound and end when idle. */
  private static final ExecutorService FLUSHERS = flushers();

  private final Path root;
  private final Path blobs;
  private final Path temp;
  private final long reserveBytes;

  private LocalBlobStore(Path root, long reserveBytes) {
    this.root = root;
    this.blobs = root.resolve("sha256");
    this.temp = root.resolve("tmp");
    this.reserveBytes = reserveBytes;
  }

  /** Opens (creating if needed) a blob store under {@code root}, with no free-space reserve. */
  public static LocalBlobStore open(Path root) {
    return open(root, 0);
  }

  /**
   * Opens (creating if needed) a blob store under {@code root} that refuses uploads which would
   * leave less than {@code reserveBytes} free on its file system.
   */
  public static LocalBlobStore open(Path root, long reserveBytes) {
    requireNonNull(root, "root");
    if (reserveBytes < 0) {
      throw new IllegalArgumentException("reserveBytes: " + reserveBytes + " (expected: >= 0)");
    }
    LocalBlobStore store = new LocalBlobStore(root.toAbsolutePath().normalize(), reserveBytes);
    try {
      Files.createDirectories(store.blobs);
      Files.createDirectories(store.temp);
    } catch (IOException e) {
      throw PedigreeException.unavailable(
          "cannot create blob store directories under " + store.root + ": " + e, e);
    }
    return store;
  }

  private static ExecutorService flushers() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(FLUSH_THREADS, FLUSH_THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, "pedigree-blob-flush-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  public Path root() {
    return root;
  }

  /** Where the blob with this digest lives (whether or not it exists). */
  public Path pathOf(Sha256 digest) {
    return blobs.resolve(digest.hex().substring(0, 2)).resolve(digest.hex().substring(2));
  }

  @Override
  public PutResult put(InputStream content, Sha256 expectedDigest, long expectedSize) {
    requireNonNull(content, "content");
    requireNonNull(expectedDigest, "expectedDigest");
    return store(new Uploads(content, expectedDigest, expectedSize), expectedSize);
  }

  @Override
  public PutResult putAndDigest(InputStream content) {
    requireNonNull(content, "content");
    return store(new Uploads(content, null, Uploads.UNKNOWN_SIZE), 0);
  }

  private PutResult store(Uploads upload, long sizeHint) {
    checkSpace(sizeHint, 0);
    Path tempFile = temp.resolve(UUID.randomUUID() + TEMP_SUFFIX);
    try {
      Sha256 digest;
      try (DirectFileWriter file = DirectFileWriter.create(tempFile, sizeHint)) {
        byte[] buffer = new byte[BUFFER_SIZE];
        long nextSpaceCheck = SPACE_CHECK_INTERVAL;
        int n;
        while ((n = upload.fill(buffer, 0)) > 0) {
          file.write(buffer, 0, n);
          if (upload.size() >= nextSpaceCheck) {
            checkSpace(0, upload.size());
            nextSpaceCheck += SPACE_CHECK_INTERVAL;
          }
        }
        digest = upload.finish();
        file.finish();
      }
      return new PutResult(digest, upload.size(), publish(tempFile, digest));
    } catch (IOException e) {
      throw writeFailure(e, upload);
    } finally {
      deleteQuietly(tempFile);
    }
  }

  /**
   * Writes the new blobs of the batch to temporary files, flushes them all at once (in parallel, so
   * the file system can group them into few journal commits), links them into place and flushes
   * each touched shard directory once: the durability of {@link #put} at a fraction of its flushes.
   */
  @Override
  public List<PutResult> putAll(List<BlobContent> batch) {
    requireNonNull(batch, "batch");
    long total = 0;
    for (BlobContent blob : batch) {
      Uploads.check(blob);
      total += blob.bytes().length;
    }
    checkSpace(total, 0);
    PutResult[] results = new PutResult[batch.size()];
    Map<Sha256, Path> temps = new LinkedHashMap<>();
    try {
      for (int i = 0; i < batch.size(); i++) {
        BlobContent blob = batch.get(i);
        long size = blob.bytes().length;
        if (temps.containsKey(blob.digest()) || touch(pathOf(blob.digest()))) {
          results[i] = new PutResult(blob.digest(), size, false);
          continue;
        }
        Path tempFile = temp.resolve(UUID.randomUUID() + TEMP_SUFFIX);
        temps.put(blob.digest(), tempFile);
        try (FileChannel channel = FileChannel.open(tempFile, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE)) {
          ByteBuffer buffer = ByteBuffer.wrap(blob.bytes());
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        }
      }
      forceAll(new ArrayList<>(temps.values()));
      Set<Path> shards = new LinkedHashSet<>();
      for (int i = 0; i < batch.size(); i++) {
        if (results[i] == null) {
          BlobContent blob = batch.get(i);
          boolean created = publish(temps.get(blob.digest()), blob.digest(), shards);
          results[i] = new PutResult(blob.digest(), blob.bytes().length, created);
        }
      }
      forceAll(new ArrayList<>(shards));
      return List.of(results);
    } catch (IOException e) {
      throw PedigreeException.unavailable("blob store " + describe() + " failed to store a batch of "
          + batch.size() + " blobs: " + e + "; blobs already stored stay valid", e);
    } finally {
      temps.values().forEach(LocalBlobStore::deleteQuietly);
    }
  }

  /** Forces files or directories to disk, many at once; the first failure is thrown. */
  private static void forceAll(List<Path> paths) throws IOException {
    if (paths.size() <= 1) {
      for (Path path : paths) {
        force(path);
      }
      return;
    }
    List<Future<?>> tasks = new ArrayList<>(paths.size());
    for (Path path : paths) {
      tasks.add(FLUSHERS.submit(() -> {
        force(path);
        return null;
      }));
    }
    IOException failure = null;
    for (Future<?> task : tasks) {
      try {
        task.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while flushing blobs");
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void force(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      forceDirectory(path);
      return;
    }
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /** Makes the verified temporary file visible; returns false if the blob was already there. */
  private boolean publish(Path tempFile, Sha256 digest) throws IOException {
    return publish(tempFile, digest, null);
  }

  /**
   * As above; with {@code shards}, the shard directory is added there to be forced later instead of
   * now.
   */
  private boolean publish(Path tempFile, Sha256 digest, @Nullable Set<Path> shards) throws IOException {
    Path target = pathOf(digest);
    Path shard = target.getParent();
    for (int attempt = 0; ; attempt++) {
      Files.createDirectories(shard);
      try {
        Files.createLink(target, tempFile);
      } catch (FileAlreadyExistsException e) {
        if (touch(target) || attempt >= 3) {
          return false;
        }
        continue; // deleted between the link and the touch: link again
      } catch (UnsupportedOperationException e) {
        if (Files.exists(target) && touch(target)) {
          return false;
        }
        try {
          Files.move(tempFile, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException notAtomic) {
          throw new IOException("file system of " + root + " supports neither hard links nor "
              + "atomic renames", notAtomic);
        }
      }
      if (shards == null) {
        forceDirectory(shard);
      } else {
        shards.add(shard);
      }
      return true;
    }
  }

  @Override
  public InputStream open(Sha256 digest) {
    requireNonNull(digest, "digest");
    try {
      return Files.newInputStream(pathOf(digest));
    } catch (NoSuchFileException e) {
      throw Uploads.notFound(digest);
    } catch (IOException e) {
      throw readFailure(digest, e);
    }
  }

  @Override
  public InputStream open(Sha256 digest, ByteRange range) {
    requireNonNull(digest, "digest");
    requireNonNull(range, "range");
    FileChannel channel = null;
    try {
      channel = FileChannel.open(pathOf(digest), StandardOpenOption.READ);
      long size = channel.size();
      if (range.offset() > size) {
        throw Uploads.pastEnd(digest, range, size);
      }
      channel.position(range.offset());
      return new BoundedInputStream(Channels.newInputStream(channel), range.lengthWithin(size));
    } catch (NoSuchFileException e) {
      throw Uploads.notFound(digest);
    } catch (IOException e) {
      closeQuietly(channel);
      throw readFailure(digest, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  @Override
  public boolean exists(Sha256 digest) {
    return Files.isRegularFile(pathOf(requireNonNull(digest, "digest")));
  }

  @Override
  public Optional<BlobInfo> stat(Sha256 digest) {
    requireNonNull(digest, "digest");
    return Optional.ofNullable(info(digest, pathOf(digest)));
  }

  @Override
  public boolean delete(Sha256 digest) {
    requireNonNull(digest, "digest");
    try {
      return Files.deleteIfExists(pathOf(digest));
    } catch (IOException e) {
      throw PedigreeException.unavailable("cannot delete blob " + digest + " in " + describe()
          + ": " + e, e);
    }
  }

  @Override
  public Stream<BlobInfo> list() {
    try {
      return Files.list(blobs)
          .filter(shard -> isHex(shard.getFileName().toString(), 2))
          .flatMap(LocalBlobStore::listShard)
          .map(this::infoOfFile)
          .filter(Objects::nonNull);
    } catch (IOException e) {
      throw readFailure(null, e);
    }
  }

  @Override
  public BlobVerification verify(Sha256 digest) {
    requireNonNull(digest, "digest");
    MessageDigest md = Sha256.newMessageDigest();
    long size = 0;
    try (InputStream in = Files.newInputStream(pathOf(digest))) {
      byte[] buffer = new byte[BUFFER_SIZE];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        md.update(buffer, 0, n);
        size += n;
      }
    } catch (NoSuchFileException e) {
      return BlobVerification.missing(digest);
    } catch (IOException e) {
      throw readFailure(digest, e);
    }
    return BlobVerification.of(digest, Sha256.of(md.digest()), size);
  }

  @Override
  public long purgeTemporaries(Instant startedBefore) {
    requireNonNull(startedBefore, "startedBefore");
    long removed = 0;
    try (Stream<Path> files = Files.list(temp)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!file.getFileName().toString().endsWith(TEMP_SUFFIX)) {
          continue;
        }
        try {
          if (Files.getLastModifiedTime(file).toInstant().isBefore(startedBefore)
              && Files.deleteIfExists(file)) {
            removed++;
          }
        } catch (NoSuchFileException e) {
          // finished or purged concurrently
        }
      }
    } catch (IOException e) {
      throw PedigreeException.unavailable("cannot purge temporary files in " + describe() + ": "
          + e, e);
    }
    return removed;
  }

  @Override
  public String describe() {
    return "local:" + root;
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return describe();
  }

  private void checkSpace(long needed, long written) {
    long usable;
    try {
      usable = Files.getFileStore(temp).getUsableSpace();
    } catch (IOException e) {
      throw PedigreeException.unavailable("cannot read free space of " + describe() + ": " + e, e);
    }
    if (usable - needed < reserveBytes) {
      throw PedigreeException.unavailable("blob store " + describe() + " is out of disk space: "
          + usable + " bytes usable" + (written > 0 ? " after writing " + written + " bytes" : "")
          + ", " + needed + " more needed and " + reserveBytes
          + " bytes kept in reserve; nothing was stored", null);
    }
  }

  private PedigreeException writeFailure(IOException e, Uploads upload) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("No space left") || message.contains("not enough space")
        || message.contains("quota exceeded")) {
      return PedigreeException.unavailable("blob store " + describe() + " is out of disk space "
          + "after writing " + upload.size() + " bytes of " + upload.describeExpected() + " (" + e
          + "); nothing was stored", e);
    }
    return PedigreeException.unavailable("blob store " + describe() + " failed to store "
        + upload.describeExpected() + ": " + e + "; nothing was stored", e);
  }

  private PedigreeException readFailure(@Nullable Sha256 digest, IOException e) {
    return PedigreeException.unavailable("blob store " + describe() + " failed to read "
        + (digest == null ? "its blobs" : "blob " + digest) + ": " + e, e);
  }

  private static Stream<Path> listShard(Path shard) {
    try {
      return Files.list(shard);
    } catch (NoSuchFileException e) {
      return Stream.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private @Nullable BlobInfo infoOfFile(Path file) {
    String rest = file.getFileName().toString();
    String shard = file.getParent().getFileName().toString();
    if (!isHex(rest, 62)) {
      return null;
    }
    return info(new Sha256(shard + rest), file);
  }

  private @Nullable BlobInfo info(Sha256 digest, Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return null;
      }
      return new BlobInfo(digest, attributes.size(), attributes.lastModifiedTime().toMillis());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw readFailure(digest, e);
    }
  }

  private static boolean isHex(String name, int length) {
    return name.length() == length && Sha256.isValidHex(name + "0".repeat(64 - length));
  }

  /** Refreshes the store time (see {@link BlobInfo#storedAtMs()}); false if the file is gone. */
  private static boolean touch(Path file) throws IOException {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private static void forceDirectory(Path directory) {
    // Makes the new directory entry durable on Linux; some platforms cannot open directories.
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // left for purgeTemporaries
    }
  }

  private static void closeQuietly(@Nullable FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing to do
      }
    }
  }
}
