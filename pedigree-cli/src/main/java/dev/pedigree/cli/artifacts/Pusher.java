package dev.pedigree.cli.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.core.artifacts.Names;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.artifact.FileEntry;
import dev.pedigree.model.artifact.ManifestEntry;
import dev.pedigree.model.artifact.ManifestPaths;
import dev.pedigree.model.artifact.ManifestReader;
import dev.pedigree.model.artifact.ManifestSorter;
import dev.pedigree.model.artifact.ManifestSummary;
import dev.pedigree.model.artifact.ReferenceEntry;
import dev.pedigree.model.artifact.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code artifact push}: hashes the tree locally (streaming, in parallel, skipping files the hash
 * cache knows), builds the canonical manifest with bounded memory, stores it as a blob, starts an
 * upload, uploads only the blobs the server lacks (in parallel, bounded), and commits. Every path
 * is checked while the tree is walked, before anything is sent.
 */
final class Pusher {
  private static final int BUFFER = 256 * 1024;
  /** Files up to this size are uploaded in batches; larger ones stream in a request each. */
  static final long SMALL_FILE = 1 << 20;
  static final int BATCH_FILES = 2_000;
  /**
   * Files from this size on are uploaded as soon as they are hashed if the server lacks them (the
   * upload started later finds them stored), so that large transfers overlap hashing.
   */
  static final long EAGER_UPLOAD = 16 << 20;
  static final long BATCH_BYTES = 8 << 20;

  private final ArtifactClient client;
  private final int parallelism;
  private final PrintWriter err;
  private final boolean terminal;

  Pusher(ArtifactClient client, int parallelism, PrintWriter err, boolean terminal) {
    this.client = client;
    this.parallelism = parallelism;
    this.err = err;
    this.terminal = terminal;
  }

  ObjectNode push(String collection, Path path, List<String> aliases, boolean reference, HashCache cache)
      throws IOException {
    long started = System.nanoTime();
    Path root = path.toAbsolutePath().normalize();
    // Names are checked before any file is read, not after the upload.
    Names.checkCollection(collection);
    aliases.forEach(Names::checkAlias);
    if (!Files.exists(root)) {
      throw PedigreeException.invalidArgument(path + " does not exist");
    }
    Path realRoot = root.toRealPath();
    boolean single = Files.isRegularFile(realRoot);
    Path temp = Files.createTempDirectory("pedigree-push");
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    try {
      // 1. Hash locally and build the manifest.
      ManifestSummary summary;
      Path manifest = temp.resolve("manifest");
      AtomicLong hashed = new AtomicLong();
      AtomicLong[] eager = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
      try (ManifestSorter sorter = new ManifestSorter(temp, ManifestSorter.DEFAULT_CHUNK_SIZE)) {
        Progress progress = new Progress(err, terminal, "hashing  ", 0, 0);
        Semaphore inFlight = new Semaphore(parallelism * 4);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Future<?>> tasks = new ArrayList<>();
        EntrySink add = (relative, file, attributes, digest) -> {
          ManifestEntry entry = reference
              ? ReferenceEntry.of(relative, attributes.size(), file.toUri(), "sha256:" + digest.hex())
              : FileEntry.of(relative, attributes.size(), digest);
          synchronized (sorter) {
            sorter.add(entry);
          }
          hashed.addAndGet(attributes.size());
          progress.fileDone(attributes.size());
        };
        walk(root, realRoot, single, (relative, file, attributes) -> {
          if (failure.get() != null) {
            return;
          }
          // A file the cache knows costs a lookup: cheaper here than handing it to another thread.
          Sha256 known = cache.find(file, attributes);
          if (known != null) {
            add.accept(relative, file, attributes, known);
            return;
          }
          inFlight.acquireUninterruptibly();
          tasks.add(pool.submit(() -> {
            try {
              Sha256 digest = hash(file);
              cache.remember(file, attributes, digest);
              if (!reference && attributes.size() >= EAGER_UPLOAD && !client.hasBlob(digest)) {
                // Large and changed: send it now, while other files are still being hashed (files the
                // cache knows were pushed before; the upload asks the server about them).
                if (client.putBlob(digest, file)) {
                  eager[2].addAndGet(attributes.size());
                }
                eager[0].incrementAndGet();
                eager[1].addAndGet(attributes.size());
              }
              add.accept(relative, file, attributes, digest);
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
            } finally {
              inFlight.release();
            }
          }));
        });
        await(tasks);
        rethrow(failure.get());
        progress.finish();
        try (OutputStream out = Files.newOutputStream(manifest)) {
          summary = sorter.writeTo(out);
        }
      }
      cache.save();
      long hashedAt = System.nanoTime();

      // 2. Store the manifest unless the server has it (content pushed before), start the upload,
      // learn what is missing.
      String uploads = ArtifactClient.collectionPath(collection) + "/uploads";
      ObjectNode start = ArtifactClient.object().put("manifest", summary.digest().hex());
      JsonNode upload;
      if (client.hasBlob(summary.digest())) {
        try {
          upload = client.post(uploads, start);
        } catch (PedigreeException e) {
          // Garbage collection took it in between (an unreferenced manifest past the grace period).
          if (e.code() != ErrorCode.FAILED_PRECONDITION && e.code() != ErrorCode.NOT_FOUND) {
            throw e;
          }
          client.putBlob(summary.digest(), manifest);
          upload = client.post(uploads, start);
        }
      } else {
        client.putBlob(summary.digest(), manifest);
        upload = client.post(uploads, start);
      }
      String uploadId = upload.path("upload_id").asText();

      // 3. Upload only the missing blobs, then commit (asking again once if some went missing).
      long startedAt = System.nanoTime();
      long[] sent = uploadMissing(pool, upload, manifest, root, single);
      long uploadedAt = System.nanoTime();
      for (int i = 0; i < sent.length; i++) {
        sent[i] += eager[i].get();
      }
      JsonNode committed;
      try {
        committed = commit(uploadId, aliases);
      } catch (PedigreeException e) {
        if (e.code() != ErrorCode.FAILED_PRECONDITION || !e.getMessage().contains("missing")) {
          throw e;
        }
        long[] more = uploadMissing(pool, client.get("/uploads/" + uploadId), manifest, root, single);
        sent[0] += more[0];
        sent[1] += more[1];
        sent[2] += more[2];
        committed = commit(uploadId, aliases);
      }
      ObjectNode result = ArtifactClient.object();
      result.set("version", committed.path("version"));
      result.put("created", committed.path("created").asBoolean());
      result.put("files", summary.entryCount());
      result.put("bytes", summary.totalSize());
      result.put("uploaded_blobs", sent[0]);
      result.put("uploaded_bytes", sent[1]);
      result.put("new_bytes", sent[2]);
      long now = System.nanoTime();
      result.put("seconds", (now - started) / 1e9);
      ObjectNode phases = result.putObject("phase_seconds");
      phases.put("hash", (hashedAt - started) / 1e9);
      phases.put("start", (startedAt - hashedAt) / 1e9);
      phases.put("upload", (uploadedAt - startedAt) / 1e9);
      phases.put("commit", (now - uploadedAt) / 1e9);
      return result;
    } finally {
      pool.shutdownNow();
      deleteTree(temp);
    }
  }

