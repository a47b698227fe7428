package dev.pedigree.server.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blobs written through any front door are live for the garbage collector. */
class GarbageCollectionAcrossFrontDoorsTest {
  @TempDir Path dir;

  @Test
  void mlflowArtifactBytesSurviveGarbageCollection() {
    try (TestServer server = TestServer.start(dir)) {
      String path = "/api/2.0/mlflow-artifacts/artifacts/0/run1/artifacts/model.txt";
      TestServer.Response put = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
          .PUT(HttpRequest.BodyPublishers.ofString("weights")));
      assertThat(put.status()).as(put.body()).isEqualTo(200);

      JsonNode gc = server.post("/api/v1/gc?dry_run=false&grace_seconds=0", "").json();
      assertThat(gc.toString()).doesNotContain("\"error\"");

      TestServer.Response read = server.get(path);
      assertThat(read.status()).as(read.body()).isEqualTo(200);
      assertThat(read.body()).isEqualTo("weights");
    }
  }
}
