package dev.pedigree.cli.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.artifact.FileEntry;
import dev.pedigree.model.artifact.ManifestEntry;
import dev.pedigree.model.artifact.ManifestReader;
import dev.pedigree.model.artifact.ReferenceEntry;
import dev.pedigree.model.artifact.Sha256;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code artifact pull}: downloads a version's manifest and files into a directory, in parallel,
 * hashing every file as it arrives; a file whose bytes do not match the manifest (or whose transfer
 * the server broke off because the stored blob is corrupt) is never moved into place. A non-empty
 * target directory is refused unless forced.
 */
final class Puller {
  private static final int BUFFER = 256 * 1024;
  static final String PARTIAL = ".pedigree-partial";

  private final ArtifactClient client;
  private final int parallelism;
  private final PrintWriter err;
  private final boolean terminal;
  private final ReferenceFetcher references;

  Puller(ArtifactClient client, int parallelism, PrintWriter err, boolean terminal, ReferenceFetcher references) {
    this.client = client;
    this.parallelism = parallelism;
    this.err = err;
    this.terminal = terminal;
    this.references = references;
  }

  ObjectNode pull(String collection, String selector, Path dir, boolean force) throws IOException {
    long started = System.nanoTime();
    Path target = dir.toAbsolutePath().normalize();
    if (Files.exists(target) && !Files.isDirectory(target)) {
      throw PedigreeException.invalidArgument(dir + " is not a directory");
    }
    if (!force && Files.isDirectory(target)) {
      try (Stream<Path> children = Files.list(target)) {
        if (children.findAny().isPresent()) {
          throw PedigreeException.failedPrecondition(dir + " is not empty; pull into an empty directory or pass --force");
        }
      }
    }
    String versionPath = ArtifactClient.collectionPath(collection) + "/versions/" + ArtifactClient.encode(selector);
    JsonNode version = client.get(versionPath);
    Sha256 digest = new Sha256(version.path("digest").asText());
    Files.createDirectories(target);
    Path manifest = Files.createTempFile("pedigree-manifest", ".txt");
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    try {
      download(client.open("/blobs/" + digest.hex()), manifest, digest, "the manifest");
      Progress progress = new Progress(err, terminal, "pulling  ", version.path("entry_count").asLong(),
          version.path("size").asLong());
      AtomicLong files = new AtomicLong();
      AtomicLong bytes = new AtomicLong();
      List<Future<?>> tasks = new ArrayList<>();
      List<String> skipped = Collections.synchronizedList(new ArrayList<>());
      Batch batch = new Batch();
      try (InputStream in = Files.newInputStream(manifest); ManifestReader reader = new ManifestReader(in)) {
        while (reader.hasNext()) {
          ManifestEntry entry = reader.next();
          Path file = Pusher.resolve(target, entry.path());
          switch (entry) {
            case FileEntry f when f.size() <= Pusher.SMALL_FILE -> {
              if (batch.files() == Pusher.BATCH_FILES || batch.bytes() + f.size() > Pusher.BATCH_BYTES) {
                tasks.add(submitBatch(pool, batch, files, bytes, progress));
                batch = new Batch();
              }
              batch.add(f, file);
            }
            case FileEntry f -> tasks.add(pool.submit(() -> {
              Files.createDirectories(file.getParent());
              download(client.openToCheckHere("/blobs/" + f.sha256().hex()), file, f.sha256(), "'" + f.path() + "'");
              files.incrementAndGet();
              bytes.addAndGet(f.size());
              progress.fileDone(f.size());
              return null;
            }));
            case ReferenceEntry r -> tasks.add(pool.submit(() -> {
              if (references.fetch(r, file)) {
                files.incrementAndGet();
                bytes.addAndGet(r.size());
                progress.fileDone(r.size());
              } else {
                skipped.add(r.path());
              }
              return null;
            }));
          }
        }
      }
      if (batch.files() > 0) {
        tasks.add(submitBatch(pool, batch, files, bytes, progress));
      }
      Pusher.await(tasks);
      progress.finish();
      ObjectNode result = ArtifactClient.object();
      result.set("version", version);
      result.put("directory", target.toString());
      result.put("files", files.get());
      result.put("bytes", bytes.get());
      var list = result.putArray("skipped_references");
      skipped.forEach(list::add);
      result.put("seconds", (System.nanoTime() - started) / 1e9);
      return result;
    } finally {
      pool.shutdownNow();
      Files.deleteIfExists(manifest);
    }
  }

