package dev.pedigree.server.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.ExceptionHandler;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Head;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Post;
import com.linecorp.armeria.server.annotation.Put;
import dev.pedigree.core.artifacts.ArtifactService;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.artifact.FileEntry;
import dev.pedigree.model.artifact.ManifestEntry;
import dev.pedigree.model.artifact.Sha256;
import dev.pedigree.server.api.Json;
import dev.pedigree.server.api.ProblemHandler;
import dev.pedigree.store.artifacts.VersionRecord;
import dev.pedigree.store.blob.BlobContent;
import dev.pedigree.store.blob.BlobInfo;
import dev.pedigree.store.blob.ByteRange;
import dev.pedigree.store.blob.PutResult;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Bytes in and out, streamed: blobs by digest (PUT re-hashes and rejects a mismatch; GET checks the
 * bytes as they stream, so corrupted content ends in a failed transfer rather than a clean one; a
 * single {@code Range} is served unchecked), a version's manifest and a file of a version. Mounted
 * without the request size limit and timeout of the JSON API.
 */
@Blocking
@ExceptionHandler(ProblemHandler.class)
public final class BlobsApi {
  private static final String DIGEST = "(?<digest>[0-9a-f]{64})";
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final MediaType MANIFEST = MediaType.parse("text/plain; charset=utf-8");
  private static final int BUFFER = 256 * 1024;
  /**
   * Batches of small blobs travel as records: 32 bytes of SHA-256, the size as 8 bytes (big
   * endian), then the bytes; one after the other to the end of the body.
   */
  public static final MediaType BLOB_RECORDS = MediaType.create("application", "vnd.pedigree.blob-records");
  static final int MAX_BATCH_BYTES = 64 << 20;
  static final int MAX_BATCH_BLOBS = 10_000;

  private final ArtifactService artifacts;

  public BlobsApi(ArtifactService artifacts) {
    this.artifacts = artifacts;
  }

  /** Stores a blob; the body must hash to the digest in the path and have its Content-Length. */
  @Put("regex:^/blobs/" + DIGEST + "$")
  public HttpResponse put(ServiceRequestContext ctx, @Param("digest") String digest, HttpRequest request)
      throws IOException {
    long length = request.headers().contentLength();
    if (length < 0) {
      throw PedigreeException.invalidArgument("a blob upload needs a Content-Length header");
    }
    try (InputStream in = RequestBodyStream.of(ctx, request)) {
      PutResult result = artifacts.putBlob(Sha256.parse(digest), length, in);
      return Json.response(result.created() ? HttpStatus.CREATED : HttpStatus.OK, JsonNodeFactory.instance.objectNode()
          .put("digest", result.digest().hex()).put("size", result.size()).put("created", result.created()));
    }
  }

