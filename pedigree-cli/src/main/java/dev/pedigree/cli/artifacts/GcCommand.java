package dev.pedigree.cli.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.model.PedigreeException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pedigree gc}: applies retention rules, then deletes blobs no version or open upload needs. */
@Command(name = "gc", mixinStandardHelpOptions = true,
    description = {"Deletes the versions retention rules no longer keep, then garbage-collects unreferenced blobs"
        + " older than a grace period (--dry-run only reports)."})
public final class GcCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin ClientOptions client;
  @Option(names = "--dry-run", description = "Report what would be freed; delete nothing.") boolean dryRun;
  @Option(names = "--grace", defaultValue = "PT1H",
      description = "Keep unreferenced blobs younger than this (ISO-8601 duration, default: ${DEFAULT-VALUE}).")
  Duration grace;

  @Override
  public Integer call() {
    if (grace.isNegative()) {
      throw PedigreeException.invalidArgument("--grace: " + grace + " (expected: >= 0)");
    }
    PrintWriter out = spec.commandLine().getOut();
    JsonNode report = client.client().post("/gc?dry_run=" + dryRun + "&grace_seconds=" + grace.toSeconds(),
        ArtifactClient.object());
    if (client.json) {
      client.printJson(out, report);
      return 0;
    }
    JsonNode versions = report.path("deleted_versions");
    if (!versions.isEmpty()) {
      out.printf(Locale.ROOT, "%s %s by retention rules:%n", dryRun ? "would delete" : "deleted",
          Progress.count(versions.size(), "version"));
      versions.forEach(v -> out.println("  " + v.asText()));
    }
    out.printf(Locale.ROOT, "%s %s (%s); scanned %d, referenced %d, younger than grace %d%n",
        dryRun ? "would free" : "freed", Progress.count(report.path("freed_blobs").asLong(), "blob"),
        Progress.human(report.path("freed_bytes").asLong()), report.path("scanned").asLong(),
        report.path("referenced").asLong(), report.path("young").asLong());
    if (dryRun) {
      report.path("freed").forEach(b -> out.printf(Locale.ROOT, "  %s %s%n", b.path("digest").asText(),
          Progress.human(b.path("size").asLong())));
    }
    out.flush();
    return 0;
  }
}
