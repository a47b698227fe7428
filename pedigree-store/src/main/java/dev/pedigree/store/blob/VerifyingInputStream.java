package dev.pedigree.store.blob;

import dev.pedigree.model.artifact.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes what passes through and fails at the end of the stream if the digest is wrong. */
final class VerifyingInputStream extends FilterInputStream {
  private final Sha256 expected;
  private final MessageDigest digest = Sha256.newMessageDigest();
  private long size;
  private boolean checked;

  VerifyingInputStream(InputStream in, Sha256 expected) {
    super(in);
    this.expected = expected;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b < 0) {
      check();
    } else {
      digest.update((byte) b);
      size++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n < 0) {
      check();
    } else {
      digest.update(buffer, offset, n);
      size += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("a verified blob stream cannot skip");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void check() throws IOException {
    if (checked) {
      return;
    }
    checked = true;
    Sha256 actual = Sha256.of(digest.digest());
    if (!actual.equals(expected)) {
      throw new CorruptBlobException("blob " + expected + " is corrupt: its " + size
          + " stored bytes hash to " + actual + "; do not use what was read");
    }
  }
}
