package dev.pedigree.cli;

import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.StoreInfo;
import dev.pedigree.store.jdbc.JdbcStores;
import dev.pedigree.store.jdbc.Migrations;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pedigree db}: schema status and migration, and backups of the embedded database. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = "Database maintenance: status, migrate, backup.",
    subcommands = {DbCommand.Status.class, DbCommand.Migrate.class, DbCommand.Backup.class})
final class DbCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Which database: the same settings as {@code pedigree server}. */
  static final class Database {
    @Option(names = "--data-dir", descriptionKey = "data-dir", defaultValue = "${sys:user.home}/.pedigree",
        description = "Directory of the embedded database [data-dir] (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db", descriptionKey = "database.jdbc-url",
        description = "Database JDBC URL [database.jdbc-url] (default: jdbc:sqlite:DATA_DIR/pedigree.db); "
            + "PostgreSQL credentials from the URL or PEDIGREE_DB_USER / PEDIGREE_DB_PASSWORD.")
    String jdbcUrl;

    @Option(names = "--config", description = "Properties file with settings, as for pedigree server.")
    Path config;

    String url() {
      return jdbcUrl != null && !jdbcUrl.isBlank() ? jdbcUrl
          : "jdbc:sqlite:" + dataDir.toAbsolutePath().normalize().resolve("pedigree.db");
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Prints the database, its schema version and how many nodes it holds. "
          + "An embedded (SQLite) database must not be in use by a running server.")
  static final class Status implements Callable<Integer> {
    @Mixin Database database;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (MetadataStore store = JdbcStores.open(database.url())) {
        StoreInfo info = store.info();
        long[] counts = store.read(tx -> new long[] {tx.countNodes(TypeKind.ARTIFACT),
            tx.countNodes(TypeKind.EXECUTION), tx.countNodes(TypeKind.CONTEXT)});
        var out = spec.commandLine().getOut();
        out.println("database:       " + info.database() + " at " + info.location());
        out.println("schema version: " + info.schemaVersion() + " (this Pedigree: " + Migrations.latestVersion() + ")");
        out.println("artifacts:      " + counts[0]);
        out.println("executions:     " + counts[1]);
        out.println("contexts:       " + counts[2]);
        out.flush();
      }
      return 0;
    }
  }

  @Command(name = "migrate", mixinStandardHelpOptions = true,
      description = "Brings the schema up to date (the server also does this at start); refuses a "
          + "schema newer than this Pedigree.")
  static final class Migrate implements Callable<Integer> {
    @Mixin Database database;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (MetadataStore store = JdbcStores.open(database.url())) {
        StoreInfo info = store.info();
        spec.commandLine().getOut().println("schema of " + info.database() + " at " + info.location()
            + " is at version " + info.schemaVersion());
        spec.commandLine().getOut().flush();
      }
      return 0;
    }
  }

  @Command(name = "backup", mixinStandardHelpOptions = true,
      description = "Copies the embedded (SQLite) database into a new file, online: a running server "
          + "keeps serving. For PostgreSQL use pg_dump (see docs/operations.md).")
  static final class Backup implements Callable<Integer> {
    @Mixin Database database;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--to", required = true, description = "The backup file to create (must not exist).")
    Path target;

    @Override
    public Integer call() {
      String url = database.url();
      if (!url.startsWith("jdbc:sqlite:")) {
        throw PedigreeException.invalidArgument("db backup copies the embedded SQLite database; for "
            + JdbcStores.redact(url) + " use pg_dump (see docs/operations.md)");
      }
      Path file = Path.of(url.substring("jdbc:sqlite:".length()).replaceFirst("^file:", "").replaceFirst("\\?.*$", ""));
      SqliteMetadataStore.backup(file, target);
      spec.commandLine().getOut().println("backed up " + file.toAbsolutePath().normalize() + " to "
          + target.toAbsolutePath().normalize());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