  private JsonNode commit(String uploadId, List<String> aliases) {
    ObjectNode body = ArtifactClient.object();
    ArrayNode list = body.putArray("aliases");
    aliases.forEach(list::add);
    return client.post("/uploads/" + uploadId + "/commit", body);
  }

  /** Returns {blobs sent, bytes sent, bytes the server did not have}. */
  private long[] uploadMissing(ExecutorService pool, JsonNode upload, Path manifest, Path root, boolean single)
      throws IOException {
    Set<Sha256> missing = new HashSet<>();
    upload.path("missing").forEach(node -> missing.add(new Sha256(node.asText())));
    long[] sent = new long[3];
    if (missing.isEmpty()) {
      return sent;
    }
    long totalBytes = 0;
    List<FileEntry> toSend = new ArrayList<>();
    try (InputStream in = Files.newInputStream(manifest); ManifestReader reader = new ManifestReader(in)) {
      while (reader.hasNext()) {
        if (reader.next() instanceof FileEntry file && missing.remove(file.sha256())) {
          toSend.add(file);
          totalBytes += file.size();
        }
      }
    }
    Progress progress = new Progress(err, terminal, "uploading", toSend.size(), totalBytes);
    AtomicLong blobs = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicLong created = new AtomicLong();
    List<Future<?>> tasks = new ArrayList<>();
    List<FileEntry> batch = new ArrayList<>();
    long batchBytes = 0;
    for (FileEntry file : toSend) {
      Path source = single ? root : resolve(root, file.path());
      if (file.size() <= SMALL_FILE) {
        if (batch.size() == BATCH_FILES || batchBytes + file.size() > BATCH_BYTES) {
          tasks.add(submitBatch(pool, batch, root, single, blobs, bytes, created, progress));
          batch = new ArrayList<>();
          batchBytes = 0;
        }
        batch.add(file);
        batchBytes += file.size();
        continue;
      }
      tasks.add(pool.submit(() -> {
        if (client.putBlob(file.sha256(), source)) {
          created.addAndGet(file.size());
        }
        blobs.incrementAndGet();
        bytes.addAndGet(file.size());
        progress.fileDone(file.size());
        return null;
      }));
    }
    if (!batch.isEmpty()) {
      tasks.add(submitBatch(pool, batch, root, single, blobs, bytes, created, progress));
    }
    await(tasks);
    progress.finish();
    sent[0] = blobs.get();
    sent[1] = bytes.get();
    sent[2] = created.get();
    return sent;
  }

