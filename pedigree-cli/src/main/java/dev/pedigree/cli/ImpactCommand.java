package dev.pedigree.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code pedigree impact NODE}: everything downstream of a node, grouped by kind and type. */
@Command(
    name = "impact",
    mixinStandardHelpOptions = true,
    description = "Shows everything downstream of a node (executions, artifact versions), grouped by type.")
final class ImpactCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin StartNode start;

  @Option(names = "--depth", description = "Hops to walk (server default: its depth cap).")
  Integer depth;

  @Option(names = "--max-nodes", description = "Result cap.")
  Integer maxNodes;

  @Option(names = "--format", defaultValue = "text", description = "Output: text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--json", description = "Same as --format json.")
  boolean json;

  @Option(names = "--server", descriptionKey = "url", defaultValue = "http://127.0.0.1:8080",
      description = "Pedigree server URL [url, env PEDIGREE_URL] (default: ${DEFAULT-VALUE}).")
  String server;

  @Override
  public Integer call() {
    List<String> parameters = new ArrayList<>(start.parameters());
    parameters.addAll(java.util.Arrays.asList("depth", LineageCommand.str(depth), "max_nodes",
        LineageCommand.str(maxNodes)));
    JsonNode result = new NativeClient(server).get("/api/v1/lineage/impact", parameters);
    String output = switch (json ? "json" : format.toLowerCase(Locale.ROOT)) {
      case "json" -> result.toPrettyString() + "\n";
      case "text" -> text(result);
      default -> throw new IllegalArgumentException("--format: '" + format + "' (expected: text or json)");
    };
    spec.commandLine().getOut().print(output);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static String text(JsonNode result) {
    StringBuilder out = new StringBuilder("impact of ").append(String.join(", ", strings(result.path("starts"))))
        .append(": ").append(result.path("total").asInt()).append(" downstream nodes")
        .append(result.path("truncated").asBoolean() ? " (TRUNCATED at the result cap)" : "").append('\n');
    for (JsonNode group : result.path("groups")) {
      out.append(String.format(Locale.ROOT, "%s %s (%d)%n", group.path("kind").asText(), group.path("type").asText(),
          group.path("count").asInt()));
      for (JsonNode node : group.path("nodes")) {
        out.append(String.format(Locale.ROOT, "  %-18s %s  (hop %d)%n", node.path("ref").asText(),
            node.path("name").asText(""), node.path("hops").asInt()));
      }
    }
    if (!result.path("aliases").isEmpty()) {
      out.append("aliases pointing at affected versions:\n");
      for (JsonNode alias : result.path("aliases")) {
        out.append("  ").append(alias.path("collection").asText()).append('@').append(alias.path("alias").asText())
            .append(" -> artifact:").append(alias.path("artifact_id").asText()).append('\n');
      }
    }
    return out.toString();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
