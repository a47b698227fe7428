package dev.pedigree.server.artifacts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.ExceptionHandler;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Head;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Put;
import dev.pedigree.core.artifacts.ArtifactService;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.artifact.FileEntry;
import dev.pedigree.model.artifact.ManifestEntry;
import dev.pedigree.model.artifact.Sha256;
import dev.pedigree.server.api.Json;
import dev.pedigree.server.api.ProblemHandler;
import dev.pedigree.store.artifacts.VersionRecord;
import dev.pedigree.store.blob.BlobInfo;
import dev.pedigree.store.blob.ByteRange;
import dev.pedigree.store.blob.PutResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    try (InputStream in = request.toInputStream(object -> object instanceof HttpData data ? data : HttpData.empty(),
        ctx.eventLoop())) {
      PutResult result = artifacts.putBlob(Sha256.parse(digest), length, in);
      return Json.response(result.created() ? HttpStatus.CREATED : HttpStatus.OK, JsonNodeFactory.instance.objectNode()
          .put("digest", result.digest().hex()).put("size", result.size()).put("created", result.created()));
    }
  }

  @Head("regex:^/blobs/" + DIGEST + "$")
  public HttpResponse head(@Param("digest") String digest) {
    BlobInfo info = artifacts.statBlob(Sha256.parse(digest))
        .orElseThrow(() -> PedigreeException.notFound("blob " + digest + " is not stored"));
    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.OCTET_STREAM)
        .contentLength(info.size()).add(HttpHeaderNames.ACCEPT_RANGES, "bytes").build());
  }

  @Get("regex:^/blobs/" + DIGEST + "$")
  public HttpResponse get(ServiceRequestContext ctx, @Param("digest") String digest, HttpRequest request) {
    Sha256 sha = Sha256.parse(digest);
    return stream(ctx, sha, request.headers().get(HttpHeaderNames.RANGE), MediaType.OCTET_STREAM);
  }

  /** The version's canonical manifest. */
  @Get("regex:^/collections/" + ArtifactsApi.COLLECTION + "/versions/" + ArtifactsApi.SELECTOR + "/manifest$")
  public HttpResponse manifest(ServiceRequestContext ctx, @Param("collection") String collection,
      @Param("selector") String selector) {
    VersionRecord version = artifacts.resolve(ArtifactsApi.ref(collection, selector));
    return stream(ctx, version.digest(), null, MANIFEST);
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
    return stream(ctx, file.sha256(), request.headers().get(HttpHeaderNames.RANGE),
        file.mediaType() == null ? MediaType.OCTET_STREAM : MediaType.parse(file.mediaType()));
  }

  private HttpResponse stream(ServiceRequestContext ctx, Sha256 digest, String range, MediaType type) {
    BlobInfo info = artifacts.statBlob(digest)
        .orElseThrow(() -> PedigreeException.notFound("blob " + digest + " is not stored"));
    if (range == null) {
      InputStream in = artifacts.openBlob(digest);
      return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(type).contentLength(info.size())
          .add(HttpHeaderNames.ACCEPT_RANGES, "bytes").build(), body(ctx, in));
    }
    Matcher m = RANGE.matcher(range.strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      throw PedigreeException.invalidArgument("Range: '" + range + "' (expected: one range, bytes=FROM-[TO] or bytes=-SUFFIX)");
    }
    long size = info.size();
    long from;
    long to;
    if (m.group(1).isEmpty()) {
      long suffix = Long.parseLong(m.group(2));
      from = Math.max(0, size - suffix);
      to = size - 1;
    } else {
      from = Long.parseLong(m.group(1));
      to = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
    }
    if (from >= size || to < from) {
      return HttpResponse.of(ResponseHeaders.builder(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
          .add(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size).build());
    }
    InputStream in = artifacts.openBlob(digest, ByteRange.of(from, to - from + 1));
    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.PARTIAL_CONTENT).contentType(type)
        .contentLength(to - from + 1).add(HttpHeaderNames.CONTENT_RANGE, "bytes " + from + "-" + to + "/" + size)
        .add(HttpHeaderNames.ACCEPT_RANGES, "bytes").build(), body(ctx, in));
  }

  private static StreamMessage<HttpData> body(ServiceRequestContext ctx, InputStream in) {
    return StreamMessage.builder(in).executor(ctx.blockingTaskExecutor()).bufferSize(BUFFER).build();
  }
}
