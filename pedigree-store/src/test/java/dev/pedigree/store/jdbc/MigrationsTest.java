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
}
