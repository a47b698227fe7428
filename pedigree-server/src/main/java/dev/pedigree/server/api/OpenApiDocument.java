package dev.pedigree.server.api;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the OpenAPI description of the native API at {@code /api/v1/openapi.yaml}. */
public final class OpenApiDocument {
  private static final MediaType YAML = MediaType.parse("application/yaml; charset=utf-8");

  private final byte[] document;

  public OpenApiDocument() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream("openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the server jar");
      }
      document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Get("/openapi.yaml")
  public HttpResponse document() {
    return HttpResponse.of(HttpStatus.OK, YAML, document);
  }
}
