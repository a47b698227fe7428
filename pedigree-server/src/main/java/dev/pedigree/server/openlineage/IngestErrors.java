package dev.pedigree.server.openlineage;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.ExceptionHandlerFunction;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.server.api.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenLineage door's one error mapping. Producers retry on 5xx and give up on 4xx, so bad input
 * is 400/413, a missing key 401, and anything worth retrying (busy or unreachable database) 503.
 */
public final class IngestErrors implements ExceptionHandlerFunction {
  private static final Logger log = LoggerFactory.getLogger(IngestErrors.class);

  static HttpStatus status(ErrorCode code) {
    return switch (code) {
      case INVALID_ARGUMENT, OUT_OF_RANGE, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION -> HttpStatus.BAD_REQUEST;
      case TOO_LARGE -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
      case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
      case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
      case UNIMPLEMENTED -> HttpStatus.NOT_IMPLEMENTED;
      case ABORTED, UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
      case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }

  static boolean isRetriable(ErrorCode code) {
    return status(code).code() >= 500;
  }

  @Override
  public HttpResponse handleException(ServiceRequestContext ctx, HttpRequest req, Throwable cause) {
    if (cause instanceof PedigreeException e) {
      if (e.code() == ErrorCode.INTERNAL) {
        log.atError().setCause(e).log("OpenLineage ingest failed");
      }
      HttpStatus status = status(e.code());
      return HttpResponse.of(status, MediaType.parse("application/problem+json; charset=utf-8"),
          Problems.body(status, e.code().name(), e.getMessage()));
    }
    return ExceptionHandlerFunction.fallthrough();
  }
}
