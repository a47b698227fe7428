package dev.pedigree.server.api;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.ExceptionHandlerFunction;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders every exception of the native API as a problem document. */
public final class ProblemHandler implements ExceptionHandlerFunction {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @Override
  public HttpResponse handleException(ServiceRequestContext ctx, HttpRequest req, Throwable cause) {
    if (cause instanceof PedigreeException e) {
      if (e.code() == ErrorCode.INTERNAL) {
        log.atError().setCause(e).addKeyValue("path", ctx.path()).log("internal error");
      }
      return Problems.response(e.code(), e.getMessage());
    }
    if (cause instanceof NumberFormatException e) {
      return Problems.response(ErrorCode.INVALID_ARGUMENT, notANumber(ctx, e));
    }
    if (cause instanceof IllegalArgumentException e) {
      return Problems.response(ErrorCode.INVALID_ARGUMENT, String.valueOf(e.getMessage()));
    }
    return ExceptionHandlerFunction.fallthrough();
  }

  /**
   * Armeria converts numeric parameters before the service runs and its error names only the value
   * ({@code For input string: "abc"}); the parameter holding that value is named here.
   */
  private static String notANumber(ServiceRequestContext ctx, NumberFormatException e) {
    String message = String.valueOf(e.getMessage());
    String prefix = "For input string: \"";
    if (message.startsWith(prefix) && message.endsWith("\"")) {
      String value = message.substring(prefix.length(), message.length() - 1);
      for (String name : ctx.queryParams().names()) {
        if (ctx.queryParams().getAll(name).contains(value)) {
          return "parameter '" + name + "': '" + value + "' is not a valid number";
        }
      }
      return "'" + value + "' is not a valid number";
    }
    return "a numeric parameter is not valid: " + message;
  }
}