  /** Small files fetched in one request: each distinct blob once, written to every path that holds it. */
  private static final class Batch {
    final Map<Sha256, List<Path>> paths = new LinkedHashMap<>();
    final Map<Sha256, FileEntry> entries = new LinkedHashMap<>();
    private long bytes;
    private int files;

    void add(FileEntry entry, Path file) {
      paths.computeIfAbsent(entry.sha256(), d -> new ArrayList<>()).add(file);
      if (entries.putIfAbsent(entry.sha256(), entry) == null) {
        bytes += entry.size();
      }
      files++;
    }

    long bytes() {
      return bytes;
    }

    int files() {
      return files;
    }
  }

  private Future<?> submitBatch(ExecutorService pool, Batch batch, AtomicLong files, AtomicLong bytes,
      Progress progress) {
    return pool.submit(() -> {
      try (InputStream raw = client.fetchBlobs(batch.entries.keySet());
          DataInputStream in = new DataInputStream(new BufferedInputStream(raw, BUFFER))) {
        byte[] digest = new byte[32];
        for (FileEntry entry : batch.entries.values()) {
          in.readFully(digest);
          long size = in.readLong();
          if (!Sha256.of(digest).equals(entry.sha256()) || size != entry.size()) {
            throw new PedigreeException(ErrorCode.INTERNAL, "the server sent blob " + Sha256.of(digest) + " (" + size
                + " bytes) where " + entry.sha256() + " (" + entry.size() + " bytes) was expected");
          }
          byte[] content = new byte[(int) size];
          in.readFully(content);
          Sha256 actual = Sha256.hash(content);
          if (!actual.equals(entry.sha256())) {
            throw new PedigreeException(ErrorCode.INTERNAL, "refusing '" + entry.path() + "': its bytes hash to "
                + actual + ", expected " + entry.sha256() + "; run `pedigree artifact verify`");
          }
          for (Path file : batch.paths.get(entry.sha256())) {
            write(file, content);
            files.incrementAndGet();
            bytes.addAndGet(size);
            progress.fileDone(size);
          }
        }
      } catch (IOException e) {
        throw new PedigreeException(ErrorCode.UNAVAILABLE, "download of " + batch.files() + " files failed ("
            + e.getMessage() + "); the server refuses to send bytes that do not match their digest: run "
            + "`pedigree artifact verify`", e);
      }
      return null;
    });
  }

  /** Writes checked bytes to a partial file beside {@code file}, then moves it into place. */
  private static void write(Path file, byte[] content) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + PARTIAL);
    try {
      Files.createDirectories(file.getParent());
      Files.write(partial, content);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /**
   * Copies an opened download to a partial file beside {@code file}, checks the digest, then moves it
   * into place.
   */
  private static void download(InputStream source, Path file, Sha256 expected, String what) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + PARTIAL);
    MessageDigest digest = Sha256.newMessageDigest();
    try {
      try (InputStream in = source; OutputStream out = Files.newOutputStream(partial)) {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) > 0) {
          digest.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
      } catch (IOException e) {
        throw new PedigreeException(ErrorCode.UNAVAILABLE, "download of " + what + " failed (" + e.getMessage()
            + "): the connection broke, or the server found the blob corrupt (see `pedigree artifact verify`)", e);
      }
      Sha256 actual = Sha256.of(digest.digest());
      if (!actual.equals(expected)) {
        throw new PedigreeException(ErrorCode.INTERNAL, "refusing " + what + ": its bytes hash to " + actual
            + ", expected " + expected + "; run `pedigree artifact verify`");
      }
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
