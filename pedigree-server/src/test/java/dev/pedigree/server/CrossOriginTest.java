package dev.pedigree.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.server.testing.TestServer;
import dev.pedigree.server.testing.TestServer.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Browser pages on other origins (a Kubeflow Pipelines UI reading MLMD over gRPC-Web) only where allowed. */
class CrossOriginTest {
  private static final String UI = "https://kfp.example.com";
  private static final String GRPC_WEB_PATH = "/ml_metadata.MetadataStoreService/GetArtifactTypes";
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path dir;

  @Test
  void allowedOriginPassesThePreflightAndReadsGrpcWebAndRestResponses() throws Exception {
    try (TestServer server = TestServer.start(dir, PedigreeServer.builder().corsOrigins(List.of(UI)))) {
      HttpResponse<String> preflight = preflight(server, UI);
      assertThat(preflight.statusCode()).isEqualTo(200);
      assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue(UI);
      assertThat(preflight.headers().firstValue("access-control-allow-headers").orElse(""))
          .contains("x-grpc-web").contains("content-type");

      HttpHeaders grpcWeb = grpcWebCall(server, UI);
      assertThat(grpcWeb.firstValue("access-control-allow-origin")).hasValue(UI);
      assertThat(grpcWeb.firstValue("access-control-expose-headers").orElse("")).contains("grpc-status");

      Response rest = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/types/artifact"))
          .header("Origin", UI).GET());
      assertThat(rest.status()).isEqualTo(200);
    }
  }

  @Test
  void otherOriginsAndTheDefaultServerGetNoCorsHeaders() throws Exception {
    try (TestServer server = TestServer.start(Files.createDirectories(dir.resolve("a")), PedigreeServer.builder().corsOrigins(List.of(UI)))) {
      HttpResponse<String> preflight = preflight(server, "https://elsewhere.example.com");
      assertThat(preflight.headers().firstValue("access-control-allow-origin")).isEmpty();
      assertThat(grpcWebCall(server, "https://elsewhere.example.com").firstValue("access-control-allow-origin"))
          .isEmpty();
    }
    try (TestServer server = TestServer.start(Files.createDirectories(dir.resolve("b")))) {
      assertThat(grpcWebCall(server, UI).firstValue("access-control-allow-origin")).isEmpty();
    }
  }

  @Test
  void originsWithAPathAreRefusedWhenTheServerIsBuilt() {
    assertThatThrownBy(() -> PedigreeServer.builder().corsOrigins(List.of("https://kfp.example.com/ui")))
        .hasMessageContaining("scheme://host[:port]");
  }

  private HttpResponse<String> preflight(TestServer server, String origin) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + GRPC_WEB_PATH))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type,x-grpc-web,x-user-agent")
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An empty GetArtifactTypesRequest in one gRPC-Web frame; answers the response headers. */
  private HttpHeaders grpcWebCall(TestServer server, String origin) throws Exception {
    byte[] frame = {0, 0, 0, 0, 0};
    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + GRPC_WEB_PATH))
        .POST(HttpRequest.BodyPublishers.ofByteArray(frame))
        .header("Origin", origin)
        .header("Content-Type", "application/grpc-web+proto")
        .header("X-Grpc-Web", "1")
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("grpc-status").orElse("0")).isEqualTo("0");
    return response.headers();
  }
}
