package dev.pedigree.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.model.Artifact;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PostgreSQL-specific schema choices: long strings under an index, and lookups that use it. */
class PostgresSchemaTest {

  @Test
  void longStringPropertiesAreStoredAndFoundThroughThePrefixIndex() throws Exception {
    TestPostgres postgres = TestPostgres.shared();
    String database = postgres.createDatabase();
    String url = postgres.jdbcUrl(database);
    // Far beyond the ~2.7 kB a btree entry may hold: a plain index on the value would reject it.
    String longText = "x".repeat(20_000) + "-end";
    try (MetadataStore store = PostgresMetadataStore.open(url, null, null, PostgresOptions.defaults().withPools(2, 2))) {
      List<Node> stored = store.write(tx -> {
        long type = tx.insertType(NodeType.of(TypeKind.ARTIFACT, "Doc", Map.of())).requireId();
        return tx.insertNodes(List.of(
            Artifact.of(type, "long", "u").withCustomProperties(Map.of("text", Value.of(longText))),
            Artifact.of(type, "near", "u").withCustomProperties(Map.of("text", Value.of("x".repeat(20_000) + "-other"))),
            Artifact.of(type, "short", "u").withCustomProperties(Map.of("text", Value.of("short")))), 1L);
      });
      Node read = store.read(tx -> tx.findNodes(TypeKind.ARTIFACT, List.of(stored.get(0).requireId()))).get(0);
      assertThat(read.customProperties().get("text")).isEqualTo(Value.of(longText));
    }

    FilterSql.Fragment fragment = FilterSql.where("custom_properties.text.string_value = '" + longText + "'",
        TypeKind.ARTIFACT);
    String select = "SELECT n.name FROM artifact n WHERE " + fragment.sql();
    try (Connection connection = DriverManager.getConnection(url)) {
      // Same prefix, different value: the prefix narrows, the full comparison decides.
      assertThat(names(connection, select, fragment.parameters())).containsExactly("long");
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET enable_seqscan = off");
      }
      List<String> plan = names(connection, "EXPLAIN " + select, fragment.parameters());
      assertThat(String.join("\n", plan)).contains("artifact_property_string");
      // The value prefix is part of the index search, not only the name.
      assertThat(plan).anySatisfy(line -> assertThat(line).contains("Index Cond").contains("substr(string_value, 1, 256)"));
    }
  }

  private static List<String> names(Connection connection, String sql, List<Object> parameters) throws Exception {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      Sql.bindAll(statement, 1, parameters);
      List<String> rows = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          rows.add(row.getString(1));
        }
      }
      return rows;
    }
  }
}
