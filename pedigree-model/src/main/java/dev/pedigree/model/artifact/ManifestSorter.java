package dev.pedigree.model.artifact;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * Turns entries given in any order into a canonical manifest with bounded memory: an external
 * merge sort. Up to {@code chunkSize} entries are held and sorted in memory; each full chunk is
 * spilled as a sorted run to a temporary file, and {@link #writeTo} merges the runs into a {@link
 * ManifestWriter}. Memory is about {@code chunkSize} entries plus one entry and one read buffer per
 * run; disk use is about the size of the manifest. {@link #close()} deletes the runs.
 */
public final class ManifestSorter implements Closeable {
  /** A good default: 100,000 entries take some tens of megabytes. */
  public static final int DEFAULT_CHUNK_SIZE = 100_000;

  private static final Comparator<ManifestEntry> BY_PATH =
      (a, b) -> ManifestPaths.compare(a.path(), b.path());

  private final Path tempDir;
  private final int chunkSize;
  private final List<ManifestEntry> chunk = new ArrayList<>();
  private final List<Path> runs = new ArrayList<>();
  private boolean consumed;

  /**
   * @param tempDir where sorted runs are spilled; must exist
   * @param chunkSize entries held in memory at most (expected: at least 1)
   */
  public ManifestSorter(Path tempDir, int chunkSize) {
    this.tempDir = requireNonNull(tempDir, "tempDir");
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize: " + chunkSize + " (expected: >= 1)");
    }
    this.chunkSize = chunkSize;
  }

  public void add(ManifestEntry entry) throws IOException {
    requireNonNull(entry, "entry");
    if (consumed) {
      throw new IllegalStateException("entries already written");
    }
    chunk.add(entry);
    if (chunk.size() >= chunkSize) {
      spill();
    }
  }

  /** Number of sorted runs spilled to disk so far. */
  public int spilledRuns() {
    return runs.size();
  }

  /**
   * Writes all entries as a canonical manifest to {@code out} (which is left open) and returns its
   * digest. Duplicate paths and file/directory clashes are rejected with INVALID_ARGUMENT.
   */
  public ManifestSummary writeTo(OutputStream out) throws IOException {
    requireNonNull(out, "out");
    if (consumed) {
      throw new IllegalStateException("entries already written");
    }
    consumed = true;
    chunk.sort(BY_PATH);
    ManifestWriter writer = new ManifestWriter(new NonClosingOutputStream(out));
    List<RunReader> readers = new ArrayList<>();
    try {
      PriorityQueue<RunReader> queue = new PriorityQueue<>(
          Comparator.comparing(RunReader::head, BY_PATH));
      for (Path run : runs) {
        RunReader reader = new RunReader(Files.newBufferedReader(run, StandardCharsets.UTF_8));
        readers.add(reader);
        if (reader.advance()) {
          queue.add(reader);
        }
      }
      RunReader memory = new RunReader(chunk);
      if (memory.advance()) {
        queue.add(memory);
      }
      while (!queue.isEmpty()) {
        RunReader smallest = queue.poll();
        writer.write(smallest.head());
        if (smallest.advance()) {
          queue.add(smallest);
        }
      }
      chunk.clear();
      ManifestSummary summary = writer.finish();
      writer.close();
      return summary;
    } finally {
      for (RunReader reader : readers) {
        reader.close();
      }
    }
  }

  @Override
  public void close() throws IOException {
    chunk.clear();
    IOException failure = null;
    for (Path run : runs) {
      try {
        Files.deleteIfExists(run);
      } catch (IOException e) {
        failure = e;
      }
    }
    runs.clear();
    if (failure != null) {
      throw failure;
    }
  }

  private void spill() throws IOException {
    chunk.sort(BY_PATH);
    Path run = Files.createTempFile(tempDir, "manifest-run-", ".tmp");
    runs.add(run);
    try (BufferedWriter out = Files.newBufferedWriter(run, StandardCharsets.UTF_8)) {
      for (ManifestEntry entry : chunk) {
        out.write(ManifestCodec.encode(entry));
        out.write('\n');
      }
    }
    chunk.clear();
  }

  /** A sorted run on disk, or the final in-memory chunk, read one entry at a time. */
  private static final class RunReader implements Closeable {
    private final @Nullable BufferedReader file;
    private final List<ManifestEntry> memory;
    private int memoryIndex;
    private long lineNumber;
    private @Nullable ManifestEntry head;

    RunReader(BufferedReader file) {
      this.file = file;
      this.memory = List.of();
    }

    RunReader(List<ManifestEntry> memory) {
      this.file = null;
      this.memory = memory;
    }

    ManifestEntry head() {
      return requireNonNull(head, "head");
    }

    boolean advance() throws IOException {
      if (file == null) {
        if (memoryIndex == memory.size()) {
          return false;
        }
        head = memory.get(memoryIndex++);
        return true;
      }
      String line = file.readLine();
      if (line == null) {
        return false;
      }
      head = ManifestCodec.decode(line, ++lineNumber);
      return true;
    }

    @Override
    public void close() throws IOException {
      if (file != null) {
        file.close();
      }
    }
  }

  private static final class NonClosingOutputStream extends java.io.FilterOutputStream {
    NonClosingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
