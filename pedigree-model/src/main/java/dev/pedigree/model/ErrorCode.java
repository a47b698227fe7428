package dev.pedigree.model;

/** What went wrong, independent of any wire protocol; each front door maps it exactly once. */
public enum ErrorCode {
  INVALID_ARGUMENT,
  NOT_FOUND,
  ALREADY_EXISTS,
  /** A precondition on stored state failed, for example an optimistic-concurrency check. */
  FAILED_PRECONDITION,
  /** A transient conflict with a concurrent writer; retrying the same request may succeed. */
  ABORTED,
  OUT_OF_RANGE,
  /** The operation exists in the protocol but this server does not offer it (as upstream). */
  UNIMPLEMENTED,
  /** The request is too large to accept. */
  TOO_LARGE,
  /** A dependency (database, blob store) is temporarily unreachable; retry later. */
  UNAVAILABLE,
  UNAUTHENTICATED,
  PERMISSION_DENIED,
  INTERNAL
}
