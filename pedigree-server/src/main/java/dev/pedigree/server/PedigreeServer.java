package dev.pedigree.server;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.logging.LogLevel;
import com.linecorp.armeria.common.metric.MeterIdPrefixFunction;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.logging.LoggingService;
import com.linecorp.armeria.server.metric.MetricCollectingService;
import dev.pedigree.core.metadata.MetadataService;
import dev.pedigree.server.api.NativeApi;
import dev.pedigree.server.mlflow.MlflowFrontDoor;
import dev.pedigree.store.blob.LocalBlobStore;
import dev.pedigree.server.ops.OpsService;
import dev.pedigree.store.MetadataStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: wires the core services over the given store and mounts every front door
 * on one port. Construct with {@link #builder()}; {@link #close()} stops gracefully.
 */
public final class PedigreeServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PedigreeServer.class);

  private final Server server;
  private final MetadataService metadata;

  private PedigreeServer(Server server, MetadataService metadata) {
    this.server = server;
    this.metadata = metadata;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.activeLocalPort();
  }

  public MetadataService metadata() {
    return metadata;
  }

  /** Stops accepting requests, lets in-flight ones finish (bounded), then returns. */
  @Override
  public void close() {
    server.stop().join();
    log.atInfo().log("server stopped");
  }

  /** Server settings; defaults suit a laptop. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8080;
    private MetadataStore store;
    private Path dataDir;
    private Clock clock = Clock.systemUTC();
    private long maxRequestBytes = 16L * 1024 * 1024;
    private int blockingThreads = Math.max(8, Runtime.getRuntime().availableProcessors() * 4);
    private Duration shutdownGrace = Duration.ofSeconds(1);
    private Duration shutdownTimeout = Duration.ofSeconds(15);

    private Builder() {}

    public Builder host(String host) {
      this.host = requireNonNull(host, "host");
      return this;
    }

    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
      }
      this.port = port;
      return this;
    }

    /** The metadata store; the caller keeps ownership and closes it after the server. */
    public Builder store(MetadataStore store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    /** Where local state other than the database lives (blobs). */
    public Builder dataDir(Path dataDir) {
      this.dataDir = requireNonNull(dataDir, "dataDir");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    public Builder maxRequestBytes(long maxRequestBytes) {
      if (maxRequestBytes < 1024) {
        throw new IllegalArgumentException("maxRequestBytes: " + maxRequestBytes + " (expected: >= 1024)");
      }
      this.maxRequestBytes = maxRequestBytes;
      return this;
    }

    public Builder blockingThreads(int blockingThreads) {
      if (blockingThreads < 1) {
        throw new IllegalArgumentException("blockingThreads: " + blockingThreads + " (expected: >= 1)");
      }
      this.blockingThreads = blockingThreads;
      return this;
    }

    /** Builds, binds and starts the server. */
    public PedigreeServer start() {
      requireNonNull(store, "store");
      if (dataDir == null) {
        throw new IllegalStateException("dataDir is not set");
      }
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      MetadataService metadata = new MetadataService(store, clock);

      ServerBuilder sb = Server.builder()
          .http(new InetSocketAddress(host, port))
          .meterRegistry(registry)
          .maxRequestLength(maxRequestBytes)
          .blockingTaskExecutor(blockingThreads)
          .gracefulShutdownTimeout(shutdownGrace, shutdownTimeout)
          .errorHandler(new ErrorPages())
          .decorator(MetricCollectingService.newDecorator(MeterIdPrefixFunction.ofDefault("pedigree.http")))
          .decorator(LoggingService.builder()
              .successfulResponseLogLevel(LogLevel.DEBUG)
              .failureResponseLogLevel(LogLevel.WARN)
              .newDecorator());

      // Front doors: one line each.
      sb.annotatedService(new OpsService(store, registry, Versions.pedigree()));
      sb.annotatedService("/api/v1", new NativeApi(metadata));
      MlflowFrontDoor.mount(sb, metadata, LocalBlobStore.open(dataDir.resolve("blobs")), clock);

      Server server = sb.build();
      server.start().join();
      PedigreeServer started = new PedigreeServer(server, metadata);
      log.atInfo().addKeyValue("address", host + ":" + started.port())
          .addKeyValue("database", store.info().database())
          .addKeyValue("location", store.info().location())
          .log("Pedigree is serving");
      return started;
    }
  }
}
