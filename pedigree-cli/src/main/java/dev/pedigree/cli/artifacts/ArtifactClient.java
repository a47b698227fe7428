package dev.pedigree.cli.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.artifact.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** The artifacts REST API over {@link HttpClient}; problem responses become {@link PedigreeException}s. */
final class ArtifactClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  ArtifactClient(String server) {
    String url = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    this.base = URI.create(url + "/api/v1");
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  String server() {
    return base.toString();
  }

  // JSON calls

  JsonNode get(String path) {
    return json(HttpRequest.newBuilder(uri(path)).GET());
  }

  JsonNode post(String path, JsonNode body) {
    return json(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  JsonNode put(String path, JsonNode body) {
    return json(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  JsonNode delete(String path) {
    return json(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  // Blobs

  /** Uploads a file as a blob; returns whether the server stored new bytes. */
  boolean putBlob(Sha256 digest, Path file) {
    try {
      return json(HttpRequest.newBuilder(uri("/blobs/" + digest.hex()))
          .header("Content-Type", "application/octet-stream")
          .PUT(HttpRequest.BodyPublishers.ofFile(file))).path("created").asBoolean();
    } catch (IOException e) {
      throw new PedigreeException(ErrorCode.ABORTED, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Opens a blob or file download; the caller must check the bytes. */
  InputStream open(String path) {
    HttpResponse<InputStream> response = send(HttpRequest.newBuilder(uri(path)).GET(),
        HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() / 100 != 2) {
      try (InputStream body = response.body()) {
        throw problem(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw problem(response.statusCode(), "");
      }
    }
    return response.body();
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static String collectionPath(String collection) {
    StringBuilder path = new StringBuilder("/collections");
    for (String segment : collection.split("/", -1)) {
      path.append('/').append(encode(segment));
    }
    return path.toString();
  }

  // Helpers

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private JsonNode json(HttpRequest.Builder request) {
    HttpResponse<String> response = send(request.timeout(Duration.ofHours(1)), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw problem(response.statusCode(), response.body());
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw PedigreeException.internal("the server answered something that is not JSON: " + e.getMessage(), e);
    }
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request.build(), handler);
    } catch (ConnectException e) {
      throw PedigreeException.unavailable("cannot reach the Pedigree server at " + base
          + " (start one with `pedigree server`, or pass --server URL / set PEDIGREE_URL)", e);
    } catch (IOException e) {
      throw PedigreeException.unavailable("request to " + base + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PedigreeException.aborted("interrupted", e);
    }
  }

  private static PedigreeException problem(int status, String body) {
    try {
      JsonNode problem = JSON.readTree(body);
      ErrorCode code = ErrorCode.valueOf(problem.path("code").asText("INTERNAL"));
      return new PedigreeException(code, problem.path("detail").asText("HTTP " + status));
    } catch (IOException | IllegalArgumentException e) {
      return new PedigreeException(ErrorCode.INTERNAL, "HTTP " + status + " from the server");
    }
  }
}
