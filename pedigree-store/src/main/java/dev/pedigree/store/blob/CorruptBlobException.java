package dev.pedigree.store.blob;

import java.io.IOException;

/**
 * Thrown at the end of a stream from {@link BlobStore#openVerified} when the bytes read do not hash
 * to the blob's name: everything read so far must be discarded.
 */
public final class CorruptBlobException extends IOException {
  private static final long serialVersionUID = 1L;

  public CorruptBlobException(String message) {
    super(message);
  }
}
