package dev.pedigree.cli.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.model.PedigreeException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pedigree artifact}: versioned, content-addressed artifacts. */
@Command(
    name = "artifact",
    mixinStandardHelpOptions = true,
    description = "Push, pull, list, diff, alias, verify and delete versioned artifacts.",
    subcommands = {ArtifactCommand.Push.class, ArtifactCommand.Pull.class, ArtifactCommand.Ls.class,
        ArtifactCommand.Diff.class, ArtifactCommand.Alias.class, ArtifactCommand.Verify.class,
        RetentionCommands.Rm.class, RetentionCommands.Retention.class})
public final class ArtifactCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A parsed {@code COLLECTION[:vN|@ALIAS]}. */
  record Ref(String collection, String selector) {
    static Ref parse(String text) {
      int at = text.lastIndexOf('@');
      if (at > 0) {
        return new Ref(text.substring(0, at), text.substring(at + 1));
      }
      int colon = text.lastIndexOf(':');
      if (colon > 0) {
        return new Ref(text.substring(0, colon), text.substring(colon + 1));
      }
      return new Ref(text, "latest");
    }

    String label() {
      return selector.matches("v?[0-9]+") ? collection + ":" + (selector.startsWith("v") ? selector : "v" + selector)
          : collection + "@" + selector;
    }
  }

  @Command(name = "push", mixinStandardHelpOptions = true,
      description = "Pushes a file or directory as a new version (only blobs the server lacks are uploaded).")
  static final class Push implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClientOptions client;
    @Parameters(index = "0", description = "Collection, such as datasets/churn.") String collection;
    @Parameters(index = "1", description = "File or directory to push, or s3://BUCKET/PREFIX to record the objects"
        + " there as references (bytes stay in S3).") String source;
    @Option(names = "--alias", description = "Alias to point at the new version (repeatable).") List<String> aliases = new ArrayList<>();
    @Option(names = "--reference", description = "Record the files as references (file: URIs with their SHA-256) without copying bytes.")
    boolean reference;
    @Option(names = "--parallel", defaultValue = "4", description = "Files hashed and uploaded at once (default: ${DEFAULT-VALUE}).")
    int parallel;
    @Option(names = "--no-cache", description = "Re-hash every file instead of trusting the local hash cache.")
    boolean noCache;
    @Mixin S3Options s3;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      checkParallel(parallel);
      ObjectNode result;
      if (S3Location.isS3(source)) {
        try (var s3Client = s3.client()) {
          result = new ReferencePusher(client.client(), s3Client).push(collection, source, aliases);
        }
      } else {
        Path path = Path.of(source);
        HashCache cache = noCache ? HashCache.disabled() : HashCache.forRoot(path.toAbsolutePath().normalize());
        result = new Pusher(client.client(), parallel, err, !client.json && Progress.onTerminal())
            .push(collection, path, aliases, reference, cache);
      }
      if (client.json) {
        client.printJson(out, result);
      } else {
        JsonNode v = result.path("version");
        out.printf(Locale.ROOT, "%s %s:v%d (%s, %s; uploaded %s, %s; new bytes %s) digest %s%n",
            result.path("created").asBoolean() ? "pushed" : "unchanged, already", v.path("collection").asText(),
            v.path("version").asInt(), Progress.count(result.path("files").asLong(), "file"),
            Progress.human(result.path("bytes").asLong()),
            Progress.count(result.path("uploaded_blobs").asLong(), "blob"),
            Progress.human(result.path("uploaded_bytes").asLong()),
            Progress.human(result.path("new_bytes").asLong()), v.path("digest").asText());
        if (result.has("pinned_versions")) {
          out.printf(Locale.ROOT, "  %d of %d references pinned to an object version id%s%n",
              result.path("pinned_versions").asLong(), result.path("files").asLong(),
              result.path("pinned_versions").asLong() < result.path("files").asLong()
                  ? " (the others by ETag: the bucket keeps no versions, or they could not be listed)" : "");
        }
        out.flush();
      }
      return 0;
    }
  }

  @Command(name = "pull", mixinStandardHelpOptions = true,
      description = "Downloads a version into a directory, checking every file's SHA-256.")
  static final class Pull implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClientOptions client;
    @Parameters(index = "0", description = "COLLECTION, COLLECTION:vN or COLLECTION@ALIAS.") String ref;
    @Parameters(index = "1", description = "Target directory (must be empty unless --force).") Path dir;
    @Option(names = "--force", description = "Pull into a non-empty directory, overwriting files.") boolean force;
    @Option(names = "--parallel", defaultValue = "4", description = "Files downloaded at once (default: ${DEFAULT-VALUE}).")
    int parallel;
    @Mixin S3Options s3;

    @Override
    public Integer call() throws Exception {
      checkParallel(parallel);
      Ref r = Ref.parse(ref);
      PrintWriter out = spec.commandLine().getOut();
      ObjectNode result;
      try (ReferenceFetcher references = new ReferenceFetcher(s3::client)) {
        result = new Puller(client.client(), parallel, spec.commandLine().getErr(),
            !client.json && Progress.onTerminal(), references).pull(r.collection(), r.selector(), dir, force);
      }
      if (client.json) {
        client.printJson(out, result);
      } else {
        JsonNode v = result.path("version");
        out.printf(Locale.ROOT, "pulled %s:v%d into %s (%s, %s)%n", v.path("collection").asText(),
            v.path("version").asInt(), result.path("directory").asText(),
            Progress.count(result.path("files").asLong(), "file"),
            Progress.human(result.path("bytes").asLong()));
        result.path("skipped_references").forEach(p -> out.println("  skipped reference " + p.asText()));
        out.flush();
      }
      return 0;
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "Lists collections, or a collection's versions and aliases.")
  static final class Ls implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClientOptions client;
    @Parameters(index = "0", arity = "0..1", description = "Collection.") String collection;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ArtifactClient c = client.client();
      JsonNode body = collection == null ? c.get("/collections")
          : c.get(ArtifactClient.collectionPath(collection) + "/versions");
      if (client.json) {
        client.printJson(out, body);
        return 0;
      }
      if (collection == null) {
        body.path("collections").forEach(n -> out.println(n.path("name").asText()));
      } else {
        body.path("versions").forEach(v -> {
          List<String> names = new ArrayList<>();
          body.path("aliases").forEach(a -> {
            if (a.path("version").asInt() == v.path("version").asInt()) {
              names.add(a.path("alias").asText() + (a.path("protected").asBoolean() ? " (protected)" : ""));
            }
          });
          out.printf(Locale.ROOT, "v%-5d %s  %8s  %6d files  %s%n", v.path("version").asInt(),
              v.path("digest").asText().substring(0, 12), Progress.human(v.path("size").asLong()),
              v.path("file_count").asLong(), String.join(", ", names));
        });
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "diff", mixinStandardHelpOptions = true, description = "Files added, removed and changed between two versions of a collection.")
  static final class Diff implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClientOptions client;
    @Parameters(index = "0", description = "From: COLLECTION:vN or COLLECTION@ALIAS.") String from;
    @Parameters(index = "1", description = "To: COLLECTION:vN, COLLECTION@ALIAS, or just vN / @ALIAS.") String to;

    @Override
    public Integer call() {
      Ref a = Ref.parse(from);
      Ref b = to.startsWith("@") || to.matches("v?[0-9]+") ? new Ref(a.collection(), to.replaceFirst("^@", ""))
          : Ref.parse(to);
      if (!a.collection().equals(b.collection())) {
        throw PedigreeException.invalidArgument("diff compares two versions of one collection (got "
            + a.collection() + " and " + b.collection() + ")");
      }
      PrintWriter out = spec.commandLine().getOut();
      JsonNode diff = client.client().get(ArtifactClient.collectionPath(a.collection()) + "/diff?from="
          + ArtifactClient.encode(a.selector()) + "&to=" + ArtifactClient.encode(b.selector()));
      if (client.json) {
        client.printJson(out, diff);
        return 0;
      }
      diff.path("added").forEach(e -> out.println("A " + e.path("path").asText()));
      diff.path("removed").forEach(e -> out.println("D " + e.path("path").asText()));
      diff.path("changed").forEach(e -> out.println("M " + e.path("path").asText()));
      out.flush();
      return 0;
    }
  }

  @Command(name = "alias", mixinStandardHelpOptions = true, description = "Points an alias at a version (recorded in the alias history).")
  static final class Alias implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClientOptions client;
    @Parameters(index = "0", description = "Collection.") String collection;
    @Parameters(index = "1", description = "Alias, such as production.") String alias;
    @Parameters(index = "2", arity = "0..1", description = "Version (vN or N); leave out with --delete or --history.") String version;
    @Option(names = "--protected", description = "Protect the alias: later moves need --force.") boolean protect;
    @Option(names = "--force", description = "Move, unprotect or delete a protected alias.") boolean force;
    @Option(names = "--delete", description = "Delete the alias.") boolean delete;
    @Option(names = "--history", description = "Show the alias's history.") boolean history;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ArtifactClient c = client.client();
      String base = ArtifactClient.collectionPath(collection);
      JsonNode result;
      if (history) {
        result = c.get(base + "/alias-history?alias=" + ArtifactClient.encode(alias));
        if (!client.json) {
          result.path("history").forEach(h -> out.printf(Locale.ROOT, "%tF %<tT  %s -> %s  by %s%s%n",
              h.path("time").asLong(), h.path("from_version").isNull() ? "(none)" : "v" + h.path("from_version").asInt(),
              h.path("to_version").isNull() ? "(deleted)" : "v" + h.path("to_version").asInt(),
              h.path("changed_by").asText(), h.path("protected").asBoolean() ? " (protected)" : ""));
        }
      } else if (delete) {
        result = c.delete(base + "/aliases/" + ArtifactClient.encode(alias) + (force ? "?force=true" : ""));
        if (!client.json) {
          out.println("deleted alias " + alias + " of " + collection);
        }
      } else {
        if (version == null || !version.matches("v?[0-9]{1,9}")) {
          throw PedigreeException.invalidArgument("version: '" + version + "' (expected: vN or N)");
        }
        ObjectNode body = ArtifactClient.object().put("version", Integer.parseInt(version.replaceFirst("^v", "")))
            .put("force", force);
        if (protect) {
          body.put("is_protected", true);
        }
        result = c.put(base + "/aliases/" + ArtifactClient.encode(alias), body);
        if (!client.json) {
          out.printf(Locale.ROOT, "%s@%s -> v%d%s%n", collection, alias, result.path("version").asInt(),
              result.path("protected").asBoolean() ? " (protected)" : "");
        }
      }
      if (client.json) {
        client.printJson(out, result);
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Re-hashes stored blobs and reports corrupt or missing ones (exit code 2 if any).")
  static final class Verify implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClientOptions client;
    @Parameters(index = "0", arity = "0..1", description = "Collection (leave out with --all).") String collection;
    @Option(names = "--all", description = "Every collection.") boolean all;

    @Override
    public Integer call() {
      if ((collection == null) == !all) {
        throw PedigreeException.invalidArgument("give a COLLECTION or --all");
      }
      PrintWriter out = spec.commandLine().getOut();
      ArtifactClient c = client.client();
      JsonNode report = all ? c.post("/verify", ArtifactClient.object())
          : c.post(ArtifactClient.collectionPath(collection) + "/verify", ArtifactClient.object());
      if (client.json) {
        client.printJson(out, report);
      } else {
        out.printf(Locale.ROOT, "checked %s, %s, %s: %s%n",
            Progress.count(report.path("versions_checked").asLong(), "version"),
            Progress.count(report.path("blobs_checked").asLong(), "blob"),
            Progress.human(report.path("bytes_checked").asLong()),
            report.path("ok").asBoolean() ? "all intact" : report.path("problems").size() + " problem(s)");
        report.path("problems").forEach(p -> {
          List<String> versions = new ArrayList<>();
          p.path("versions").forEach(v -> versions.add(v.asText()));
          out.printf(Locale.ROOT, "  %s %s (needed by %s)%n", p.path("status").asText().toUpperCase(Locale.ROOT),
              p.path("digest").asText(), String.join(", ", versions));
        });
      }
      out.flush();
      return report.path("ok").asBoolean() ? 0 : 2;
    }
  }

  static void checkParallel(int parallel) {
    if (parallel < 1 || parallel > 64) {
      throw PedigreeException.invalidArgument("--parallel: " + parallel + " (expected: 1..64)");
    }
  }
}
