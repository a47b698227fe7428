package dev.pedigree.cli;

import dev.pedigree.store.blob.BlobStore;
import dev.pedigree.store.blob.LocalBlobStore;
import dev.pedigree.store.blob.S3BlobStore;
import dev.pedigree.store.blob.S3BlobStoreConfig;
import java.net.URI;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.server.PedigreeServer;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.jdbc.JdbcStores;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pedigree server}: runs every front door on one port until Ctrl-C or SIGTERM. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
        "Runs the Pedigree server: native REST API, MLMD gRPC (and gRPC-Web), health and metrics on one port.",
        "",
        "Settings come from, lowest first: built-in defaults, the config file (--config or "
            + "PEDIGREE_CONFIG; a properties file using the keys shown in brackets), environment "
            + "variables (PEDIGREE_ + the key upper-cased, dots and dashes as underscores, e.g. "
            + "PEDIGREE_SERVER_PORT), then these flags."})
final class ServerCommand implements Callable<Integer> {

  @Option(names = "--host", descriptionKey = "server.host", defaultValue = "127.0.0.1",
      description = "Address to listen on [server.host] (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
  String host;

  @Option(names = "--port", descriptionKey = "server.port", defaultValue = "8080",
      description = "Port for every protocol [server.port] (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", descriptionKey = "data-dir", defaultValue = "${sys:user.home}/.pedigree",
      description = "Directory for the embedded database and blobs [data-dir] (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--db", descriptionKey = "database.jdbc-url",
      description = "Database JDBC URL [database.jdbc-url]: jdbc:sqlite:FILE (default: "
          + "jdbc:sqlite:DATA_DIR/pedigree.db) or jdbc:postgresql://HOST[:PORT]/DATABASE, with credentials in "
          + "the URL or in PEDIGREE_DB_USER and PEDIGREE_DB_PASSWORD; PEDIGREE_DB_CONNECT_ATTEMPTS bounds "
          + "the attempts to reach PostgreSQL at start (default 5). PEDIGREE_DB_URL also sets the URL.")
  String jdbcUrl;

  @Option(names = "--max-request-bytes", descriptionKey = "server.max-request-bytes", defaultValue = "16777216",
      description = "Largest accepted request body in bytes [server.max-request-bytes] (default: ${DEFAULT-VALUE}).")
  long maxRequestBytes;

  @Option(names = "--mlmd-max-message-bytes", descriptionKey = "mlmd.max-message-bytes", defaultValue = "104857600",
      description = "Largest MLMD gRPC request or response message in bytes [mlmd.max-message-bytes] "
          + "(default: ${DEFAULT-VALUE}, 100 MiB as Kubeflow Pipelines configures its clients).")
  int mlmdMaxMessageBytes;

  @Option(names = "--cors-origin", descriptionKey = "server.cors-origins", split = ",", paramLabel = "ORIGIN",
      description = "Browser origin allowed to call the server from another origin, e.g. a Kubeflow Pipelines UI "
          + "reading MLMD over gRPC-Web; repeat or separate with commas, * for any [server.cors-origins] "
          + "(default: none).")
  List<String> corsOrigins = new ArrayList<>();

  @Option(names = "--tls-cert", descriptionKey = "server.tls-cert",
      description = "PEM certificate chain; with --tls-key the port serves TLS only [server.tls-cert].")
  Path tlsCert;

  @Option(names = "--tls-key", descriptionKey = "server.tls-key",
      description = "PEM PKCS#8 private key for --tls-cert [server.tls-key].")
  Path tlsKey;

  @Option(names = "--log-format", descriptionKey = "log.format", defaultValue = "text",
      description = "Log format: text or json [log.format] (default: ${DEFAULT-VALUE}).")
  String logFormat;

  @Option(names = "--blobs", descriptionKey = "blobs.type", defaultValue = "local",
      description = "Blob store for artifact bytes: local or s3 [blobs.type] (default: ${DEFAULT-VALUE}).")
  String blobsType;

  @Option(names = "--blobs-dir", descriptionKey = "blobs.dir",
      description = "Directory of the local blob store [blobs.dir] (default: DATA_DIR/blobs).")
  Path blobsDir;

  @Option(names = "--blobs-s3-bucket", descriptionKey = "blobs.s3.bucket", description = "S3 bucket [blobs.s3.bucket].")
  String s3Bucket;

  @Option(names = "--blobs-s3-prefix", descriptionKey = "blobs.s3.prefix", defaultValue = "",
      description = "Key prefix inside the bucket [blobs.s3.prefix].")
  String s3Prefix;

  @Option(names = "--blobs-s3-endpoint", descriptionKey = "blobs.s3.endpoint",
      description = "Endpoint of an S3-compatible service [blobs.s3.endpoint] (default: AWS).")
  String s3Endpoint;

  @Option(names = "--blobs-s3-region", descriptionKey = "blobs.s3.region", defaultValue = "us-east-1",
      description = "Signing region [blobs.s3.region] (default: ${DEFAULT-VALUE}).")
  String s3Region;

  @Option(names = "--blobs-s3-access-key-id", descriptionKey = "blobs.s3.access-key-id",
      description = "Access key id [blobs.s3.access-key-id] (default: the AWS SDK's credential chain).")
  String s3AccessKeyId;

  @Option(names = "--blobs-s3-secret-access-key", descriptionKey = "blobs.s3.secret-access-key",
      description = "Secret access key [blobs.s3.secret-access-key]; prefer the environment or config file.")
  String s3SecretAccessKey;

  @Option(names = "--blobs-s3-path-style", descriptionKey = "blobs.s3.path-style", defaultValue = "false",
      description = "Bucket in the path instead of the host name [blobs.s3.path-style] (default: ${DEFAULT-VALUE}).")
  boolean s3PathStyle;

  @Option(names = "--openlineage-api-key", descriptionKey = "openlineage.api-key",
      description = "Bearer token OpenLineage producers must send to /api/v1/lineage [openlineage.api-key] "
          + "(default: none, events are accepted without one).")
  String openLineageApiKey;

  @Option(names = "--lineage-max-depth", descriptionKey = "lineage.max-depth", defaultValue = "1000",
      description = "Deepest lineage query accepted, in hops [lineage.max-depth] (default: ${DEFAULT-VALUE}).")
  int lineageMaxDepth;

  @Option(names = "--lineage-max-nodes", descriptionKey = "lineage.max-nodes", defaultValue = "100000",
      description = "Largest lineage result cap a query may ask for [lineage.max-nodes] (default: ${DEFAULT-VALUE}).")
  int lineageMaxNodes;

  @Option(names = "--config", description = "Properties file with settings (see above).")
  Path config;

  @Override
  public Integer call() throws Exception {
    configureLogging(logFormat);
    Path dir = dataDir.toAbsolutePath().normalize();
    checkWritable(dir);
    String url = jdbcUrl != null && !jdbcUrl.isBlank() ? jdbcUrl : "jdbc:sqlite:" + dir.resolve("pedigree.db");
    MetadataStore store = JdbcStores.open(url);
    PedigreeServer server;
    try {
      if ((tlsCert == null) != (tlsKey == null)) {
        throw new IllegalArgumentException("--tls-cert and --tls-key go together");
      }
      PedigreeServer.Builder builder = PedigreeServer.builder().host(host).port(port).store(store).dataDir(dir)
          .blobStore(blobStore(dir)).maxRequestBytes(maxRequestBytes).mlmdMaxMessageBytes(mlmdMaxMessageBytes)
          .openLineageApiKey(openLineageApiKey).corsOrigins(corsOrigins)
          .lineageSettings(new dev.pedigree.core.lineage.LineageSettings(Math.min(20, lineageMaxDepth),
              lineageMaxDepth, Math.min(10_000, lineageMaxNodes), lineageMaxNodes));
      if (tlsCert != null) {
        builder.tls(tlsCert, tlsKey);
      }
      server = builder.start();
    } catch (RuntimeException e) {
      store.close();
      if (causedBy(e, BindException.class) || String.valueOf(rootMessage(e)).contains("Address already in use")) {
        throw new IllegalStateException("cannot listen on " + host + ":" + port + ": the address is in use"
            + " or not available (choose another with --port)");
      }
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      store.close();
      stopped.countDown();
    }, "pedigree-shutdown"));
    System.err.println("Pedigree " + dev.pedigree.server.Versions.pedigree() + " listening on "
        + (tlsCert == null ? "http://" : "https://")
        + host + ":" + server.port() + " (data: " + dir + "). Ctrl-C stops it.");
    stopped.await();
    return 0;
  }

  /** The blob store the {@code blobs.*} settings describe. */
  BlobStore blobStore(Path dataDir) {
    switch (blobsType) {
      case "local" -> {
        return LocalBlobStore.open(blobsDir != null ? blobsDir.toAbsolutePath().normalize() : dataDir.resolve("blobs"));
      }
      case "s3" -> {
        if (s3Bucket == null || s3Bucket.isBlank()) {
          throw new IllegalArgumentException("--blobs s3 needs a bucket: --blobs-s3-bucket or blobs.s3.bucket");
        }
        S3BlobStoreConfig.Builder config = S3BlobStoreConfig.builder(s3Bucket).keyPrefix(s3Prefix).region(s3Region)
            .pathStyleAccess(s3PathStyle);
        if (s3Endpoint != null && !s3Endpoint.isBlank()) {
          config.endpoint(URI.create(s3Endpoint));
        }
        boolean hasKey = s3AccessKeyId != null && !s3AccessKeyId.isBlank();
        boolean hasSecret = s3SecretAccessKey != null && !s3SecretAccessKey.isBlank();
        if (hasKey != hasSecret) {
          throw new IllegalArgumentException("give both blobs.s3.access-key-id and blobs.s3.secret-access-key, or neither");
        }
        if (hasKey) {
          config.credentials(s3AccessKeyId, s3SecretAccessKey);
        }
        return S3BlobStore.create(config.build());
      }
      default -> throw new IllegalArgumentException("--blobs: '" + blobsType + "' (expected: local or s3)");
    }
  }

  private static void checkWritable(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new PedigreeException(dev.pedigree.model.ErrorCode.FAILED_PRECONDITION,
          "data directory " + dir + " is not writable (" + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); choose another with --data-dir");
    }
  }

  private static void configureLogging(String format) throws JoranException {
    switch (format) {
      case "text" -> { }
      case "json" -> {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(ServerCommand.class.getResource("/logback-json.xml"));
      }
      default -> throw new IllegalArgumentException("--log-format: '" + format + "' (expected: text or json)");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }
}