  /** Uploads small files as one batch request: one round trip and one group of disk flushes on the server. */
  private Future<?> submitBatch(ExecutorService pool, List<FileEntry> batch, Path root, boolean single,
      AtomicLong blobs, AtomicLong bytes, AtomicLong created, Progress progress) {
    return pool.submit(() -> {
      long total = 0;
      for (FileEntry file : batch) {
        total += 40 + file.size();
      }
      ByteBuffer records = ByteBuffer.allocate(Math.toIntExact(total));
      for (FileEntry file : batch) {
        Path source = single ? root : resolve(root, file.path());
        byte[] content = Files.readAllBytes(source);
        if (content.length != file.size()) {
          throw PedigreeException.failedPrecondition("'" + file.path() + "' changed while it was pushed ("
              + file.size() + " bytes when hashed, " + content.length + " now); push again");
        }
        records.put(file.sha256().bytes()).putLong(content.length).put(content);
      }
      JsonNode results = client.putBlobs(records.array());
      if (results.size() != batch.size()) {
        throw PedigreeException.internal("the server answered " + results.size() + " results for a batch of "
            + batch.size() + " blobs", null);
      }
      for (int i = 0; i < batch.size(); i++) {
        long size = batch.get(i).size();
        if (results.get(i).path("created").asBoolean()) {
          created.addAndGet(size);
        }
        blobs.incrementAndGet();
        bytes.addAndGet(size);
        progress.fileDone(size);
      }
      return null;
    });
  }

  interface FileSink {
    void accept(String relative, Path file, BasicFileAttributes attributes) throws IOException;
  }

  private interface EntrySink {
    void accept(String relative, Path file, BasicFileAttributes attributes, Sha256 digest) throws IOException;
  }

  /**
   * Visits the regular files of the tree with their manifest paths. Rejected with INVALID_ARGUMENT:
   * names the manifest rules forbid (control characters, ...), symbolic links leading out of the tree
   * or to directories, and special files.
   */
  static void walk(Path root, Path realRoot, boolean single, FileSink sink) throws IOException {
    if (single) {
      String name = ManifestPaths.check(root.getFileName().toString());
      sink.accept(name, root, Files.readAttributes(root, BasicFileAttributes.class));
      return;
    }
    String separator = root.getFileSystem().getSeparator();
    String prefix = root.toString().endsWith(separator) ? root.toString() : root + separator;
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        // The walk resolves every file against the root, so its name starts with the root's.
        String name = file.toString().substring(prefix.length());
        String relative = checked(separator.equals("/") ? name : name.replace(separator, "/"));
        BasicFileAttributes actual = attributes;
        if (attributes.isSymbolicLink()) {
          Path target;
          try {
            target = file.toRealPath();
          } catch (IOException e) {
            throw PedigreeException.invalidArgument("symbolic link '" + relative + "' is broken");
          }
          if (!target.startsWith(realRoot)) {
            throw PedigreeException.invalidArgument("symbolic link '" + relative + "' points outside the pushed tree");
          }
          if (Files.isDirectory(target)) {
            throw PedigreeException.invalidArgument("symbolic link '" + relative
                + "' points to a directory; only links to files are followed");
          }
          actual = Files.readAttributes(target, BasicFileAttributes.class);
        }
        if (!actual.isRegularFile()) {
          throw PedigreeException.invalidArgument("'" + relative + "' is not a regular file");
        }
        sink.accept(relative, file, actual);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static String checked(String path) {
    try {
      return ManifestPaths.check(path);
    } catch (PedigreeException e) {
      throw PedigreeException.invalidArgument("cannot push '" + path.replaceAll("\\p{Cntrl}", "?") + "': "
          + e.getMessage());
    }
  }

  static Path resolve(Path root, String path) {
    Path resolved = root.resolve(path).normalize();
    if (!resolved.startsWith(root)) {
      throw PedigreeException.invalidArgument("path '" + path + "' leaves the directory");
    }
    return resolved;
  }

  static Sha256 hash(Path file) throws IOException {
    MessageDigest digest = Sha256.newMessageDigest();
    // Sized to the file: hashing many small files should not allocate a large buffer each.
    byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(8192, Files.size(file) + 1))];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return Sha256.of(digest.digest());
  }

  static void await(List<Future<?>> tasks) {
    Throwable first = null;
    for (Future<?> task : tasks) {
      try {
        task.get();
      } catch (java.util.concurrent.ExecutionException e) {
        if (first == null) {
          first = e.getCause();
          tasks.forEach(t -> t.cancel(true));
        }
      } catch (java.util.concurrent.CancellationException e) {
        // Cancelled after an earlier failure.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw PedigreeException.aborted("interrupted", e);
      }
    }
    rethrow(first);
  }

  static void rethrow(@org.jspecify.annotations.Nullable Throwable failure) {
    if (failure == null) {
      return;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof IOException io) {
      throw new UncheckedIOException(io);
    }
    if (failure instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException(failure);
  }

  static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // Best effort: a temporary directory.
        }
      });
    } catch (IOException e) {
      // Best effort.
    }
  }
}
