package dev.pedigree.store.blob;

import dev.pedigree.model.artifact.Sha256;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Content-addressed storage of immutable blobs, named by the SHA-256 of their bytes.
 *
 * <p>Guarantees every implementation keeps (checked by the shared contract tests):
 *
 * <ul>
 *   <li>A blob is visible under a digest only once all of its bytes are stored and they hash to
 *       that digest; a failed or rejected put leaves nothing behind, neither visible nor temporary
 *       (beyond what {@link #purgeTemporaries} removes after a crash).
 *   <li>Putting content that is already stored stores nothing new and says so ({@link
 *       PutResult#created()} is {@code false}); concurrent puts of the same content all succeed.
 *   <li>Bytes stream in and out through fixed-size buffers: memory does not grow with blob size.
 * </ul>
 *
 * <p>Errors are {@link dev.pedigree.model.PedigreeException}s: NOT_FOUND for a missing blob,
 * INVALID_ARGUMENT when received content does not match its expected digest or size, OUT_OF_RANGE
 * for a range starting past the end, ABORTED when reading the caller's content fails, and
 * UNAVAILABLE when the backend cannot be reached, is full or refuses access.
 */
public interface BlobStore extends AutoCloseable {

  /**
   * Stores {@code content}, re-hashing what is received, if it has exactly {@code expectedSize}
   * bytes and hashes to {@code expectedDigest}; otherwise throws INVALID_ARGUMENT and stores
   * nothing. The stream is read to its end (or to the first byte past {@code expectedSize}) but not
   * closed.
   */
  PutResult put(InputStream content, Sha256 expectedDigest, long expectedSize);

  /**
   * Stores {@code content} under whatever digest its bytes have, for content the server produces
   * itself (such as manifests). The stream is read to its end but not closed.
   */
  PutResult putAndDigest(InputStream content);

  /**
   * Stores several small blobs, each checked like {@link #put}, and returns one result per blob in
   * order. Every digest is checked before anything is stored: a mismatch throws INVALID_ARGUMENT and
   * stores nothing of the batch. When it returns, the blobs are as durable as after {@link #put}; an
   * implementation may use the batch to group its disk flushes. The default puts them one by one.
   */
  default List<PutResult> putAll(List<BlobContent> blobs) {
    for (BlobContent blob : blobs) {
      Uploads.check(blob);
    }
    List<PutResult> results = new ArrayList<>(blobs.size());
    for (BlobContent blob : blobs) {
      results.add(put(new ByteArrayInputStream(blob.bytes()), blob.digest(), blob.bytes().length));
    }
    return results;
  }

  /** Streams the whole blob; NOT_FOUND if it is missing. The caller closes the stream. */
  InputStream open(Sha256 digest);

  /**
   * Streams part of the blob; the range is cut at the blob's end, OUT_OF_RANGE if it starts past
   * the end, NOT_FOUND if the blob is missing.
   */
  InputStream open(Sha256 digest, ByteRange range);

  /**
   * Streams the whole blob and checks its digest as it goes: at the end of the stream, a reader of
   * corrupted bytes gets an {@link java.io.IOException} instead of a clean end of file, so it must
   * not trust bytes it has not read to the end.
   */
  default InputStream openVerified(Sha256 digest) {
    return new VerifyingInputStream(open(digest), digest);
  }

  boolean exists(Sha256 digest);

  /** Size and store time of a blob, if it is stored. */
  Optional<BlobInfo> stat(Sha256 digest);

  /** Deletes a blob; returns whether it was there. Deleting a missing blob is not an error. */
  boolean delete(Sha256 digest);

  /**
   * Every stored blob, lazily, in no particular order, for garbage collection and audits. The
   * stream holds backend resources: close it (try-with-resources). Blobs put or deleted while the
   * stream is consumed may or may not appear.
   */
  Stream<BlobInfo> list();

  /** Re-reads a blob and checks that its bytes still hash to its name. */
  BlobVerification verify(Sha256 digest);

  /**
   * Removes leftovers of uploads that started before {@code startedBefore} and never finished
   * (after a crash: temporary files, temporary objects, incomplete multipart uploads). Returns how
   * many were removed. Pass a time well in the past so that running uploads are not cut off.
   */
  long purgeTemporaries(Instant startedBefore);

  /** A short description for logs and error messages, such as {@code local:/var/lib/pedigree}. */
  String describe();

  @Override
  void close();
}
