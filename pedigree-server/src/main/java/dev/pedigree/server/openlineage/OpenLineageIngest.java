package dev.pedigree.server.openlineage;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.ExceptionHandler;
import com.linecorp.armeria.server.annotation.Post;
import dev.pedigree.core.openlineage.IngestOutcome;
import dev.pedigree.core.openlineage.OpenLineageService;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/v1/lineage} (one event) and {@code POST /api/v1/lineage/batch} (a JSON array).
 * Every event is ingested in its own transaction; a batch answers 200 with a summary and the
 * failures by index. Bodies may be gzip-compressed; when an API key is configured, requests must
 * carry it as a bearer token.
 */
@Blocking
@ExceptionHandler(IngestErrors.class)
public final class OpenLineageIngest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Duration BATCH_TIMEOUT = Duration.ofMinutes(2);

  private final OpenLineageService openLineage;
  private final byte @Nullable [] apiKey;
  private final long maxEventBytes;
  private final ExecutorService batchWorkers = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * @param apiKey the bearer token required on every request; null accepts anonymous requests
   * @param maxEventBytes the largest body accepted after decompression
   */
  public OpenLineageIngest(OpenLineageService openLineage, @Nullable String apiKey, long maxEventBytes) {
    this.openLineage = requireNonNull(openLineage, "openLineage");
    this.apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey.getBytes(StandardCharsets.UTF_8);
    this.maxEventBytes = maxEventBytes;
  }

  @Post("/lineage")
  public HttpResponse ingest(AggregatedHttpRequest request) {
    authenticate(request);
    EventDecoder.Decoded decoded = EventDecoder.decode(EventDecoder.parse(body(request)));
    IngestOutcome outcome = openLineage.ingest(decoded.event(), decoded.digest());
    ObjectNode json = JSON.objectNode();
    json.put("status", "success");
    json.put("duplicate", outcome.duplicate());
    if (outcome.executionId() != null) {
      json.put("execution_id", outcome.executionId());
    }
    ArrayNode artifacts = json.putArray("artifact_ids");
    outcome.artifactIds().forEach(artifacts::add);
    return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, json.toString());
  }

  /**
   * Ingests each element in its own transaction. Events of the same run (or job, or dataset) are
   * applied in array order; different runs are applied concurrently so they share commits.
   */
  @Post("/lineage/batch")
  public HttpResponse ingestBatch(ServiceRequestContext ctx, AggregatedHttpRequest request) {
    // A large batch waits for its turn at the single writer; give it longer than one event.
    ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, BATCH_TIMEOUT);
    authenticate(request);
    JsonNode array = EventDecoder.parse(body(request));
    if (!array.isArray()) {
      throw PedigreeException.invalidArgument("a batch must be a JSON array of OpenLineage events");
    }
    int size = array.size();
    @Nullable String[] failures = new String[size];
    boolean[] retriable = new boolean[size];
    Map<String, List<Integer>> byKey = new LinkedHashMap<>();
    List<EventDecoder.Decoded> decoded = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      try {
        EventDecoder.Decoded event = EventDecoder.decode(array.get(i));
        decoded.add(event);
        byKey.computeIfAbsent(key(event), k -> new ArrayList<>()).add(i);
      } catch (PedigreeException e) {
        decoded.add(null);
        failures[i] = e.getMessage();
      }
    }
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (List<Integer> indexes : byKey.values()) {
      running.add(CompletableFuture.runAsync(() -> {
        for (int index : indexes) {
          EventDecoder.Decoded event = decoded.get(index);
          try {
            openLineage.ingest(event.event(), event.digest());
          } catch (PedigreeException e) {
            failures[index] = e.getMessage();
            retriable[index] = IngestErrors.isRetriable(e.code());
          } catch (RuntimeException e) {
            failures[index] = "internal error: " + e.getClass().getSimpleName();
            retriable[index] = true;
          }
        }
      }, batchWorkers));
    }
    CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
    ObjectNode json = JSON.objectNode();
    ArrayNode failed = JSON.arrayNode();
    int retriableCount = 0;
    for (int i = 0; i < size; i++) {
      if (failures[i] != null) {
        failed.addObject().put("index", i).put("reason", failures[i]).put("retriable", retriable[i]);
        retriableCount += retriable[i] ? 1 : 0;
      }
    }
    json.put("status", failed.isEmpty() ? "success" : "partial_success");
    json.putObject("summary").put("received", size).put("successful", size - failed.size())
        .put("failed", failed.size()).put("retriable", retriableCount)
        .put("non_retriable", failed.size() - retriableCount);
    json.set("failed_events", failed);
    return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, json.toString());
  }

  private static String key(EventDecoder.Decoded decoded) {
    var event = decoded.event();
    return switch (event.kind()) {
      case RUN -> "run " + event.runId();
      case JOB -> "job " + event.job().namespace() + "\u0000" + event.job().name();
      case DATASET -> "dataset " + event.dataset().namespace() + "\u0000" + event.dataset().name();
    };
  }

  private void authenticate(AggregatedHttpRequest request) {
    if (apiKey == null) {
      return;
    }
    String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new PedigreeException(ErrorCode.UNAUTHENTICATED, "this server requires an API key: send 'Authorization: Bearer <key>'");
    }
    byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, apiKey)) {
      throw new PedigreeException(ErrorCode.UNAUTHENTICATED, "the API key is not valid");
    }
  }

  /** The body, gunzipped when the request says so, never larger than the limit. */
  private byte[] body(AggregatedHttpRequest request) {
    byte[] raw = request.content().array();
    String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
      if (raw.length > maxEventBytes) {
        throw tooLarge();
      }
      return raw;
    }
    if (!encoding.strip().toLowerCase(Locale.ROOT).equals("gzip")) {
      throw PedigreeException.invalidArgument("Content-Encoding '" + encoding + "' is not supported (use gzip)");
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, raw.length * 4));
      byte[] buffer = new byte[16 * 1024];
      for (int read; (read = in.read(buffer)) >= 0; ) {
        if (out.size() + read > maxEventBytes) {
          throw tooLarge();
        }
        out.write(buffer, 0, read);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw PedigreeException.invalidArgument("the gzip body cannot be decompressed: " + e.getMessage());
    }
  }

  private PedigreeException tooLarge() {
    return new PedigreeException(ErrorCode.TOO_LARGE, "the event is larger than this server accepts ("
        + maxEventBytes + " bytes after decompression)");
  }
}