  /**
   * Stores a batch of small blobs sent as blob records (see {@link #BLOB_RECORDS}); every digest is
   * checked before anything is stored, and the whole batch is flushed to disk at once. Answers one
   * {@code {digest, size, created}} per record, in order.
   */
  @Post("/blobs/batch")
  public HttpResponse putBatch(ServiceRequestContext ctx, HttpRequest request) throws IOException {
    List<BlobContent> batch = new ArrayList<>();
    long total = 0;
    try (InputStream raw = RequestBodyStream.of(ctx, request); DataInputStream in = new DataInputStream(new BufferedInputStream(raw, BUFFER))) {
      byte[] digest = new byte[32];
      while (readDigest(in, digest)) {
        long size = in.readLong();
        if (size < 0 || size > MAX_BATCH_BYTES - total) {
          throw PedigreeException.invalidArgument("a blob batch holds at most " + MAX_BATCH_BYTES
              + " bytes; send large blobs one by one with PUT /blobs/{digest}");
        }
        if (batch.size() >= MAX_BATCH_BLOBS) {
          throw PedigreeException.invalidArgument("a blob batch holds at most " + MAX_BATCH_BLOBS + " blobs");
        }
        byte[] bytes = new byte[(int) size];
        in.readFully(bytes);
        total += size;
        batch.add(new BlobContent(Sha256.of(digest.clone()), bytes));
      }
    } catch (EOFException e) {
      throw PedigreeException.invalidArgument("the blob batch ends inside a record");
    }
    ArrayNode results = JsonNodeFactory.instance.arrayNode();
    for (PutResult result : artifacts.putBlobs(batch)) {
      results.addObject().put("digest", result.digest().hex()).put("size", result.size())
          .put("created", result.created());
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("blobs", results);
    return Json.ok(body);
  }

  /**
   * Sends a batch of small blobs as blob records, in the order asked for ({@code {"digests": [...]}};
   * NOT_FOUND before anything is sent if one is missing). Each blob is checked before it is sent: a
   * corrupted one breaks off the transfer.
   */
  @Post("/blobs/fetch")
  public HttpResponse fetch(ServiceRequestContext ctx, HttpRequest request) {
    JsonNode asked = Json.read(request.aggregate().join().contentUtf8(), JsonNode.class);
    List<Sha256> digests = new ArrayList<>();
    asked.path("digests").forEach(node -> digests.add(Sha256.parse(node.asText())));
    if (digests.size() > MAX_BATCH_BLOBS) {
      throw PedigreeException.invalidArgument("fetch at most " + MAX_BATCH_BLOBS + " blobs at once");
    }
    long total = 0;
    for (Sha256 digest : digests) {
      total += artifacts.statBlob(digest)
          .orElseThrow(() -> PedigreeException.notFound("blob " + digest + " is not stored")).size();
    }
    if (total > MAX_BATCH_BYTES) {
      throw PedigreeException.invalidArgument("fetch at most " + MAX_BATCH_BYTES
          + " bytes at once; get large blobs one by one with GET /blobs/{digest}");
    }
    HttpResponseWriter writer = HttpResponse.streaming();
    writer.write(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, BLOB_RECORDS));
    ctx.blockingTaskExecutor().execute(() -> {
      try {
        for (Sha256 digest : digests) {
          byte[] bytes;
          try (InputStream in = artifacts.openBlob(digest)) {
            bytes = in.readAllBytes();
          }
          byte[] record = new byte[40 + bytes.length];
          ByteBuffer.wrap(record).put(digest.bytes()).putLong(bytes.length).put(bytes);
          if (!writer.tryWrite(HttpData.wrap(record))) {
            return;
          }
          writer.whenConsumed().join();
        }
        writer.close();
      } catch (IOException | RuntimeException e) {
        writer.abort(e);
      }
    });
    return writer;
  }

  private static boolean readDigest(DataInputStream in, byte[] digest) throws IOException {
    int first = in.read();
    if (first < 0) {
      return false;
    }
    digest[0] = (byte) first;
    in.readFully(digest, 1, digest.length - 1);
    return true;
  }

