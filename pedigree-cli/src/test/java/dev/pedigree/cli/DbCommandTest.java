package dev.pedigree.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.model.Artifact;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.jdbc.Migrations;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbCommandTest {
  @TempDir Path dir;

  private record Result(int exitCode, String out, String err) {}

  private static synchronized Result pedigree(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Result(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void statusMigratesAFreshDatabaseAndCountsNodes() {
    Result migrate = pedigree("db", "migrate", "--data-dir", dir.toString());
    assertThat(migrate.exitCode()).as(migrate.err()).isZero();
    assertThat(migrate.out()).contains("is at version " + Migrations.latestVersion());
    Result status = pedigree("db", "status", "--data-dir", dir.toString());
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).contains("database:       sqlite at " + dir.resolve("pedigree.db"))
        .contains("schema version: " + Migrations.latestVersion()).contains("artifacts:      0");
  }

  @Test
  void backupCopiesTheDatabaseWhileItIsOpen() throws Exception {
    Path backup = dir.resolve("backups/copy.db");
    try (SqliteMetadataStore store = SqliteMetadataStore.open(dir.resolve("pedigree.db"), SqliteOptions.defaults())) {
      store.write(tx -> {
        long type = tx.insertType(NodeType.of(TypeKind.ARTIFACT, "Dataset", Map.of())).requireId();
        return tx.insertNodes(List.of(Artifact.of(type, "a", "u"), Artifact.of(type, "b", "u")), 1L);
      });
      // The store stays open, as a running server would keep it.
      Result result = pedigree("db", "backup", "--to", backup.toString(), "--data-dir", dir.toString());
      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out()).contains("backed up");
      Result again = pedigree("db", "backup", "--to", backup.toString(), "--data-dir", dir.toString());
      assertThat(again.exitCode()).isEqualTo(1);
      assertThat(again.err()).contains("exists; choose a new file");
    }
    assertThat(Files.size(backup)).isPositive();
    try (SqliteMetadataStore copy = SqliteMetadataStore.open(backup, SqliteOptions.defaults())) {
      long artifacts = copy.read(tx -> tx.countNodes(TypeKind.ARTIFACT));
      assertThat(artifacts).isEqualTo(2);
    }
  }

  @Test
  void unsupportedDatabasesAndPostgresBackupsAreExplained() {
    Result unsupported = pedigree("db", "status", "--db", "jdbc:mysql://db/pedigree?password=s3cret");
    assertThat(unsupported.exitCode()).isEqualTo(1);
    assertThat(unsupported.err()).contains("supported: jdbc:sqlite:FILE, jdbc:postgresql://").doesNotContain("s3cret");
    Result postgres = pedigree("db", "backup", "--to", dir.resolve("x").toString(),
        "--db", "jdbc:postgresql://db/pedigree?password=s3cret");
    assertThat(postgres.exitCode()).isEqualTo(1);
    assertThat(postgres.err()).contains("use pg_dump").doesNotContain("s3cret");
  }
}
