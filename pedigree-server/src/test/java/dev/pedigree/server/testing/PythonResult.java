package dev.pedigree.server.testing;

import static java.util.Objects.requireNonNull;

/** What a Python script run by {@link PythonVenv} did: its exit code and everything it printed. */
public record PythonResult(int exitCode, String stdout, String stderr) {

  public PythonResult {
    requireNonNull(stdout, "stdout");
    requireNonNull(stderr, "stderr");
  }

  public boolean succeeded() {
    return exitCode == 0;
  }

  /** A one-paragraph account for assertion messages. */
  public String describe() {
    return "exit code " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
  }
}
