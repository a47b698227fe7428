package dev.pedigree.server.mlflow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.ExceptionHandlerFunction;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where MLflow routes turn an {@link ErrorCode} into MLflow's error body
 * {@code {"error_code", "message"}} and HTTP status. Client mistakes are never 5xx: the Python
 * client retries 5xx responses for minutes.
 */
public final class MlflowErrors implements ExceptionHandlerFunction {
  private static final Logger log = LoggerFactory.getLogger(MlflowErrors.class);

  /** MLflow's error code and HTTP status for a domain error. */
  record Mapped(String errorCode, HttpStatus status) {}

  static Mapped map(ErrorCode code) {
    return switch (code) {
      case INVALID_ARGUMENT, OUT_OF_RANGE, TOO_LARGE, FAILED_PRECONDITION ->
          new Mapped("INVALID_PARAMETER_VALUE", HttpStatus.BAD_REQUEST);
      case NOT_FOUND -> new Mapped("RESOURCE_DOES_NOT_EXIST", HttpStatus.NOT_FOUND);
      case ALREADY_EXISTS -> new Mapped("RESOURCE_ALREADY_EXISTS", HttpStatus.BAD_REQUEST);
      case ABORTED -> new Mapped("ABORTED", HttpStatus.CONFLICT);
      case UNIMPLEMENTED -> new Mapped("NOT_IMPLEMENTED", HttpStatus.NOT_IMPLEMENTED);
      case UNAVAILABLE -> new Mapped("TEMPORARILY_UNAVAILABLE", HttpStatus.SERVICE_UNAVAILABLE);
      case UNAUTHENTICATED -> new Mapped("UNAUTHENTICATED", HttpStatus.UNAUTHORIZED);
      case PERMISSION_DENIED -> new Mapped("PERMISSION_DENIED", HttpStatus.FORBIDDEN);
      case INTERNAL -> new Mapped("INTERNAL_ERROR", HttpStatus.INTERNAL_SERVER_ERROR);
    };
  }

  static HttpResponse response(ErrorCode code, String message) {
    Mapped mapped = map(code);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("error_code", mapped.errorCode());
    body.put("message", message);
    return HttpResponse.of(mapped.status(), MediaType.JSON_UTF_8, body.toString());
  }

  @Override
  public HttpResponse handleException(ServiceRequestContext ctx, HttpRequest req, Throwable cause) {
    if (cause instanceof PedigreeException e) {
      if (e.code() == ErrorCode.INTERNAL) {
        log.atError().setCause(e).addKeyValue("path", ctx.path()).log("internal error");
      }
      return response(e.code(), e.getMessage());
    }
    if (cause instanceof IllegalArgumentException e) {
      return response(ErrorCode.INVALID_ARGUMENT, String.valueOf(e.getMessage()));
    }
    log.atError().setCause(cause).addKeyValue("path", ctx.path()).log("unexpected error");
    return response(ErrorCode.INTERNAL, "internal error: " + cause.getClass().getSimpleName());
  }
}
