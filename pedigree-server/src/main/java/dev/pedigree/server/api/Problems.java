package dev.pedigree.server.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import dev.pedigree.model.ErrorCode;
import java.util.Locale;

/**
 * RFC 7807 problem documents: the one place where the native API turns an {@link ErrorCode} into
 * an HTTP status and body.
 */
public final class Problems {
  static final MediaType PROBLEM_JSON = MediaType.parse("application/problem+json; charset=utf-8");

  private Problems() {}

  public static HttpStatus status(ErrorCode code) {
    return switch (code) {
      case INVALID_ARGUMENT, OUT_OF_RANGE -> HttpStatus.BAD_REQUEST;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case ALREADY_EXISTS, ABORTED -> HttpStatus.CONFLICT;
      case FAILED_PRECONDITION -> HttpStatus.PRECONDITION_FAILED;
      case UNIMPLEMENTED -> HttpStatus.NOT_IMPLEMENTED;
      case TOO_LARGE -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
      case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
      case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
      case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
      case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }

  public static HttpResponse response(ErrorCode code, String detail) {
    return response(status(code), code.name(), detail);
  }

  /** A problem response for an HTTP status that did not come from the domain (404 route, 413 body). */
  public static HttpResponse response(HttpStatus status, String code, String detail) {
    return HttpResponse.of(status, PROBLEM_JSON, body(status, code, detail));
  }

  public static String body(HttpStatus status, String code, String detail) {
    ObjectNode problem = JsonNodeFactory.instance.objectNode();
    problem.put("type", "urn:pedigree:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
    problem.put("title", status.reasonPhrase());
    problem.put("status", status.code());
    problem.put("detail", detail);
    problem.put("code", code);
    return problem + "\n";
  }
}
