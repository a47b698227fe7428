package dev.pedigree.model.artifact;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.PedigreeException;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * Writes a canonical manifest to a stream, one entry at a time, hashing as it goes. Entries must
 * arrive in canonical path order ({@link ManifestPaths#ORDER}); use {@link ManifestSorter} when
 * they don't. Only the previous path is kept, so memory stays flat however many entries there are.
 *
 * <p>Rejected with INVALID_ARGUMENT: entries out of order, duplicate paths, and a path that is
 * both a file and a directory ({@code a} and {@code a/b}).
 */
public final class ManifestWriter implements Closeable {
  private final OutputStream out;
  private final MessageDigest digest = Sha256.newMessageDigest();
  private @Nullable String previousPath;
  private long entryCount;
  private long totalSize;
  private long byteLength;
  private boolean finished;

  /** Writes to {@code out}, which {@link #close()} closes. */
  public ManifestWriter(OutputStream out) throws IOException {
    this.out = new BufferedOutputStream(requireNonNull(out, "out"), 64 * 1024);
    writeLine(ManifestCodec.HEADER);
  }

  /** Appends an entry, which must come after every entry written so far. */
  public void write(ManifestEntry entry) throws IOException {
    requireNonNull(entry, "entry");
    if (finished) {
      throw new IllegalStateException("manifest already finished");
    }
    String path = entry.path();
    if (previousPath != null) {
      int order = ManifestPaths.compare(previousPath, path);
      if (order == 0) {
        throw PedigreeException.invalidArgument(
            "duplicate path " + ManifestPaths.quote(path) + " in manifest");
      }
      if (order > 0) {
        throw PedigreeException.invalidArgument("manifest entries out of order: "
            + ManifestPaths.quote(path) + " after " + ManifestPaths.quote(previousPath)
            + " (expected: canonical path order; sort them first)");
      }
      if (ManifestPaths.isBelow(path, previousPath)) {
        throw PedigreeException.invalidArgument("path " + ManifestPaths.quote(previousPath)
            + " is both a file and a directory (of " + ManifestPaths.quote(path) + ")");
      }
    }
    writeLine(ManifestCodec.encode(entry));
    previousPath = path;
    entryCount++;
    totalSize = Math.addExact(totalSize, entry.size());
  }

  /** Writes the closing line, flushes, and returns the digest and totals. */
  public ManifestSummary finish() throws IOException {
    if (!finished) {
      writeLine(ManifestCodec.footer(entryCount, totalSize));
      out.flush();
      finished = true;
    }
    return new ManifestSummary(Sha256.of(digest.digest()), entryCount, totalSize, byteLength);
  }

  public long entryCount() {
    return entryCount;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private void writeLine(String line) throws IOException {
    byte[] bytes = ManifestCodec.utf8(line);
    digest.update(bytes);
    out.write(bytes);
    byteLength += bytes.length;
  }
}
