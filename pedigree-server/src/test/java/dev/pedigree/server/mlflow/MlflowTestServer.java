package dev.pedigree.server.mlflow;

import dev.pedigree.server.PedigreeServer;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import java.nio.file.Path;

/** A real Pedigree server on a random loopback port over a fresh SQLite file, for MLflow client tests. */
final class MlflowTestServer implements AutoCloseable {
  final SqliteMetadataStore store;
  final PedigreeServer server;
  final Path dataDir;

  MlflowTestServer(Path dataDir) {
    this.dataDir = dataDir;
    this.store = SqliteMetadataStore.open(dataDir.resolve("pedigree.db"), SqliteOptions.defaults());
    this.server = PedigreeServer.builder().port(0).store(store).dataDir(dataDir).start();
  }

  String uri() {
    return "http://127.0.0.1:" + server.port();
  }

  @Override
  public void close() {
    server.close();
    store.close();
  }
}
