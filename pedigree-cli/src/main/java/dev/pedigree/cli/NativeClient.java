package dev.pedigree.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A small client of the native REST API for the CLI's client commands. */
final class NativeClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final String base;

  NativeClient(String server) {
    String trimmed = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    if (!trimmed.startsWith("http://") && !trimmed.startsWith("https://")) {
      throw new IllegalArgumentException("--server: '" + server + "' (expected: http://HOST:PORT)");
    }
    this.base = trimmed;
  }

  /** GETs {@code path} with the query parameters (name, value, name, value, ...; null values skipped). */
  JsonNode get(String path, List<String> parameters) {
    StringBuilder uri = new StringBuilder(base).append(path);
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i + 1 < parameters.size(); i += 2) {
      if (parameters.get(i + 1) != null) {
        pairs.add(encode(parameters.get(i)) + "=" + encode(parameters.get(i + 1)));
      }
    }
    if (!pairs.isEmpty()) {
      uri.append('?').append(String.join("&", pairs));
    }
    int status;
    String text;
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(uri.toString()).toURL().openConnection();
      connection.setConnectTimeout(5_000);
      connection.setReadTimeout(60_000);
      connection.setRequestProperty("Accept", "application/json");
      status = connection.getResponseCode();
      try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (ConnectException e) {
      throw new IllegalStateException("cannot reach Pedigree at " + base
          + " (start it with 'pedigree server', or point --server / PEDIGREE_URL at it)");
    } catch (IOException e) {
      throw new IllegalStateException("request to " + base + " failed: " + e.getMessage());
    }
    JsonNode body;
    try {
      body = text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("the server at " + base + " answered " + status
          + " with a body that is not JSON");
    }
    if (status >= 400) {
      String detail = body.path("detail").asText("");
      throw new IllegalStateException(detail.isEmpty() ? "the server answered " + status : detail);
    }
    return body;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
