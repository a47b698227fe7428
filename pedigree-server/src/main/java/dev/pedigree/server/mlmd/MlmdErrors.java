package dev.pedigree.server.mlmd;

import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import io.grpc.Metadata;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where the MLMD front door turns an {@link ErrorCode} into a gRPC status. */
final class MlmdErrors implements GrpcExceptionHandlerFunction {
  private static final Logger log = LoggerFactory.getLogger(MlmdErrors.class);

  static Status.Code code(ErrorCode code) {
    return switch (code) {
      case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
      case NOT_FOUND -> Status.Code.NOT_FOUND;
      case ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
      case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
      case ABORTED -> Status.Code.ABORTED;
      case OUT_OF_RANGE -> Status.Code.OUT_OF_RANGE;
      case UNIMPLEMENTED -> Status.Code.UNIMPLEMENTED;
      case TOO_LARGE -> Status.Code.RESOURCE_EXHAUSTED;
      case UNAVAILABLE -> Status.Code.UNAVAILABLE;
      case UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
      case PERMISSION_DENIED -> Status.Code.PERMISSION_DENIED;
      case INTERNAL -> Status.Code.INTERNAL;
    };
  }

  @Override
  public @Nullable Status apply(RequestContext ctx, Status status, Throwable cause, Metadata metadata) {
    if (cause instanceof PedigreeException e) {
      if (e.code() == ErrorCode.INTERNAL) {
        log.atError().setCause(e).log("internal error in {}", ctx.path());
      }
      return Status.fromCode(code(e.code())).withDescription(e.getMessage());
    }
    // Framework statuses (message too large, deadline, cancellation) pass through unchanged.
    return null;
  }
}
