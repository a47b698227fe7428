package dev.pedigree.cli.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.model.PedigreeException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pedigree artifact rm} and {@code pedigree artifact retention}: getting rid of old versions. */
final class RetentionCommands {
  private RetentionCommands() {}

  @Command(name = "rm", mixinStandardHelpOptions = true,
      description = "Deletes a version (not while an alias points at it); `pedigree gc` then frees its bytes.")
  static final class Rm implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClientOptions client;
    @Parameters(index = "0", description = "COLLECTION:vN.") String version;

    @Override
    public Integer call() {
      ArtifactCommand.Ref ref = ArtifactCommand.Ref.parse(version);
      if (!ref.selector().matches("v?[0-9]{1,9}")) {
        throw PedigreeException.invalidArgument("version: '" + version + "' (expected: COLLECTION:vN)");
      }
      JsonNode deleted = client.client().delete(ArtifactClient.collectionPath(ref.collection()) + "/versions/"
          + ArtifactClient.encode(ref.selector()));
      PrintWriter out = spec.commandLine().getOut();
      if (client.json) {
        client.printJson(out, deleted);
      } else {
        out.printf(Locale.ROOT, "deleted %s:v%d; `pedigree gc` frees the blobs no other version needs%n",
            deleted.path("collection").asText(), deleted.path("version").asInt());
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "retention", mixinStandardHelpOptions = true,
      description = {"Shows, sets or clears a collection's retention rule, applied by `pedigree gc`.",
          "A version is kept if an alias points at it, if it is one of the newest --keep-last,"
              + " or if it is younger than --keep-for; every other version is deleted."})
  static final class Retention implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClientOptions client;
    @Parameters(index = "0", description = "Collection.") String collection;
    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the newest N versions.") Integer keepLast;
    @Option(names = "--keep-for", paramLabel = "DURATION",
        description = "Keep versions younger than this (ISO-8601, e.g. P30D).") Duration keepFor;
    @Option(names = "--clear", description = "Remove the rule: keep every version.") boolean clear;

    @Override
    public Integer call() {
      boolean set = keepLast != null || keepFor != null;
      if (clear && set) {
        throw PedigreeException.invalidArgument("--clear cannot be combined with --keep-last or --keep-for");
      }
      ArtifactClient c = client.client();
      String path = ArtifactClient.collectionPath(collection) + "/retention";
      JsonNode result;
      if (clear) {
        result = c.delete(path);
      } else if (set) {
        ObjectNode body = ArtifactClient.object();
        if (keepLast != null) {
          body.put("keep_last", keepLast);
        }
        if (keepFor != null) {
          body.put("keep_for_seconds", keepFor.toSeconds());
        }
        result = c.put(path, body);
      } else {
        result = c.get(path);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (client.json) {
        client.printJson(out, result);
      } else if (clear) {
        out.println(collection + ": no retention rule, every version is kept");
      } else {
        out.println(collection + ": keep aliased versions"
            + (result.path("keep_last").isNull() ? "" : ", the newest " + result.path("keep_last").asInt())
            + (result.path("keep_for_seconds").isNull() ? ""
                : ", those younger than " + Duration.ofSeconds(result.path("keep_for_seconds").asLong())));
      }
      out.flush();
      return 0;
    }
  }
}
