package dev.pedigree.cli.artifacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** Options every client command takes. */
public final class ClientOptions {
  @Option(names = "--server", descriptionKey = "url", defaultValue = "http://127.0.0.1:8080",
      description = "Pedigree server URL [url, PEDIGREE_URL] (default: ${DEFAULT-VALUE}).")
  String server;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  ArtifactClient client() {
    return new ArtifactClient(server);
  }

  void printJson(PrintWriter out, JsonNode node) {
    try {
      out.println(ArtifactClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.flush();
  }
}