  @Head("regex:^/blobs/" + DIGEST + "$")
  public HttpResponse head(@Param("digest") String digest) {
    BlobInfo info = artifacts.statBlob(Sha256.parse(digest))
        .orElseThrow(() -> PedigreeException.notFound("blob " + digest + " is not stored"));
    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.OCTET_STREAM)
        .contentLength(info.size()).add(HttpHeaderNames.ACCEPT_RANGES, "bytes")
        .add(HttpHeaderNames.ETAG, etag(info.digest())).build());
  }

  @Get("regex:^/blobs/" + DIGEST + "$")
  public HttpResponse get(ServiceRequestContext ctx, @Param("digest") String digest, HttpRequest request) {
    return stream(ctx, Sha256.parse(digest), request.headers(), MediaType.OCTET_STREAM);
  }

  /** The version's canonical manifest. */
  @Get("regex:^/collections/" + ArtifactsApi.COLLECTION + "/versions/" + ArtifactsApi.SELECTOR + "/manifest$")
  public HttpResponse manifest(ServiceRequestContext ctx, HttpRequest request, @Param("collection") String collection,
      @Param("selector") String selector) {
    VersionRecord version = artifacts.resolve(ArtifactsApi.ref(collection, selector));
    return stream(ctx, version.digest(), request.headers(), MANIFEST);
  }

  /** One file of a version by its path. */
  @Get("regex:^/collections/" + ArtifactsApi.COLLECTION + "/versions/" + ArtifactsApi.SELECTOR + "/files/(?<path>.+)$")
  public HttpResponse file(ServiceRequestContext ctx, HttpRequest request, @Param("collection") String collection,
      @Param("selector") String selector, @Param("path") String path) {
    VersionRecord version = artifacts.resolve(ArtifactsApi.ref(collection, selector));
    ManifestEntry entry = artifacts.findEntry(version, path)
        .orElseThrow(() -> PedigreeException.notFound(version.label() + " has no file '" + path + "'"));
    if (!(entry instanceof FileEntry file)) {
      throw PedigreeException.failedPrecondition("'" + path + "' of " + version.label()
          + " is a reference; its bytes are not stored here");
    }
    return stream(ctx, file.sha256(), request.headers(),
        file.mediaType() == null ? MediaType.OCTET_STREAM : MediaType.parse(file.mediaType()));
  }

  /**
   * Streams a blob. Its digest is its strong ETag ({@code If-None-Match} answers 304). One byte range
   * is served as 206 (416 when it starts past the end); a Range header that is malformed, asks for
   * several ranges, or comes with an {@code If-Range} that does not match, is ignored and the whole
   * blob is sent, as HTTP allows.
   */
  private HttpResponse stream(ServiceRequestContext ctx, Sha256 digest, RequestHeaders request, MediaType type) {
    BlobInfo info = artifacts.statBlob(digest)
        .orElseThrow(() -> PedigreeException.notFound("blob " + digest + " is not stored"));
    String etag = etag(digest);
    String ifNoneMatch = request.get(HttpHeaderNames.IF_NONE_MATCH);
    if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
      return HttpResponse.of(ResponseHeaders.builder(HttpStatus.NOT_MODIFIED).add(HttpHeaderNames.ETAG, etag).build());
    }
    long size = info.size();
    String ifRange = request.get(HttpHeaderNames.IF_RANGE);
    long[] range = ifRange == null || ifRange.strip().equals(etag) ? range(request.get(HttpHeaderNames.RANGE), size) : null;
    if (range == null) {
      InputStream in = artifacts.openBlob(digest);
      return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(type).contentLength(size)
          .add(HttpHeaderNames.ACCEPT_RANGES, "bytes").add(HttpHeaderNames.ETAG, etag).build(), body(ctx, in));
    }
    if (range.length == 0) {
      return HttpResponse.of(ResponseHeaders.builder(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
          .add(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size).build());
    }
    long from = range[0];
    long to = range[1];
    InputStream in = artifacts.openBlob(digest, ByteRange.of(from, to - from + 1));
    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.PARTIAL_CONTENT).contentType(type)
        .contentLength(to - from + 1).add(HttpHeaderNames.CONTENT_RANGE, "bytes " + from + "-" + to + "/" + size)
        .add(HttpHeaderNames.ACCEPT_RANGES, "bytes").add(HttpHeaderNames.ETAG, etag).build(), body(ctx, in));
  }

  /**
   * The first and last byte a Range header asks for, an empty array when it cannot be satisfied
   * (it starts past the end), or null when there is none or it is to be ignored.
   */
  static long @Nullable [] range(@Nullable String header, long size) {
    if (header == null) {
      return null;
    }
    Matcher m = RANGE.matcher(header.strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())
        || m.group(1).length() > 18 || m.group(2).length() > 18) {
      return null;
    }
    if (m.group(1).isEmpty()) {
      long suffix = Long.parseLong(m.group(2));
      return suffix == 0 || size == 0 ? new long[0] : new long[] {Math.max(0, size - suffix), size - 1};
    }
    long from = Long.parseLong(m.group(1));
    long last = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
    if (last < from) {
      return null;
    }
    return from >= size ? new long[0] : new long[] {from, Math.min(size - 1, last)};
  }

  private static String etag(Sha256 digest) {
    return "\"" + digest.hex() + "\"";
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.strip();
      if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  private static StreamMessage<HttpData> body(ServiceRequestContext ctx, InputStream in) {
    return StreamMessage.builder(in).executor(ctx.blockingTaskExecutor()).bufferSize(BUFFER).build();
  }
}
