package dev.pedigree.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Filters rendered by {@link FilterSql} select the right rows of a real SQLite database with schema V1. */
class FilterSqlTest {

  @TempDir
  static Path dir;

  private static Connection db;

  @BeforeAll
  static void createDatabase() throws Exception {
    db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("filter.db"));
    try (Statement statement = db.createStatement()) {
      for (String sql : migrationStatements()) {
        statement.execute(sql);
      }
      for (String sql : FIXTURE) {
        statement.execute(sql);
      }
    }
  }

  @AfterAll
  static void closeDatabase() throws SQLException {
    db.close();
  }

  // Types 1 Dataset, 2 Model (artifacts), 3 Trainer (executions), 4 Pipeline, 5 Run (contexts).
  // Property kinds: 1 INT, 2 DOUBLE, 3 STRING, 6 BOOLEAN. States: LIVE 2, PENDING 1, DELETED 4, UNKNOWN 0;
  // COMPLETE 3, RUNNING 2, FAILED 4. Event types: INPUT 3, OUTPUT 4.
  private static final List<String> FIXTURE = List.of(
      "INSERT INTO node_type (id, kind, name) VALUES (1, 0, 'Dataset'), (2, 0, 'Model'), (3, 1, 'Trainer'),"
          + " (4, 2, 'Pipeline'), (5, 2, 'Run')",
      "INSERT INTO artifact (id, type_id, name, uri, state, external_id, create_time, update_time) VALUES"
          + " (1, 1, 'train', 'gs://b/train', 2, 'x1', 100, 150),"
          + " (2, 1, 'eval', 'gs://b/eval', 1, NULL, 200, 250),"
          + " (3, 2, 'model', 's3://m/model', 4, NULL, 300, 350),"
          + " (4, 2, NULL, NULL, 0, NULL, 400, 450)",
      "INSERT INTO artifact_property (node_id, is_custom, name, kind, int_value, double_value, string_value) VALUES"
          + " (1, 0, 'day', 1, 1, NULL, NULL), (1, 0, 'split', 3, NULL, NULL, 'train'),"
          + " (1, 1, 'owner', 3, NULL, NULL, 'ada'), (1, 1, 'flag', 6, 1, NULL, NULL),"
          + " (1, 1, 'score', 2, NULL, 0.5, NULL),"
          + " (2, 0, 'day', 1, 2, NULL, NULL), (2, 1, 'flag', 6, 0, NULL, NULL), (2, 1, 'my:prop', 6, 1, NULL, NULL),"
          + " (3, 1, 'owner', 3, NULL, NULL, 'bob'), (3, 1, 'score', 2, NULL, 0.9, NULL),"
          + " (3, 1, 'day', 1, 1, NULL, NULL)",
      "INSERT INTO execution (id, type_id, name, last_known_state, create_time, update_time) VALUES"
          + " (1, 3, 'train-run', 3, 10, 10), (2, 3, 'eval-run', 2, 20, 20), (3, 3, NULL, 4, 30, 30)",
      "INSERT INTO execution_property (node_id, is_custom, name, kind, int_value) VALUES"
          + " (1, 1, 'parent_dag_id', 1, 7), (2, 1, 'parent_dag_id', 1, 8)",
      "INSERT INTO context (id, type_id, name, create_time, update_time) VALUES"
          + " (1, 4, 'pipe', 1, 1), (2, 5, 'run-1', 2, 2), (3, 5, 'run-2', 3, 3)",
      "INSERT INTO attribution (context_id, artifact_id) VALUES (2, 1), (2, 2), (3, 3), (1, 1)",
      "INSERT INTO association (context_id, execution_id) VALUES (2, 1), (2, 2), (3, 3)",
      "INSERT INTO parent_context (child_id, parent_id) VALUES (2, 1), (3, 1)",
      "INSERT INTO event (artifact_id, execution_id, type, time_ms) VALUES"
          + " (1, 1, 3, 1000), (3, 1, 4, 1100), (2, 2, 3, 1200)");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      id = 1                                                        | 1
      id != 1                                                       | 2,3,4
      type = 'Model'                                                | 3,4
      NOT type = 'Model'                                            | 1,2
      type_id = 1                                                   | 1,2
      name = 'train' OR name = 'model'                              | 1,3
      name IS NULL                                                  | 4
      name != 'train'                                               | 2,3
      uri LIKE 'gs://%'                                             | 1,2
      uri NOT LIKE 'gs://%'                                         | 3
      state = LIVE                                                  | 1
      state != LIVE                                                 | 2,3,4
      state IN (PENDING, DELETED)                                   | 2,3
      state NOT IN (PENDING, DELETED)                               | 1,4
      external_id = 'x1'                                            | 1
      external_id IS NOT NULL                                       | 1
      create_time_since_epoch >= 200 AND last_update_time_since_epoch < 350 | 2
      properties.day.int_value = 1                                  | 1
      custom_properties.day.int_value = 1                           | 3
      properties.day.int_value != 1                                 | 2
      NOT (properties.day.int_value = 1)                            | 2
      NOT NOT properties.day.int_value = 1                          | 1
      properties.day.int_value IS NULL                              | ''
      properties.day.int_value IS NOT NULL                          | 1,2
      properties.day.int_value IN (1, 2)                            | 1,2
      properties.day.int_value > 1.5                                | 2
      custom_properties.flag.bool_value = true                      | 1
      custom_properties.flag.bool_value = FALSE                     | 2
      custom_properties.`my:prop`.bool_value = true                 | 2
      custom_properties.score.double_value > 0.6                    | 3
      custom_properties.score.double_value > 0                      | 1,3
      custom_properties.owner.string_value IN ('ada', 'bob')        | 1,3
      custom_properties.owner.string_value LIKE 'a%'                | 1
      properties.split.string_value = 'train' OR name = 'model'     | 1,3
      custom_properties.owner.int_value = 1                         | ''
      contexts_a.name = 'run-1'                                     | 1,2
      contexts_a.type = 'Run' AND contexts_a.name = 'run-2'         | 3
      contexts_a.name = 'pipe' AND contexts_a.name = 'run-1'        | ''
      contexts_a.name = 'pipe' AND contexts_b.name = 'run-1'        | 1
      NOT contexts_a.name = 'run-1'                                 | 1,3
      contexts_a.name = 'run-1' OR name = 'model'                   | 1,2,3
      events_e.type = INPUT                                         | 1,2
      events_e.execution_id = 1                                     | 1,3
      events_e.type = OUTPUT AND events_e.milliseconds_since_epoch > 1000 | 3
      events_e.type = OUTPUT AND events_f.type = INPUT              | ''
      """)
  void filtersArtifacts(String filter, String expected) throws SQLException {
    assertThat(matching(filter, TypeKind.ARTIFACT)).isEqualTo(ids(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      custom_properties.parent_dag_id.int_value = 7                      | 1
      last_known_state = COMPLETE                                        | 1
      last_known_state != COMPLETE                                       | 2,3
      contexts_r.name = 'run-1' AND custom_properties.parent_dag_id.int_value = 8 | 2
      events_e.artifact_id = 3                                           | 1
      type = 'Trainer' AND name LIKE '%run'                              | 1,2
      contexts_r.type = 'Run'                                            | 1,2,3
      """)
  void filtersExecutions(String filter, String expected) throws SQLException {
    assertThat(matching(filter, TypeKind.EXECUTION)).isEqualTo(ids(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      artifacts_a.name = 'train'                                         | 1,2
      executions_e.last_known_state = FAILED                             | 3
      parent_contexts_p.name = 'pipe'                                    | 2,3
      child_contexts_c.name = 'run-2'                                    | 1
      type = 'Run' AND artifacts_a.state = DELETED                       | 3
      artifacts_a.uri LIKE 'gs://%' AND executions_e.name = 'eval-run'   | 2
      name IN ('pipe', 'run-2')                                          | 1,3
      """)
  void filtersContexts(String filter, String expected) throws SQLException {
    assertThat(matching(filter, TypeKind.CONTEXT)).isEqualTo(ids(expected));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource(delimiter = '|', textBlock = """
      last_known_state = COMPLETE | ARTIFACT  | artifacts have no attribute 'last_known_state' at position 1
      state = LIVE                | EXECUTION | executions have no attribute 'state' at position 1
      id = 1 AND uri = 'x'        | CONTEXT   | contexts have no attribute 'uri' at position 12
      artifacts_a.id = 1          | ARTIFACT  | artifacts have no neighbours artifacts_<alias> at position 1
      contexts_a.id = 1           | CONTEXT   | contexts have no neighbours contexts_<alias> at position 1
      contexts_a.uri = 'x'        | ARTIFACT  | contexts_a has no attribute 'uri' at position 1
      """)
  void rejectsWhatTheNodeKindDoesNotHave(String filter, TypeKind kind, String message) {
    assertThatThrownBy(() -> FilterSql.where(filter, kind))
        .isInstanceOfSatisfying(PedigreeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageEndingWith(message);
  }

  @Test
  void userTextOnlyEverTravelsAsParameters() throws SQLException {
    String filter = "name = \"train' OR '1'='1\" OR custom_properties.`x'); DROP TABLE artifact; --`.string_value"
        + " = 'y' OR contexts_zzz.name LIKE 'run%'";
    FilterSql.Fragment fragment = FilterSql.where(filter, TypeKind.ARTIFACT);

    assertThat(fragment.sql()).doesNotContain("train", "DROP", "zzz", "run%", "'");
    assertThat(fragment.parameters()).contains("train' OR '1'='1", "x'); DROP TABLE artifact; --", "run%");
    assertThat(matching(filter, TypeKind.ARTIFACT)).containsExactly(1L, 2L, 3L);
    assertThat(matching("id > 0", TypeKind.ARTIFACT)).hasSize(4);
  }

  @Test
  void propertyPredicatesOutsideNegationUseTheValueIndexShape() {
    FilterSql.Fragment fragment = FilterSql.where("custom_properties.parent_dag_id.int_value = 7",
        TypeKind.EXECUTION);
    assertThat(fragment.sql()).isEqualTo("n.id IN (SELECT t.node_id FROM execution_property t WHERE"
        + " t.int_value IS NOT NULL AND t.name = ? AND t.is_custom = ? AND t.kind = 1 AND t.int_value = ?)");
    assertThat(fragment.parameters()).containsExactly("parent_dag_id", 1, 7L);
  }

  private static List<Long> matching(String filter, TypeKind kind) throws SQLException {
    FilterSql.Fragment fragment = FilterSql.where(filter, kind);
    String table = kind.label();
    try (PreparedStatement statement = db.prepareStatement(
        "SELECT n.id FROM " + table + " n WHERE " + fragment.sql() + " ORDER BY n.id")) {
      for (int i = 0; i < fragment.parameters().size(); i++) {
        statement.setObject(i + 1, fragment.parameters().get(i));
      }
      List<Long> ids = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
      return ids;
    }
  }

  private static List<Long> ids(String csv) {
    return csv.isBlank() ? List.of() : java.util.Arrays.stream(csv.split(",")).map(Long::parseLong).toList();
  }

  private static List<String> migrationStatements() throws IOException {
    String sql;
    try (InputStream in = FilterSqlTest.class.getResourceAsStream(
        "/dev/pedigree/store/migrations/V1__metadata_graph.sql")) {
      assertThat(in).isNotNull();
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    sql = sql.replace("{{ID}}", "INTEGER PRIMARY KEY AUTOINCREMENT")
        .replace("{{DOUBLE}}", "REAL")
        .replace("{{BLOB}}", "BLOB")
        .replace("{{STRING_KEY}}", "string_value")
        .replace("{{WITHOUT_ROWID}}", " WITHOUT ROWID");
    StringBuilder withoutComments = new StringBuilder();
    for (String line : sql.split("\n")) {
      if (!line.strip().startsWith("--")) {
        withoutComments.append(line).append('\n');
      }
    }
    return java.util.Arrays.stream(withoutComments.toString().split(";"))
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
