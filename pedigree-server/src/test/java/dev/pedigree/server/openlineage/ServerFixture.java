package dev.pedigree.server.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.server.PedigreeServer;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/** A real server on a free loopback port over a fresh SQLite file, and a JSON-over-HTTP helper. */
public final class ServerFixture implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  public final MetadataStore store;
  public final PedigreeServer server;
  public final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ServerFixture(Path dir, String apiKey, long maxRequestBytes) {
    store = SqliteMetadataStore.open(dir.resolve("pedigree.db"), SqliteOptions.defaults());
    server = PedigreeServer.builder().port(0).store(store).dataDir(dir).openLineageApiKey(apiKey)
        .maxRequestBytes(maxRequestBytes).start();
    base = "http://127.0.0.1:" + server.port();
  }

  public ServerFixture(Path dir) {
    this(dir, null, 16L * 1024 * 1024);
  }

  /** A response: status and body parsed as JSON (null if empty). */
  public record Reply(int status, JsonNode json, String contentType) {}

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Reply post(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Reply postGzip(String path, String body, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(body)));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return send(request);
  }

  public Reply postWithKey(String path, String body, String bearer) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + bearer).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
      return new Reply(response.statusCode(), json, response.headers().firstValue("content-type").orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static byte[] gzip(String body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    server.close();
    store.close();
  }
}
