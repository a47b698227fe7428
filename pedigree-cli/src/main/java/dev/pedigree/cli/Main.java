package dev.pedigree.cli;

import dev.pedigree.server.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code pedigree} command. */
@Command(
    name = "pedigree",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "ML metadata and lineage server: MLMD, MLflow and OpenLineage over one graph.",
    subcommands = {ServerCommand.class, LineageCommand.class, ImpactCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (for tests). */
  public static int run(String... args) {
    CommandLine commandLine = new CommandLine(new Main())
        .setDefaultValueProvider(new ConfigDefaults(args))
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
