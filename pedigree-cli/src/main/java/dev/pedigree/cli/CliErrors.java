package dev.pedigree.cli;

import dev.pedigree.model.PedigreeException;
import picocli.CommandLine;

/** Turns a failed command into one clear line on stderr and a non-zero exit code. */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {
  static final int FAILED = 1;

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    String message = e instanceof PedigreeException || e instanceof IllegalArgumentException
        || e instanceof IllegalStateException
        ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    commandLine.getErr().println("pedigree: " + message);
    return FAILED;
  }
}
