package dev.pedigree.store.blob;

import dev.pedigree.model.artifact.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;

/** Deterministic pseudo-random bytes of a given length, generated on the fly (never held). */
final class GeneratedContent extends InputStream {
  private final long length;
  private long position;
  private long state;

  GeneratedContent(long seed, long length) {
    this.length = length;
    this.state = seed * 0x9E3779B97F4A7C15L + 1;
  }

  static Sha256 digestOf(long seed, long length) {
    MessageDigest md = Sha256.newMessageDigest();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = new GeneratedContent(seed, length)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        md.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Sha256.of(md.digest());
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int count) {
    if (position >= length) {
      return -1;
    }
    int n = (int) Math.min(count, length - position);
    for (int i = 0; i < n; i++) {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      buffer[offset + i] = (byte) state;
    }
    position += n;
    return n;
  }
}
