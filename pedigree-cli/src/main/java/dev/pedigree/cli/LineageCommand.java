package dev.pedigree.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code pedigree lineage NODE}: walks the lineage of a node on a running server. */
@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    description = {
        "Shows the lineage of a node: upstream (where its data came from, the default) or downstream "
            + "(what was derived from it).",
        "NODE is artifact:ID, execution:ID or context:ID, a collection version (datasets/churn:v3), alias "
            + "(datasets/churn@production) or latest version (datasets/churn); or give an OpenLineage dataset "
            + "with --namespace and --name (its latest version)."})
final class LineageCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin StartNode start;

  @ArgGroup(exclusive = true)
  DirectionChoice direction = new DirectionChoice();

  static final class DirectionChoice {
    @Option(names = "--upstream", description = "Follow the data back to its sources (default).")
    boolean upstream;

    @Option(names = "--downstream", description = "Follow the data forward to what was derived from it.")
    boolean downstream;

    @Option(names = "--both", description = "Upstream and downstream.")
    boolean both;

    String value() {
      return downstream ? "downstream" : both ? "both" : "upstream";
    }
  }

  @Option(names = "--depth", description = "Hops to walk (server default 20).")
  Integer depth;

  @Option(names = "--max-nodes", description = "Result cap (server default 10000).")
  Integer maxNodes;

  @Option(names = "--type", description = "Only show nodes of this type name (repeatable).")
  List<String> types = new ArrayList<>();


  @Option(names = "--page-size", description = "Nodes per page (default 1000).")
  Integer pageSize;

  @Option(names = "--page-token", description = "Page token from a previous result.")
  String pageToken;

  @Option(names = "--format", defaultValue = "text",
      description = "Output: text, json, dot (Graphviz) or mermaid (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--json", description = "Same as --format json.")
  boolean json;

  @Option(names = "--server", descriptionKey = "url", defaultValue = "http://127.0.0.1:8080",
      description = "Pedigree server URL [url, env PEDIGREE_URL] (default: ${DEFAULT-VALUE}).")
  String server;

  @Override
  public Integer call() {
    List<String> parameters = new ArrayList<>(List.of("direction", direction.value()));
    parameters.addAll(start.parameters());
    parameters.addAll(java.util.Arrays.asList("depth", str(depth), "max_nodes", str(maxNodes), "page_size",
        str(pageSize), "page_token", pageToken));
    types.forEach(type -> parameters.addAll(List.of("type", type)));
    JsonNode result = new NativeClient(server).get("/api/v1/lineage", parameters);
    String title = direction.value() + " lineage of " + start.label();
    spec.commandLine().getOut().print(render(result, json ? "json" : format, title));
    spec.commandLine().getOut().flush();
    return 0;
  }

  static String render(JsonNode result, String format, String title) {
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "json" -> result.toPrettyString() + "\n";
      case "text" -> GraphFormats.text(result, title);
      case "dot" -> GraphFormats.dot(result);
      case "mermaid" -> GraphFormats.mermaid(result);
      default -> throw new IllegalArgumentException("--format: '" + format + "' (expected: text, json, dot or mermaid)");
    };
  }

  static String str(Integer value) {
    return value == null ? null : value.toString();
  }
}
