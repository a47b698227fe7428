package dev.pedigree.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection for a load driver, as cheap as wrk: a request is bytes built
 * once up front ({@link #post}), written in one call; the response is read just far enough to find
 * its status and body (Content-Length or chunked). A connection the server closes is reopened for
 * the next request. One thread per connection.
 */
final class KeepAliveConnection implements AutoCloseable {
  private final InetSocketAddress address;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  KeepAliveConnection(InetSocketAddress address) throws IOException {
    this.address = address;
    open();
  }

  /** The bytes of a POST of a JSON body to {@code path}, for {@link #exchange}. */
  static byte[] post(String host, String path, byte[] json) {
    byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json; charset=utf-8"
        + "\r\nContent-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + json.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(json, 0, request, head.length, json.length);
    return request;
  }

  /** A response: its status code and body (UTF-8). */
  record Response(int status, String body) {}

  /** Writes the request and reads its response. */
  Response exchange(byte[] request) throws IOException {
    out.write(request);
    out.flush();
    String statusLine = line();
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
      throw new IOException("not an HTTP/1.x status line: '" + statusLine + "'");
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = statusLine.startsWith("HTTP/1.0");
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      if (colon < 0) {
        throw new IOException("malformed header line: '" + header + "'");
      }
      String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.endsWith("chunked");
        case "connection" -> close = value.contains("close");
        default -> { }
      }
    }
    byte[] body;
    if (chunked) {
      body = chunkedBody();
    } else if (length >= 0) {
      body = in.readNBytes((int) length);
      if (body.length != length) {
        throw new IOException("connection closed after " + body.length + " of " + length + " body bytes");
      }
    } else {
      // Neither length nor chunks: the body runs to the end of the connection.
      body = in.readAllBytes();
      close = true;
    }
    if (close) {
      close();
      open();
    }
    return new Response(status, new String(body, StandardCharsets.UTF_8));
  }

  private byte[] chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int extension = size.indexOf(';');
      int length = Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).strip(), 16);
      if (length == 0) {
        // Trailers, if any, end with an empty line.
        while (!line().isEmpty()) {
          continue;
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(length);
      if (chunk.length != length) {
        throw new IOException("connection closed inside a chunk");
      }
      body.write(chunk);
      if (!line().isEmpty()) {
        throw new IOException("a chunk is not followed by CRLF");
      }
    }
  }

  /** One line without its CRLF (headers are ASCII). */
  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int b = in.read(); ; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed by the server mid-response");
      }
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
      }
      line.append((char) b);
    }
  }

  private void open() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(address);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
