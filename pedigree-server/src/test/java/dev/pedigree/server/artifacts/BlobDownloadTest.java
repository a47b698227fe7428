package dev.pedigree.server.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.model.artifact.Sha256;
import dev.pedigree.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Downloads of stored blobs: the digest as ETag, conditional requests and HTTP's rules for ranges. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlobDownloadTest {
  private static final byte[] CONTENT = "0123456789".getBytes(StandardCharsets.US_ASCII);
  private static final Sha256 DIGEST = Sha256.hash(CONTENT);
  private static final String ETAG = "\"" + DIGEST.hex() + "\"";

  @TempDir static Path dir;
  private TestServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() {
    server = TestServer.start(dir);
    TestServer.Response stored = server.send(HttpRequest.newBuilder(uri())
        .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(CONTENT)));
    assertThat(stored.status()).as(stored.body()).isEqualTo(201);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void theDigestIsTheEtagAndAMatchingIfNoneMatchIsNotModified() throws Exception {
    HttpResponse<String> whole = get();
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo("0123456789");
    assertThat(whole.headers().firstValue("etag")).hasValue(ETAG);

    HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri())
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(head.headers().firstValue("etag")).hasValue(ETAG);

    assertThat(get("If-None-Match", ETAG).statusCode()).isEqualTo(304);
    assertThat(get("If-None-Match", "\"other\", " + ETAG).statusCode()).isEqualTo(304);
    assertThat(get("If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
  }

  @Test
  void oneRangeIsPartialContentAndARangePastTheEndIsUnsatisfiable() throws Exception {
    assertPartial(get("Range", "bytes=2-5"), "2345", "bytes 2-5/10");
    assertPartial(get("Range", "bytes=7-"), "789", "bytes 7-9/10");
    assertPartial(get("Range", "bytes=-3"), "789", "bytes 7-9/10");
    assertPartial(get("Range", "bytes=8-100"), "89", "bytes 8-9/10");
    HttpResponse<String> past = get("Range", "bytes=10-20");
    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(past.headers().firstValue("content-range")).hasValue("bytes */10");
  }

  @Test
  void rangesHttpSaysToIgnoreGetTheWholeBlob() throws Exception {
    for (String range : new String[] {"bytes=abc", "bytes=5-2", "bytes=0-1,3-4", "items=0-1",
        "bytes=99999999999999999999-"}) {
      HttpResponse<String> whole = get("Range", range);
      assertThat(whole.statusCode()).as(range).isEqualTo(200);
      assertThat(whole.body()).as(range).isEqualTo("0123456789");
    }
  }

  @Test
  void ifRangeServesThePartOnlyWhileTheEtagMatches() throws Exception {
    HttpRequest.Builder matching = HttpRequest.newBuilder(uri()).header("Range", "bytes=2-3").header("If-Range", ETAG);
    assertPartial(http.send(matching.build(), HttpResponse.BodyHandlers.ofString()), "23", "bytes 2-3/10");
    HttpRequest.Builder stale = HttpRequest.newBuilder(uri()).header("Range", "bytes=2-3")
        .header("If-Range", "\"" + Sha256.hash(new byte[1]).hex() + "\"");
    HttpResponse<String> whole = http.send(stale.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo("0123456789");
  }

  private static void assertPartial(HttpResponse<String> response, String body, String contentRange) {
    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.body()).isEqualTo(body);
    assertThat(response.headers().firstValue("content-range")).hasValue(contentRange);
    assertThat(response.headers().firstValue("etag")).hasValue(ETAG);
  }

  private HttpResponse<String> get(String... header) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri()).GET();
    if (header.length > 0) {
      request.header(header[0], header[1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri() {
    return URI.create(server.baseUrl() + "/api/v1/blobs/" + DIGEST.hex());
  }
}
