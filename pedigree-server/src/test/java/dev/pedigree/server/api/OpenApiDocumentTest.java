package dev.pedigree.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.server.testing.PythonResult;
import dev.pedigree.server.testing.PythonVenv;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The native API's OpenAPI document is valid OpenAPI 3.0, checked by the reference validator. */
class OpenApiDocumentTest {
  private static final Path PYTHON = Path.of("src/test/python/openapi");
  private static final Path DOCUMENT = Path.of("src/main/resources/dev/pedigree/server/api/openapi.yaml");

  @Test
  void theDocumentValidatesAndNamesEachOperationOnce() {
    PythonVenv venv = PythonVenv.forRequirements(PYTHON.resolve("requirements.txt"));
    PythonResult result = venv.run(PYTHON.resolve("validate.py"), Duration.ofMinutes(2),
        DOCUMENT.toAbsolutePath().toString());
    assertThat(result.succeeded()).as(result.describe()).isTrue();
    assertThat(result.stdout().lines()).contains("PUT /blobs/{sha256} putBlob", "GET /lineage walkLineage",
        "POST /uploads/{id}/commit commitUpload");
  }
}
