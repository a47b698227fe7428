package dev.pedigree.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.server.PedigreeServer;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A real Pedigree server on a random loopback port over a temporary SQLite store, plus an HTTP client. */
public final class TestServer implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final MetadataStore store;
  private final PedigreeServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private TestServer(MetadataStore store, PedigreeServer server) {
    this.store = store;
    this.server = server;
  }

  public static TestServer start(Path dir) {
    return start(dir, PedigreeServer.builder());
  }

  /** Starts with extra settings on the given builder (port, store and data dir are set here). */
  public static TestServer start(Path dir, PedigreeServer.Builder builder) {
    MetadataStore store = SqliteMetadataStore.open(dir.resolve("pedigree.db"), SqliteOptions.defaults());
    return new TestServer(store, builder.port(0).store(store).dataDir(dir)
        .gracefulShutdown(Duration.ZERO, Duration.ofSeconds(5)).start());
  }

  /** Starts over a store the caller opened (a replica on a shared database); closing closes both. */
  public static TestServer start(Path dir, MetadataStore store) {
    return new TestServer(store, PedigreeServer.builder().port(0).store(store).dataDir(dir)
        .gracefulShutdown(Duration.ZERO, Duration.ofSeconds(5)).start());
  }

  public PedigreeServer server() {
    return server;
  }

  public MetadataStore store() {
    return store;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public Response post(String path, String json) {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(json))
        .header("content-type", "application/json"));
  }

  public Response put(String path, String json) {
    return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(json))
        .header("content-type", "application/json"));
  }

  public Response patch(String path, String json) {
    return send(HttpRequest.newBuilder(uri(path)).method("PATCH", HttpRequest.BodyPublishers.ofString(json))
        .header("content-type", "application/json"));
  }

  public Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private URI uri(String path) {
    return URI.create(baseUrl() + path);
  }

  @Override
  public void close() {
    server.close();
    store.close();
  }

  /** A response with its body parsed on demand. */
  public record Response(int status, String contentType, String body) {
    public JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }
  }
}
