package dev.pedigree.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationsTest {
  @Test
  void scriptsSplitIntoStatementsWithTokensFilledIn() {
    List<String> statements = Migrations.statements("""
        -- a comment; with a semicolon
        CREATE TABLE t (id {{ID}}, d {{DOUBLE}}){{WITHOUT_ROWID}};
        CREATE INDEX t_d ON t (d);
        """, SqliteDialect.INSTANCE);
    assertThat(statements).containsExactly(
        "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, d REAL) WITHOUT ROWID",
        "CREATE INDEX t_d ON t (d)");
  }

  @Test
  void functionBodiesBetweenDollarQuotesStayInOneStatement() {
    List<String> statements = Migrations.statements("""
        CREATE FUNCTION f() RETURNS INTEGER LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM 1;
          RETURN 2;
        END
        $$;
        CREATE INDEX t_d ON t (d);
        """, PostgresDialect.INSTANCE);
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0)).startsWith("CREATE FUNCTION f()").contains("PERFORM 1;\n  RETURN 2;").endsWith("$$");
    assertThat(statements.get(1)).isEqualTo("CREATE INDEX t_d ON t (d)");
  }
}
