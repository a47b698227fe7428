package dev.pedigree.model.artifact;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.PedigreeException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a canonical manifest from a stream, one entry at a time, and checks everything a writer
 * guarantees: the header, canonical form of every line, canonical order without duplicates, the
 * closing line's counts, and nothing after it. Violations are INVALID_ARGUMENT; I/O failures surface
 * as {@link UncheckedIOException} from {@link #hasNext()} and {@link #next()}.
 */
public final class ManifestReader implements Iterator<ManifestEntry>, Closeable {
  private final InputStream in;
  /** Bytes read from {@code in} and not yet consumed: {@code buffer[position..limit)}. */
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;
  private final MessageDigest digest = Sha256.newMessageDigest();
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] lineBuffer = new byte[256];
  private long lineNumber;
  private long byteLength;
  private long entryCount;
  private long totalSize;
  private @Nullable String previousPath;
  private @Nullable ManifestEntry pending;
  private @Nullable ManifestSummary summary;

  /** Reads from {@code in}, which {@link #close()} closes. */
  public ManifestReader(InputStream in) {
    this.in = requireNonNull(in, "in");
  }

  @Override
  public boolean hasNext() {
    if (pending != null) {
      return true;
    }
    if (summary != null) {
      return false;
    }
    try {
      advance();
    } catch (IOException e) {
      throw new UncheckedIOException("reading manifest failed", e);
    }
    return pending != null;
  }

  @Override
  public ManifestEntry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ManifestEntry entry = requireNonNull(pending);
    pending = null;
    return entry;
  }

  /** The digest and totals; available once {@link #hasNext()} has returned {@code false}. */
  public ManifestSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("manifest not read to its end yet");
    }
    return summary;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private void advance() throws IOException {
    if (lineNumber == 0) {
      String header = readLine();
      if (header == null || !header.equals(ManifestCodec.HEADER)) {
        throw ManifestCodec.malformed(1, "not a Pedigree manifest (expected first line: \""
            + ManifestCodec.HEADER + "\")");
      }
    }
    String line = readLine();
    if (line == null) {
      throw ManifestCodec.malformed(lineNumber + 1, "manifest ends without its closing line");
    }
    if (line.startsWith("end\t")) {
      readFooter(line);
      return;
    }
    ManifestEntry entry = ManifestCodec.decode(line, lineNumber);
    if (previousPath != null) {
      int order = ManifestPaths.compare(previousPath, entry.path());
      if (order >= 0) {
        throw ManifestCodec.malformed(lineNumber, order == 0
            ? "duplicate path " + ManifestPaths.quote(entry.path())
            : "path " + ManifestPaths.quote(entry.path()) + " is out of canonical order");
      }
      if (ManifestPaths.isBelow(entry.path(), previousPath)) {
        throw ManifestCodec.malformed(lineNumber, "path " + ManifestPaths.quote(previousPath)
            + " is both a file and a directory");
      }
    }
    previousPath = entry.path();
    entryCount++;
    totalSize = Math.addExact(totalSize, entry.size());
    pending = entry;
  }

  private void readFooter(String line) throws IOException {
    if (!line.equals(ManifestCodec.footer(entryCount, totalSize))) {
      throw ManifestCodec.malformed(lineNumber, "closing line " + ManifestPaths.quote(line)
          + " does not match the entries read (expected: "
          + ManifestPaths.quote(ManifestCodec.footer(entryCount, totalSize)) + ")");
    }
    if (position < limit || fill()) {
      throw ManifestCodec.malformed(lineNumber + 1, "data after the closing line");
    }
    summary = new ManifestSummary(Sha256.of(digest.digest()), entryCount, totalSize, byteLength);
  }

  /** Scans the buffer for the end of the line rather than reading byte by byte (manifests run to millions of lines). */
  private @Nullable String readLine() throws IOException {
    int length = 0;
    boolean ascii = true;
    while (true) {
      if (position == limit && !fill()) {
        if (length == 0) {
          return null;
        }
        throw ManifestCodec.malformed(lineNumber + 1, "last line has no terminating newline");
      }
      int end = position;
      while (end < limit && buffer[end] != '\n') {
        ascii &= buffer[end] >= 0;
        end++;
      }
      boolean complete = end < limit;
      int take = end - position + (complete ? 1 : 0);
      if (length + take > lineBuffer.length) {
        if (length + take > ManifestCodec.MAX_LINE_BYTES) {
          throw ManifestCodec.malformed(lineNumber + 1, "line longer than "
              + ManifestCodec.MAX_LINE_BYTES + " bytes");
        }
        lineBuffer = Arrays.copyOf(lineBuffer, Math.min(ManifestCodec.MAX_LINE_BYTES,
            Math.max(lineBuffer.length * 2, length + take)));
      }
      System.arraycopy(buffer, position, lineBuffer, length, take);
      length += take;
      position += take;
      if (complete) {
        break;
      }
    }
    lineNumber++;
    byteLength += length;
    digest.update(lineBuffer, 0, length);
    if (ascii) {
      return new String(lineBuffer, 0, length - 1, StandardCharsets.ISO_8859_1);
    }
    try {
      return utf8.decode(ByteBuffer.wrap(lineBuffer, 0, length - 1)).toString();
    } catch (CharacterCodingException e) {
      throw ManifestCodec.malformed(lineNumber, "not valid UTF-8");
    }
  }

  /** Refills the empty buffer; false at the end of the stream. */
  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    while (n == 0) {
      n = in.read(buffer, 0, buffer.length);
    }
    position = 0;
    limit = Math.max(n, 0);
    return n > 0;
  }
}
