package dev.pedigree.store.blob;

/**
 * A byte range of a blob: {@code length} bytes from {@code offset}, cut at the blob's end.
 */
public record ByteRange(long offset, long length) {
  public ByteRange {
    if (offset < 0) {
      throw new IllegalArgumentException("offset: " + offset + " (expected: >= 0)");
    }
    if (length < 0) {
      throw new IllegalArgumentException("length: " + length + " (expected: >= 0)");
    }
  }

  /** From {@code offset} to the end. */
  public static ByteRange from(long offset) {
    return new ByteRange(offset, Long.MAX_VALUE);
  }

  public static ByteRange of(long offset, long length) {
    return new ByteRange(offset, length);
  }

  /** Bytes this range covers in a blob of {@code size} bytes. */
  public long lengthWithin(long size) {
    return offset >= size ? 0 : Math.min(length, size - offset);
  }
}
