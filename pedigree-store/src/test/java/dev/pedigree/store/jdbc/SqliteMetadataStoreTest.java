package dev.pedigree.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.PathStep;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMetadataStoreTest {
  @TempDir Path dir;

  @Test
  void migratesAnEmptyDatabaseToTheLatestVersion() {
    try (SqliteMetadataStore store = SqliteMetadataStore.open(dir.resolve("p.db"), SqliteOptions.defaults())) {
      assertThat(store.info().schemaVersion()).isEqualTo(Migrations.latestVersion());
      assertThat(store.info().database()).isEqualTo("sqlite");
      long artifacts = store.read(tx -> tx.countNodes(TypeKind.ARTIFACT));
      assertThat(artifacts).isZero();
    }
    // Reopening applies nothing new and keeps the version.
    try (SqliteMetadataStore store = SqliteMetadataStore.open(dir.resolve("p.db"), SqliteOptions.defaults())) {
      assertThat(store.info().schemaVersion()).isEqualTo(Migrations.latestVersion());
    }
  }

  @Test
  void refusesADatabaseWrittenByANewerPedigree() throws Exception {
    Path file = dir.resolve("p.db");
    SqliteMetadataStore.open(file, SqliteOptions.defaults()).close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO schema_version (version, description, applied_at) VALUES ("
          + (Migrations.latestVersion() + 1) + ", 'from the future', 0)");
    }
    assertThatThrownBy(() -> SqliteMetadataStore.open(file, SqliteOptions.defaults()))
        .isInstanceOfSatisfying(PedigreeException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION);
          assertThat(e.getMessage()).contains("newer than this Pedigree");
        });
  }

  @Test
  void aSecondOpenOfTheSameDatabaseIsRefused() {
    try (SqliteMetadataStore store = SqliteMetadataStore.open(dir.resolve("p.db"), SqliteOptions.defaults())) {
      assertThatThrownBy(() -> SqliteMetadataStore.open(dir.resolve("p.db"), SqliteOptions.defaults()))
          .isInstanceOfSatisfying(PedigreeException.class, e -> assertThat(e.getMessage()).contains("in use"));
      List<NodeType> types = store.read(tx -> tx.listTypes(TypeKind.CONTEXT));
      assertThat(types).isEmpty();
    }
    // Once closed, it opens again.
    SqliteMetadataStore.open(dir.resolve("p.db"), SqliteOptions.defaults()).close();
  }

  @Test
  void backupCopiesALiveDatabase() throws Exception {
    Path backup = dir.resolve("backup.db");
    try (SqliteMetadataStore store = SqliteMetadataStore.open(dir.resolve("p.db"), SqliteOptions.defaults())) {
      store.write(tx -> tx.insertType(dev.pedigree.model.NodeType.of(TypeKind.ARTIFACT, "Dataset", java.util.Map.of())));
      store.backupTo(backup);
    }
    try (SqliteMetadataStore copy = SqliteMetadataStore.open(backup, SqliteOptions.defaults())) {
      List<NodeType> types = copy.read(tx -> tx.listTypes(TypeKind.ARTIFACT));
      assertThat(types).hasSize(1);
    }
  }

  @Test
  void inMemoryAndUnknownUrlsAreRejectedClearly() {
    assertThatThrownBy(() -> JdbcStores.open("jdbc:sqlite::memory:")).hasMessageContaining("in-memory");
    assertThatThrownBy(() -> JdbcStores.open("jdbc:mysql://db/x?password=secret"))
        .hasMessageContaining("unsupported database URL")
        .hasMessageNotContaining("secret");
  }

  @Test
  void eventPathsRoundTripAnyKey() {
    List<PathStep> path = List.of(PathStep.key("a\"b\\c\n\u0001é"), PathStep.index(-3), PathStep.key(""),
        PathStep.index(Long.MAX_VALUE), PathStep.key("x,y]"));
    assertThat(EventPaths.decode(EventPaths.encode(path))).isEqualTo(path);
    assertThat(EventPaths.encode(List.of())).isNull();
    assertThat(EventPaths.decode(null)).isEmpty();
  }
}
