package dev.pedigree.model;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The one exception type of Pedigree's domain. Its {@link ErrorCode} decides how each protocol
 * renders it; the message is safe to show to the caller (it never contains secrets).
 */
public final class PedigreeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public PedigreeException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public PedigreeException(ErrorCode code, String message, @Nullable Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.code = requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }

  public static PedigreeException invalidArgument(String message) {
    return new PedigreeException(ErrorCode.INVALID_ARGUMENT, message);
  }

  public static PedigreeException notFound(String message) {
    return new PedigreeException(ErrorCode.NOT_FOUND, message);
  }

  public static PedigreeException alreadyExists(String message) {
    return new PedigreeException(ErrorCode.ALREADY_EXISTS, message);
  }

  public static PedigreeException failedPrecondition(String message) {
    return new PedigreeException(ErrorCode.FAILED_PRECONDITION, message);
  }

  public static PedigreeException aborted(String message, @Nullable Throwable cause) {
    return new PedigreeException(ErrorCode.ABORTED, message, cause);
  }

  public static PedigreeException outOfRange(String message) {
    return new PedigreeException(ErrorCode.OUT_OF_RANGE, message);
  }

  public static PedigreeException unavailable(String message, @Nullable Throwable cause) {
    return new PedigreeException(ErrorCode.UNAVAILABLE, message, cause);
  }

  public static PedigreeException internal(String message, @Nullable Throwable cause) {
    return new PedigreeException(ErrorCode.INTERNAL, message, cause);
  }
}
