package dev.pedigree.cli.artifacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.core.artifacts.Names;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.artifact.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The artifacts REST API over {@link HttpURLConnection} (JSON calls and bulk bytes alike: it streams a
 * body straight to the socket from the caller's buffers, keeps connections alive between calls, and
 * costs a command nothing to set up); problem responses become {@link PedigreeException}s.
 */
final class ArtifactClient {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String BLOB_RECORDS = "application/vnd.pedigree.blob-records";
  private static final int TRANSFER_BUFFER = 1 << 20;

  private final URI base;

  ArtifactClient(String server) {
    String url = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    this.base = URI.create(url + "/api/v1");
  }

  String server() {
    return base.toString();
  }

  // JSON calls

  JsonNode get(String path) {
    return json("GET", path, null);
  }

  JsonNode post(String path, JsonNode body) {
    return json("POST", path, body);
  }

  JsonNode put(String path, JsonNode body) {
    return json("PUT", path, body);
  }

  JsonNode delete(String path) {
    return json("DELETE", path, null);
  }

  // Blobs

  /** Whether the server stores the blob. */
  boolean hasBlob(Sha256 digest) {
    HttpURLConnection connection = connect("HEAD", "/blobs/" + digest.hex());
    try {
      int status = connection.getResponseCode();
      if (status == 404) {
        return false;
      }
      if (status / 100 != 2) {
        throw problem(status, "");
      }
      return true;
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /** Uploads a file as a blob; returns whether the server stored new bytes. */
  boolean putBlob(Sha256 digest, Path file) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new PedigreeException(ErrorCode.ABORTED, "cannot read " + file + ": " + e.getMessage(), e);
    }
    return upload("PUT", "/blobs/" + digest.hex(), "application/octet-stream", size, out -> {
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buffer = new byte[TRANSFER_BUFFER];
        int n;
        while ((n = in.read(buffer)) > 0) {
          out.write(buffer, 0, n);
        }
      } catch (IOException e) {
        throw new PedigreeException(ErrorCode.ABORTED, "cannot read " + file + ": " + e.getMessage(), e);
      }
    }).path("created").asBoolean();
  }

  /**
   * Uploads a batch of small blobs in one request as blob records (32 bytes of SHA-256, the size as
   * 8 bytes big endian, the bytes); returns the server's {@code {digest, size, created}} per blob.
   */
  JsonNode putBlobs(byte[] records) {
    return upload("POST", "/blobs/batch", BLOB_RECORDS, records.length, out -> out.write(records)).path("blobs");
  }

  /** Downloads a batch of small blobs as blob records, in the order asked for; the caller checks the bytes. */
  InputStream fetchBlobs(Iterable<Sha256> digests) {
    ObjectNode body = object();
    var list = body.putArray("digests");
    digests.forEach(d -> list.add(d.hex()));
    byte[] json = body.toString().getBytes(StandardCharsets.UTF_8);
    HttpURLConnection connection = connect("POST", "/blobs/fetch");
    connection.setRequestProperty("Content-Type", "application/json");
    connection.setFixedLengthStreamingMode(json.length);
    return exchange(connection, out -> out.write(json));
  }

  /** Opens a blob or file download; the caller must check the bytes. */
  InputStream open(String path) {
    return exchange(connect("GET", path), null);
  }

  /**
   * Opens a whole non-empty blob as the range {@code bytes=0-}, which the server streams without
   * hashing it on the way (it hashes whole-blob downloads so that clients that do not check get no
   * corrupt bytes): for callers that hash every byte themselves, so each byte is hashed once.
   */
  InputStream openToCheckHere(String path) {
    HttpURLConnection connection = connect("GET", path);
    connection.setRequestProperty("Range", "bytes=0-");
    return exchange(connection, null);
  }

  interface BodyWriter {
    void write(OutputStream out) throws IOException;
  }

  private JsonNode upload(String method, String path, String type, long length, BodyWriter body) {
    HttpURLConnection connection = connect(method, path);
    connection.setRequestProperty("Content-Type", type);
    connection.setFixedLengthStreamingMode(length);
    try (InputStream in = exchange(connection, body)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private HttpURLConnection connect(String method, String path) {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri(path).toURL().openConnection();
      connection.setRequestMethod(method);
      connection.setConnectTimeout(10_000);
      connection.setReadTimeout((int) Duration.ofHours(1).toMillis());
      connection.setUseCaches(false);
      return connection;
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /** Sends the body (if any) and returns the response body of a 2xx answer; problems become exceptions. */
  private InputStream exchange(HttpURLConnection connection, @Nullable BodyWriter body) {
    try {
      if (body != null) {
        connection.setDoOutput(true);
        try (OutputStream out = connection.getOutputStream()) {
          body.write(out);
        }
      }
      int status = connection.getResponseCode();
      if (status / 100 != 2) {
        InputStream error = connection.getErrorStream();
        String text = "";
        if (error != null) {
          try (error) {
            text = new String(error.readAllBytes(), StandardCharsets.UTF_8);
          }
        }
        throw problem(status, text);
      }
      return connection.getInputStream();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private PedigreeException failed(IOException e) {
    if (e instanceof ConnectException) {
      return PedigreeException.unavailable("cannot reach the Pedigree server at " + base
          + " (start one with `pedigree server`, or pass --server URL / set PEDIGREE_URL)", e);
    }
    return PedigreeException.unavailable("request to " + base + " failed: " + e.getMessage(), e);
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static String collectionPath(String collection) {
    Names.checkCollection(collection);
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

  private JsonNode json(String method, String path, @Nullable JsonNode body) {
    HttpURLConnection connection = connect(method, path);
    BodyWriter writer = null;
    if (body != null) {
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      connection.setRequestProperty("Content-Type", "application/json");
      connection.setFixedLengthStreamingMode(bytes.length);
      writer = out -> out.write(bytes);
    }
    try (InputStream in = exchange(connection, writer)) {
      return JSON.readTree(in);
    } catch (JsonProcessingException e) {
      throw PedigreeException.internal("the server answered something that is not JSON: " + e.getMessage(), e);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private static PedigreeException problem(int status, String body) {
    try {
      JsonNode problem = JSON.readTree(body);
      ErrorCode code = ErrorCode.valueOf(problem.path("code").asText("INTERNAL"));
      return new PedigreeException(code, problem.path("detail").asText("HTTP " + status));
    } catch (IOException | IllegalArgumentException e) {
      // Not a problem document (a proxy, or a request refused before it reached Pedigree): say what came.
      String text = body.strip().replaceAll("\\s+", " ").replaceAll("\\p{Cntrl}", "?");
      return new PedigreeException(ErrorCode.INTERNAL, "HTTP " + status + " from the server"
          + (text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text)));
    }
  }
}
