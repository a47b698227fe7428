package dev.pedigree.server.ops;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Get;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.StoreInfo;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Liveness, readiness, version and Prometheus metrics. */
public final class OpsService {
  private static final Logger log = LoggerFactory.getLogger(OpsService.class);
  private static final MediaType PROMETHEUS_TEXT =
      MediaType.parse("text/plain; version=0.0.4; charset=utf-8");

  private final MetadataStore store;
  private final PrometheusMeterRegistry registry;
  private final String version;

  public OpsService(MetadataStore store, PrometheusMeterRegistry registry, String version) {
    this.store = store;
    this.registry = registry;
    this.version = version;
  }

  /** The process is up (it answers); says nothing about its dependencies. */
  @Get("/health")
  public HttpResponse health() {
    return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, "{\"status\":\"UP\"}\n");
  }

  /** The server can serve requests: the database answers a read. */
  @Get("/ready")
  @Blocking
  public HttpResponse ready() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    try {
      store.read(tx -> tx.findType(TypeKind.ARTIFACT, 0));
      json.put("status", "READY");
      return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, json + "\n");
    } catch (RuntimeException e) {
      log.atWarn().addKeyValue("reason", e.getMessage()).log("not ready");
      json.put("status", "NOT_READY").put("reason", "the database does not answer");
      return HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE, MediaType.JSON_UTF_8, json + "\n");
    }
  }

  @Get("/version")
  public HttpResponse version() {
    StoreInfo info = store.info();
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("version", version);
    json.put("database", info.database());
    json.put("schema_version", info.schemaVersion());
    return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, json + "\n");
  }

  @Get("/metrics")
  public HttpResponse metrics() {
    return HttpResponse.of(HttpStatus.OK, PROMETHEUS_TEXT, registry.scrape());
  }
}
