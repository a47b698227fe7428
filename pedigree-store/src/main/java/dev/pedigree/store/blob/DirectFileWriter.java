package dev.pedigree.store.blob;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a new file that must end up on disk, bypassing the page cache ({@code O_DIRECT}) where
 * the file system allows it: bytes are gathered in an aligned direct buffer and written in whole
 * blocks, the last block padded and the file then cut to its length. Going around the page cache
 * costs a fraction of the CPU of buffered writes followed by a flush (no page allocation, no copy
 * into the cache, no write-back at flush time) and leaves the cache to data that is read. Where
 * direct I/O is refused (tmpfs, some network file systems), the file is written buffered. Either
 * way {@link #finish()} forces the file to disk.
 */
final class DirectFileWriter implements Closeable {
  private static final int BUFFER_SIZE = 1 << 20;

  private final FileChannel channel;
  private final ByteBuffer buffer;
  private final int alignment;
  private final boolean direct;
  private long length;

  private DirectFileWriter(FileChannel channel, ByteBuffer buffer, int alignment, boolean direct) {
    this.channel = channel;
    this.buffer = buffer;
    this.alignment = alignment;
    this.direct = direct;
  }

  /** Creates {@code file}, which must not exist; {@code sizeHint} (0 if unknown) sizes the buffer. */
  static DirectFileWriter create(Path file, long sizeHint) throws IOException {
    return create(file, sizeHint, true);
  }

  /** As above; {@code tryDirect} false writes buffered whatever the file system allows. */
  static DirectFileWriter create(Path file, long sizeHint, boolean tryDirect) throws IOException {
    int capacity = (int) Math.min(BUFFER_SIZE, Math.max(64 << 10, sizeHint));
    int alignment = tryDirect ? alignment(file.getParent()) : 0;
    if (alignment > 0) {
      FileChannel channel = null;
      try {
        channel = FileChannel.open(file, options(true));
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (UnsupportedOperationException | IOException e) {
        // Direct I/O refused by this file system (the file was not created): buffered writes below.
      }
      if (channel != null) {
        int aligned = (capacity + alignment - 1) / alignment * alignment;
        ByteBuffer buffer = ByteBuffer.allocateDirect(aligned + alignment).alignedSlice(alignment).limit(aligned).slice();
        return new DirectFileWriter(channel, buffer, alignment, true);
      }
    }
    return new DirectFileWriter(FileChannel.open(file, options(false)), ByteBuffer.allocateDirect(capacity), 1, false);
  }

  private static OpenOption[] options(boolean direct) {
    return direct
        ? new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT}
        : new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
  }

  /** The block size direct I/O must be aligned to, or 0 when it cannot be learnt or is implausible. */
  private static int alignment(Path directory) {
    try {
      long size = Files.getFileStore(directory).getBlockSize();
      return size > 0 && size <= BUFFER_SIZE && Long.bitCount(size) == 1 ? (int) size : 0;
    } catch (IOException | UnsupportedOperationException e) {
      return 0;
    }
  }

  /** Whether the file bypasses the page cache. */
  boolean direct() {
    return direct;
  }

  void write(byte[] bytes, int offset, int count) throws IOException {
    while (count > 0) {
      int n = Math.min(count, buffer.remaining());
      buffer.put(bytes, offset, n);
      offset += n;
      count -= n;
      length += n;
      if (!buffer.hasRemaining()) {
        drain();
      }
    }
  }

  /** Writes what is buffered (padded to whole blocks when direct), cuts the file to its length and forces it to disk. */
  void finish() throws IOException {
    if (buffer.position() > 0) {
      int used = buffer.position();
      int padded = (used + alignment - 1) / alignment * alignment;
      while (buffer.position() < padded) {
        buffer.put((byte) 0);
      }
      drain();
      if (padded != used) {
        channel.truncate(length);
      }
    }
    channel.force(true);
  }

  private void drain() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
