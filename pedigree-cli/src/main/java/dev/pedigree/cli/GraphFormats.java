package dev.pedigree.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Renders a lineage result (nodes + edges JSON) as text, Graphviz DOT or Mermaid. */
final class GraphFormats {
  private GraphFormats() {}

  static String text(JsonNode result, String title) {
    StringBuilder out = new StringBuilder(title).append(" (").append(result.path("nodes").size()).append(" nodes, ")
        .append(result.path("edges").size()).append(" edges")
        .append(result.path("truncated").asBoolean() ? ", TRUNCATED at the result cap" : "").append(")\n");
    out.append(String.format(Locale.ROOT, "%-4s %-18s %-28s %s%n", "HOP", "NODE", "TYPE", "NAME"));
    for (JsonNode node : result.path("nodes")) {
      String marks = (node.path("start").asBoolean() ? " [start]" : "") + (node.path("boundary").asBoolean() ? " [boundary]" : "");
      out.append(String.format(Locale.ROOT, "%-4d %-18s %-28s %s%s%n", node.path("hops").asInt(),
          node.path("ref").asText(), node.path("type").asText(), node.path("name").asText(""), marks));
    }
    if (!result.path("edges").isEmpty()) {
      out.append("edges (data flows left to right):\n");
      for (JsonNode edge : result.path("edges")) {
        out.append("  ").append(edge.path("from").asText()).append(" -> ").append(edge.path("to").asText())
            .append("  ").append(edge.path("type").asText()).append('\n');
      }
    }
    if (result.hasNonNull("next_page_token")) {
      out.append("more nodes: --page-token ").append(result.path("next_page_token").asText()).append('\n');
    }
    return out.toString();
  }

  static String dot(JsonNode result) {
    StringBuilder out = new StringBuilder("digraph lineage {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
    for (JsonNode node : result.path("nodes")) {
      String shape = switch (node.path("kind").asText()) {
        case "artifact" -> "box";
        case "execution" -> "ellipse";
        default -> "folder";
      };
      out.append("  ").append(quote(node.path("ref").asText())).append(" [shape=").append(shape).append(", label=")
          .append(quote(node.path("type").asText() + "\n" + node.path("name").asText("") + "\n" + node.path("ref").asText()))
          .append(node.path("start").asBoolean() ? ", style=bold" : "").append("];\n");
    }
    for (JsonNode edge : result.path("edges")) {
      out.append("  ").append(quote(edge.path("from").asText())).append(" -> ").append(quote(edge.path("to").asText()))
          .append(" [label=").append(quote(edge.path("type").asText())).append("];\n");
    }
    return out.append("}\n").toString();
  }

  static String mermaid(JsonNode result) {
    StringBuilder out = new StringBuilder("flowchart LR\n");
    for (JsonNode node : result.path("nodes")) {
      String id = mermaidId(node.path("ref").asText());
      String label = mermaidLabel(node.path("type").asText() + ": " + node.path("name").asText("") + " ("
          + node.path("ref").asText() + ")");
      out.append("  ").append(id).append(switch (node.path("kind").asText()) {
        case "artifact" -> "[" + label + "]";
        case "execution" -> "([" + label + "])";
        default -> "[[" + label + "]]";
      }).append('\n');
    }
    for (JsonNode edge : result.path("edges")) {
      out.append("  ").append(mermaidId(edge.path("from").asText())).append(" -->|")
          .append(edge.path("type").asText()).append("| ").append(mermaidId(edge.path("to").asText())).append('\n');
    }
    return out.toString();
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static String mermaidId(String ref) {
    return ref.replace(':', '_');
  }

  private static String mermaidLabel(String text) {
    return "\"" + text.replace("\"", "#quot;").replace("\n", " ") + "\"";
  }
}
