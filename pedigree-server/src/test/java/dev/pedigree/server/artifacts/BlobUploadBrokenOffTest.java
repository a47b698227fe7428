package dev.pedigree.server.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.model.artifact.Sha256;
import dev.pedigree.server.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blob upload whose connection drops part-way leaves nothing behind (no blob, no temporary file,
 * no buffers held), and the same upload sent again in full is stored.
 */
class BlobUploadBrokenOffTest {
  private static final int SIZE = 12 << 20;

  @TempDir Path dir;

  @Test
  void aDroppedUploadLeavesNothingAndARetrySucceeds() throws Exception {
    byte[] content = new byte[SIZE];
    new SplittableRandom(11).nextBytes(content);
    Sha256 digest = Sha256.hash(content);
    String path = "/api/v1/blobs/" + digest.hex();
    try (TestServer server = TestServer.start(dir)) {
      for (int attempt = 0; attempt < 3; attempt++) {
        try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
          OutputStream out = socket.getOutputStream();
          out.write(("PUT " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
              + "Content-Length: " + SIZE + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(content, 0, SIZE / 3 + attempt * 4096);
          out.flush();
        }
      }
      assertThat(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
          .method("HEAD", HttpRequest.BodyPublishers.noBody())).status()).isEqualTo(404);

      TestServer.Response stored = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
          .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
      assertThat(stored.status()).as(stored.body()).isEqualTo(201);
      assertThat(Files.readAllBytes(dir.resolve("blobs").resolve("sha256").resolve(digest.hex().substring(0, 2))
          .resolve(digest.hex().substring(2)))).isEqualTo(content);
      // By now the dropped uploads have begun (their temporary files were created before the full
      // upload was answered); each must be gone once the server has noticed its connection closed.
      awaitNoTemporaryFiles(dir.resolve("blobs").resolve("tmp"));
    }
  }

  /** The server notices a dropped connection asynchronously: wait (bounded) until it has cleaned up. */
  private static void awaitNoTemporaryFiles(Path temp) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (true) {
      long left;
      try (Stream<Path> files = Files.list(temp)) {
        left = files.count();
      }
      if (left == 0) {
        return;
      }
      assertThat(Instant.now()).as("temporary upload files still present").isBefore(deadline);
      Thread.sleep(20);
    }
  }
}
