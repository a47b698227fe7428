package dev.pedigree.cli;

import dev.pedigree.cli.artifacts.ArtifactCommand;
import dev.pedigree.cli.artifacts.GcCommand;
import dev.pedigree.server.Versions;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code pedigree} command. */
@Command(
    name = "pedigree",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "ML metadata and lineage server: MLMD, MLflow and OpenLineage over one graph.",
    subcommands = {ServerCommand.class, DbCommand.class, ArtifactCommand.class, GcCommand.class,
        LineageCommand.class, ImpactCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line on the process's streams and returns the exit code. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(), args);
  }

  /** Runs the command line with the given streams and environment (tests use this). */
  static int run(PrintWriter out, PrintWriter err, Map<String, String> environment, String... args) {
    CommandLine commandLine = new CommandLine(new Main())
        .setOut(out)
        .setErr(err)
        .setDefaultValueProvider(new ConfigDefaults(args, environment))
        .setExecutionExceptionHandler(new CliErrors());
    return commandLine.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"pedigree " + Versions.pedigree(), "Java " + Runtime.version()};
    }
  }
}
