package dev.pedigree.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.model.Artifact;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.PathStep;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  void stringFiltersUseTheStringIndexAndStructPropertiesStayOutOfIt() throws Exception {
    Path file = dir.resolve("p.db");
    try (SqliteMetadataStore store = SqliteMetadataStore.open(file, SqliteOptions.defaults())) {
      store.write(tx -> {
        long type = tx.insertType(NodeType.of(TypeKind.ARTIFACT, "Doc", Map.of())).requireId();
        return tx.insertNodes(List.of(
            Artifact.of(type, "a", "u").withCustomProperties(Map.of("text", Value.of("wanted"),
                "facet", new Value.StructValue("{\"text\":\"wanted\"}"))),
            Artifact.of(type, "b", "u").withCustomProperties(Map.of("text", Value.of("other")))), 1L);
      });
    }
    FilterSql.Fragment fragment = FilterSql.where("custom_properties.text.string_value = 'wanted'",
        TypeKind.ARTIFACT);
    String select = "SELECT n.name FROM artifact n WHERE " + fragment.sql();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      assertThat(rows(connection, select, fragment.parameters())).containsExactly("a");
      assertThat(String.join("\n", rows(connection, "EXPLAIN QUERY PLAN " + select, fragment.parameters())))
          .contains("artifact_property_string");
      // Only the STRING property is in the index, not the JSON of the STRUCT one.
      assertThat(rows(connection, "SELECT name FROM artifact_property INDEXED BY artifact_property_string"
          + " WHERE kind = 3 AND name >= ''", List.of())).containsExactlyInAnyOrder("text", "text");
      assertThat(rows(connection, "SELECT name FROM artifact_property", List.of()))
          .containsExactlyInAnyOrder("facet", "text", "text");
    }
  }

  @Test
  void writeEachRunsUnitsInOrderEachAllOrNothing() {
    try (SqliteMetadataStore store = SqliteMetadataStore.open(dir.resolve("p.db"), SqliteOptions.defaults())) {
      long type = store.write(tx -> tx.insertType(NodeType.of(TypeKind.ARTIFACT, "Doc", Map.of())).requireId());
      List<dev.pedigree.store.TransactionWork<dev.pedigree.store.WriteTransaction, Long>> units = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String name = "doc-" + i;
        units.add(tx -> {
          long id = tx.insertNodes(List.of(Artifact.of(type, name, "u")), 1L).get(0).requireId();
          // Unit 0 is the first of a transaction (no savepoint: its failure rolls the transaction back,
          // and the units after it run in a new one); 7 fails inside a group; 64 is the first unit
          // of the next transaction when the writer is busy with the first 64.
          if (List.of("doc-0", "doc-7", "doc-64").contains(name)) {
            throw PedigreeException.invalidArgument("unit " + name + " fails after writing");
          }
          return id;
        });
      }
      var results = store.writeEach(units);

      assertThat(results).hasSize(200);
      for (int failed : List.of(0, 7, 64)) {
        assertThatThrownBy(() -> results.get(failed).join()).hasCauseInstanceOf(PedigreeException.class)
            .hasMessageContaining("unit doc-" + failed + " fails");
      }
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        if (i != 0 && i != 7 && i != 64) {
          ids.add(results.get(i).join());
        }
      }
      // Applied in list order (ids rise), nothing of the failed unit kept.
      assertThat(ids).isSorted();
      long stored = store.read(tx -> tx.countNodes(TypeKind.ARTIFACT));
      assertThat(stored).isEqualTo(197);
      for (String name : List.of("doc-0", "doc-7", "doc-64")) {
        java.util.Optional<dev.pedigree.model.Node> failed = store.read(
            tx -> tx.findNodeByName(TypeKind.ARTIFACT, type, name));
        assertThat(failed).isEmpty();
      }
    }
  }

  @Test
  void theLogIsCopiedIntoTheDatabaseFileInTheBackground() throws Exception {
    Path file = dir.resolve("ckpt.db");
    try (SqliteMetadataStore store = SqliteMetadataStore.open(file, SqliteOptions.defaults())) {
      long type = store.write(tx -> tx.insertType(NodeType.of(TypeKind.ARTIFACT, "Doc", Map.of())).requireId());
      long before = Files.size(file);
      for (int i = 0; i < 50; i++) {
        String name = "doc-" + i;
        store.write(tx -> tx.insertNodes(List.of(Artifact.of(type, name, "u".repeat(2_000))), 1L));
      }
      // Far below the 1,000 pages at which SQLite would checkpoint inside a commit, and the writer's
      // own checkpoint is raised further still: only the background checkpoint copies these pages.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      while (Files.size(file) <= before + 50 * 2_000 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(Files.size(file)).isGreaterThan(before + 50 * 2_000);
      long stored = store.read(tx -> tx.countNodes(TypeKind.ARTIFACT));
      assertThat(stored).isEqualTo(50);
    }
    // Closed cleanly, the database is one file again.
    assertThat(dir.resolve("ckpt.db-wal")).doesNotExist();
  }

  /** The last column of every row, as text. */
  private static List<String> rows(Connection connection, String sql, List<Object> parameters) throws Exception {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      Sql.bindAll(statement, 1, parameters);
      List<String> rows = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          rows.add(row.getString(row.getMetaData().getColumnCount()));
        }
      }
      return rows;
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
