package dev.pedigree.server;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.logging.LogLevel;
import com.linecorp.armeria.common.metric.MeterIdPrefixFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.cors.CorsService;
import com.linecorp.armeria.server.cors.CorsServiceBuilder;
import com.linecorp.armeria.server.logging.LoggingService;
import com.linecorp.armeria.server.metric.MetricCollectingService;
import dev.pedigree.core.artifacts.ArtifactMaintenance;
import dev.pedigree.core.artifacts.ArtifactRetention;
import dev.pedigree.core.artifacts.ArtifactService;
import dev.pedigree.core.lineage.CollectionAliases;
import dev.pedigree.core.lineage.LineageService;
import dev.pedigree.core.lineage.LineageSettings;
import dev.pedigree.core.metadata.MetadataService;
import dev.pedigree.core.openlineage.JobLineage;
import dev.pedigree.core.openlineage.OpenLineageService;
import dev.pedigree.server.api.LineageApi;
import dev.pedigree.server.api.NativeApi;
import dev.pedigree.server.api.OpenApiDocument;
import dev.pedigree.server.artifacts.ArtifactsApi;
import dev.pedigree.server.artifacts.BlobsApi;
import dev.pedigree.server.mlflow.MlflowFrontDoor;
import dev.pedigree.server.mlmd.MlmdGrpc;
import dev.pedigree.server.openlineage.MarquezLineage;
import dev.pedigree.server.openlineage.OpenLineageIngest;
import dev.pedigree.server.ops.OpsService;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.blob.BlobStore;
import dev.pedigree.store.blob.LocalBlobStore;
import dev.pedigree.store.jdbc.JdbcArtifactRecords;
import dev.pedigree.store.jdbc.JdbcLineageStore;
import dev.pedigree.store.jdbc.JdbcOpenLineageStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
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
  private final ArtifactService artifacts;

  private PedigreeServer(Server server, MetadataService metadata, ArtifactService artifacts) {
    this.server = server;
    this.metadata = metadata;
    this.artifacts = artifacts;
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

  public ArtifactService artifacts() {
    return artifacts;
  }

  /** Stops accepting requests, lets in-flight ones finish (bounded), then returns. */
  @Override
  public void close() {
    try {
      server.stop().join();
    } finally {
      artifacts.blobs().close();
    }
    log.atInfo().log("server stopped");
  }

  /** Server settings; defaults suit a laptop. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8080;
    private MetadataStore store;
    private Path dataDir;
    private BlobStore blobStore;
    private Clock clock = Clock.systemUTC();
    private long maxRequestBytes = 16L * 1024 * 1024;
    private int blockingThreads = Math.max(8, Runtime.getRuntime().availableProcessors() * 4);
    private int mlmdMaxMessageBytes = MlmdGrpc.DEFAULT_MAX_MESSAGE_BYTES;
    private @Nullable Path tlsCertificate;
    private @Nullable Path tlsKey;
    private Duration shutdownGrace = Duration.ofSeconds(1);
    private Duration shutdownTimeout = Duration.ofSeconds(15);
    private LineageSettings lineageSettings = LineageSettings.DEFAULTS;
    private String openLineageApiKey;
    private List<String> corsOrigins = List.of();

    private Builder() {}

    /**
     * Browser origins (such as {@code https://kubeflow.example.com}) allowed to call every front door
     * from another origin, gRPC-Web included; {@code *} allows any. Empty (the default): no CORS
     * headers, so only same-origin pages can read responses.
     */
    public Builder corsOrigins(List<String> corsOrigins) {
      for (String origin : corsOrigins) {
        if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
          throw new IllegalArgumentException("CORS origin: '" + origin
              + "' (expected: * or scheme://host[:port], without a path)");
        }
      }
      this.corsOrigins = List.copyOf(corsOrigins);
      return this;
    }

    /** Depth and result caps of lineage queries. */
    public Builder lineageSettings(LineageSettings lineageSettings) {
      this.lineageSettings = requireNonNull(lineageSettings, "lineageSettings");
      return this;
    }

    /** The bearer token OpenLineage producers must send; null or empty accepts anonymous events. */
    public Builder openLineageApiKey(String openLineageApiKey) {
      this.openLineageApiKey = openLineageApiKey;
      return this;
    }

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

    /**
     * The blob store of versioned artifacts; the server takes ownership and closes it. Default: a
     * local directory {@code <dataDir>/blobs}.
     */
    public Builder blobStore(BlobStore blobStore) {
      this.blobStore = requireNonNull(blobStore, "blobStore");
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

    /**
     * How long a stopping server waits for quiet (no new requests) and at most in total before it
     * closes connections.
     */
    public Builder gracefulShutdown(Duration quietPeriod, Duration timeout) {
      this.shutdownGrace = requireNonNull(quietPeriod, "quietPeriod");
      this.shutdownTimeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /** Largest MLMD gRPC request or response message, in bytes (default 100 MiB, as KFP configures). */
    public Builder mlmdMaxMessageBytes(int mlmdMaxMessageBytes) {
      if (mlmdMaxMessageBytes < 4 * 1024 * 1024) {
        throw new IllegalArgumentException("mlmdMaxMessageBytes: " + mlmdMaxMessageBytes + " (expected: >= 4194304)");
      }
      this.mlmdMaxMessageBytes = mlmdMaxMessageBytes;
      return this;
    }

    /**
     * Serves TLS (HTTPS, gRPC over TLS) instead of plain text on the port, with this PEM certificate
     * chain and PEM PKCS#8 private key.
     */
    public Builder tls(Path certificateChain, Path privateKey) {
      this.tlsCertificate = requireNonNull(certificateChain, "certificateChain");
      this.tlsKey = requireNonNull(privateKey, "privateKey");
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
      BlobStore blobs = blobStore != null ? blobStore : LocalBlobStore.open(dataDir.resolve("blobs"));
      ArtifactService artifacts = new ArtifactService(metadata, new JdbcArtifactRecords(), blobs, clock,
          ArtifactService.DEFAULT_UPLOAD_TTL);
      ArtifactRetention retention = new ArtifactRetention(artifacts);
      ArtifactMaintenance maintenance = new ArtifactMaintenance(artifacts, retention);

      ServerBuilder sb = Server.builder();
      if (tlsCertificate != null && tlsKey != null) {
        sb.https(new InetSocketAddress(host, port)).tls(tlsCertificate.toFile(), tlsKey.toFile());
      } else {
        sb.http(new InetSocketAddress(host, port));
      }
      sb
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
      if (!corsOrigins.isEmpty()) {
        sb.decorator(cors(corsOrigins));
      }

      // Front doors: one line each.
      sb.annotatedService(new OpsService(store, registry, Versions.pedigree()));
      sb.annotatedService("/api/v1", new NativeApi(metadata));
      MlmdGrpc.mount(sb, metadata, mlmdMaxMessageBytes);
      sb.annotatedService("/api/v1", new ArtifactsApi(artifacts, retention, maintenance));
      sb.annotatedService().pathPrefix("/api/v1").maxRequestLength(0).requestTimeout(Duration.ZERO)
          .build(new BlobsApi(artifacts));
      JdbcOpenLineageStore openLineageStore = new JdbcOpenLineageStore();
      OpenLineageService openLineage = new OpenLineageService(metadata, openLineageStore, clock);
      LineageService lineage = new LineageService(store, new JdbcLineageStore(), lineageSettings,
          new CollectionAliases(artifacts));
      sb.annotatedService("/api/v1", new LineageApi(lineage, openLineage, artifacts));
      sb.annotatedService("/api/v1", new MarquezLineage(new JobLineage(store, openLineageStore, lineageSettings)));
      sb.annotatedService("/api/v1", new OpenLineageIngest(openLineage, openLineageApiKey, maxRequestBytes));
      sb.annotatedService("/api/v1", new OpenApiDocument());
      MlflowFrontDoor.mount(sb, metadata, blobs, clock);

      Server server = sb.build();
      try {
        server.start().join();
      } catch (RuntimeException e) {
        blobs.close();
        throw e;
      }
      PedigreeServer started = new PedigreeServer(server, metadata, artifacts);
      log.atInfo().addKeyValue("address", host + ":" + started.port())
          .addKeyValue("database", store.info().database())
          .addKeyValue("location", store.info().location())
          .addKeyValue("blobs", blobs.describe())
          .log("Pedigree is serving");
      return started;
    }
  }

  /** Answers preflights and marks responses readable by the origins; gRPC-Web needs its headers listed. */
  private static Function<? super HttpService, CorsService> cors(List<String> origins) {
    CorsServiceBuilder cors = origins.contains("*") ? CorsService.builderForAnyOrigin() : CorsService.builder(origins);
    return cors
        .allowRequestMethods(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE)
        .allowRequestHeaders(HttpHeaderNames.CONTENT_TYPE, HttpHeaderNames.AUTHORIZATION,
            HttpHeaderNames.CONTENT_ENCODING, HttpHeaderNames.RANGE, "x-grpc-web", "x-user-agent", "grpc-timeout")
        .exposeHeaders("grpc-status", "grpc-message", "grpc-status-details-bin", "content-range", "location")
        .maxAge(Duration.ofHours(1))
        .newDecorator();
  }
}
