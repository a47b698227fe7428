package dev.pedigree.store.blob;

import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.artifact.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * Reading and checking uploaded content, shared by the implementations: hashing and counting as
 * bytes arrive, stopping at the first byte past the expected size, and the error messages.
 */
final class Uploads {
  static final long UNKNOWN_SIZE = -1;

  private final InputStream content;
  private final @Nullable Sha256 expectedDigest;
  private final long expectedSize;
  private final MessageDigest digest = Sha256.newMessageDigest();
  private long size;
  private @Nullable Sha256 actual;

  Uploads(InputStream content, @Nullable Sha256 expectedDigest, long expectedSize) {
    this.content = content;
    this.expectedDigest = expectedDigest;
    this.expectedSize = expectedSize;
    if (expectedDigest != null && expectedSize < 0) {
      throw PedigreeException.invalidArgument(
          "expected size: " + expectedSize + " (expected: >= 0)");
    }
  }

  /**
   * Fills {@code buffer} from {@code offset} as far as the content goes; returns the bytes read,
   * 0 only at the end of the content. Failures of the caller's stream are ABORTED.
   */
  int fill(byte[] buffer, int offset) {
    int total = 0;
    try {
      while (offset + total < buffer.length) {
        int n = content.read(buffer, offset + total, buffer.length - offset - total);
        if (n < 0) {
          break;
        }
        digest.update(buffer, offset + total, n);
        total += n;
        size += n;
        if (expectedSize >= 0 && size > expectedSize) {
          throw PedigreeException.invalidArgument("content of " + describeExpected()
              + " is longer than the expected " + expectedSize + " bytes; nothing was stored");
        }
      }
    } catch (IOException e) {
      throw new PedigreeException(ErrorCode.ABORTED, "upload of " + describeExpected()
          + " aborted: reading the content failed after " + size + " bytes (" + e.getMessage()
          + "); nothing was stored", e);
    }
    return total;
  }

  long size() {
    return size;
  }

  /**
   * The digest of everything read; throws INVALID_ARGUMENT if it is not what was expected. Call it
   * once the content is read to its end; calling it again returns the same digest.
   */
  Sha256 finish() {
    if (actual == null) {
      actual = Sha256.of(digest.digest());
    }
    Sha256 actual = this.actual;
    if (expectedDigest != null && (!actual.equals(expectedDigest) || size != expectedSize)) {
      throw PedigreeException.invalidArgument("content does not match its digest: expected "
          + expectedDigest + " (" + expectedSize + " bytes), received " + actual + " (" + size
          + " bytes); nothing was stored");
    }
    return actual;
  }

  String describeExpected() {
    return expectedDigest == null ? "a blob" : expectedDigest.toString();
  }

  /** Throws INVALID_ARGUMENT unless the bytes of a batch item hash to its digest. */
  static void check(BlobContent blob) {
    Sha256 actual = Sha256.hash(blob.bytes());
    if (!actual.equals(blob.digest())) {
      throw PedigreeException.invalidArgument("content does not match its digest: expected " + blob.digest()
          + " (" + blob.bytes().length + " bytes), received " + actual + " (" + blob.bytes().length
          + " bytes); nothing of the batch was stored");
    }
  }

  static PedigreeException notFound(Sha256 digest) {
    return PedigreeException.notFound("blob " + digest + " not found");
  }

  static PedigreeException pastEnd(Sha256 digest, ByteRange range, long size) {
    return PedigreeException.outOfRange("range offset " + range.offset() + " is past the end of blob "
        + digest + " (" + size + " bytes)");
  }
}
