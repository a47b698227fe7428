package dev.pedigree.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {
  @TempDir Path dir;

  private record Outcome(int exitCode, String out, String err) {}

  private static Outcome run(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), environment, args);
    return new Outcome(code, out.toString(), err.toString());
  }

  @Test
  void versionAndHelpWork() {
    Outcome version = run(Map.of(), "--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("pedigree ");
    Outcome help = run(Map.of(), "server", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--port", "--data-dir", "--db", "[server.port]");
  }

  @Test
  void anUnwritableDataDirectoryIsOneClearLine() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    Outcome outcome = run(Map.of(), "server", "--port", "0", "--data-dir", file.resolve("sub").toString());
    assertThat(outcome.exitCode()).isNotZero();
    assertThat(outcome.err().strip()).startsWith("pedigree: data directory").contains("not writable")
        .doesNotContain("\n");
  }

  @Test
  void aDatabaseInUseByAnotherProcessIsRefused() {
    try (SqliteMetadataStore held = SqliteMetadataStore.open(dir.resolve("pedigree.db"), SqliteOptions.defaults())) {
      Outcome outcome = run(Map.of(), "server", "--port", "0", "--data-dir", dir.toString());
      assertThat(outcome.exitCode()).isNotZero();
      assertThat(outcome.err().strip()).contains("is in use by another Pedigree process").doesNotContain("\n");
    }
  }

  @Test
  void unsupportedDatabaseUrlsNameTheSupportedOnesAndHidePasswords() {
    Outcome outcome = run(Map.of(), "server", "--port", "0", "--data-dir", dir.toString(),
        "--db", "jdbc:mysql://db:3306/x?user=u&password=hunter2");
    assertThat(outcome.exitCode()).isNotZero();
    assertThat(outcome.err()).contains("unsupported database URL", "jdbc:sqlite").doesNotContain("hunter2");
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsTheConfigFile() throws Exception {
    Path config = Files.writeString(dir.resolve("pedigree.properties"), "server.port=1111\nserver.host=10.0.0.1\n");
    String[] args = {"--config", config.toString(), "server"};
    ConfigDefaults defaults = new ConfigDefaults(args, Map.of("PEDIGREE_SERVER_PORT", "2222"));
    picocli.CommandLine line = new picocli.CommandLine(new Main()).setDefaultValueProvider(defaults);
    line.parseArgs("server", "--log-format", "text");
    ServerCommand command = line.getSubcommands().get("server").getCommand();
    assertThat(command.port).isEqualTo(2222);
    assertThat(command.host).isEqualTo("10.0.0.1");
    line = new picocli.CommandLine(new Main()).setDefaultValueProvider(defaults);
    line.parseArgs("server", "--port", "3333");
    command = line.getSubcommands().get("server").getCommand();
    assertThat(command.port).isEqualTo(3333);
    assertThat(ConfigDefaults.environmentName("database.jdbc-url")).isEqualTo("PEDIGREE_DATABASE_JDBC_URL");
    line = new picocli.CommandLine(new Main())
        .setDefaultValueProvider(new ConfigDefaults(args, Map.of("PEDIGREE_DB_URL", "jdbc:sqlite:/x.db")));
    line.parseArgs("server");
    command = line.getSubcommands().get("server").getCommand();
    assertThat(command.jdbcUrl).isEqualTo("jdbc:sqlite:/x.db");
  }
}
