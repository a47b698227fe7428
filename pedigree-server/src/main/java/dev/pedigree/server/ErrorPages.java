package dev.pedigree.server;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.pedigree.server.api.Problems;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Errors raised by the server itself rather than a service (no such route, body too large, bad
 * HTTP) rendered as problem documents for the native API; other paths keep Armeria's default.
 */
final class ErrorPages implements ServerErrorHandler {
  private static final String NATIVE_PREFIX = "/api/v1/";

  @Override
  public @Nullable HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
    return null;
  }

  @Override
  public @Nullable AggregatedHttpResponse renderStatus(@Nullable ServiceRequestContext ctx, ServiceConfig config,
      @Nullable RequestHeaders headers, HttpStatus status, @Nullable String description, @Nullable Throwable cause) {
    String path = headers == null ? "" : headers.path();
    if (!path.startsWith(NATIVE_PREFIX) || status.code() < 400) {
      return null;
    }
    String detail = switch (status.code()) {
      case 404 -> "no such resource: " + headers.method() + " " + stripQuery(path);
      case 405 -> "method " + headers.method() + " is not allowed on " + stripQuery(path);
      case 413 -> "the request body is larger than this server accepts ("
          + config.maxRequestLength() + " bytes)";
      default -> description == null ? status.reasonPhrase() : description;
    };
    String code = switch (status.code()) {
      case 404 -> "NOT_FOUND";
      case 413 -> "TOO_LARGE";
      case 405 -> "METHOD_NOT_ALLOWED";
      default -> status.reasonPhrase().toUpperCase(Locale.ROOT).replace(' ', '_');
    };
    return AggregatedHttpResponse.of(ResponseHeaders.of(status, "content-type",
        "application/problem+json; charset=utf-8"), HttpData.ofUtf8(problemBody(status, code, detail)));
  }

  private static String problemBody(HttpStatus status, String code, String detail) {
    return Problems.body(status, code, detail);
  }

  private static String stripQuery(String path) {
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }
}
