package dev.pedigree.cli;

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
        "Runs the Pedigree server: native REST API, health and metrics on one port.",
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
      description = "Database JDBC URL [database.jdbc-url] (default: jdbc:sqlite:DATA_DIR/pedigree.db).")
  String jdbcUrl;

  @Option(names = "--max-request-bytes", descriptionKey = "server.max-request-bytes", defaultValue = "16777216",
      description = "Largest accepted request body in bytes [server.max-request-bytes] (default: ${DEFAULT-VALUE}).")
  long maxRequestBytes;

  @Option(names = "--log-format", descriptionKey = "log.format", defaultValue = "text",
      description = "Log format: text or json [log.format] (default: ${DEFAULT-VALUE}).")
  String logFormat;

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
      server = PedigreeServer.builder().host(host).port(port).store(store).dataDir(dir)
          .maxRequestBytes(maxRequestBytes).openLineageApiKey(openLineageApiKey)
          .lineageSettings(new dev.pedigree.core.lineage.LineageSettings(Math.min(20, lineageMaxDepth), lineageMaxDepth,
              Math.min(10_000, lineageMaxNodes), lineageMaxNodes))
          .start();
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
    System.err.println("Pedigree " + dev.pedigree.server.Versions.pedigree() + " listening on http://"
        + host + ":" + server.port() + " (data: " + dir + "). Ctrl-C stops it.");
    stopped.await();
    return 0;
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
