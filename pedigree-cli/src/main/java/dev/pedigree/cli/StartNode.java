package dev.pedigree.cli;

import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where a lineage or impact query starts: a NODE address, or an OpenLineage dataset given by
 * {@code --namespace} and {@code --name}. Shared by the commands as a picocli mixin.
 */
final class StartNode {
  @Parameters(index = "0", arity = "0..1", paramLabel = "NODE",
      description = "artifact:42, execution:7, context:3, or datasets/churn:v3, datasets/churn@production.")
  @Nullable String node;

  @Option(names = "--namespace", description = "OpenLineage dataset namespace (with --name).")
  @Nullable String namespace;

  @Option(names = "--name", description = "OpenLineage dataset name (with --namespace).")
  @Nullable String name;

  /** The query parameters naming the start node; a missing or doubled start is an error. */
  List<String> parameters() {
    if (node != null && (namespace != null || name != null)) {
      throw new IllegalArgumentException("give either NODE or --namespace and --name, not both");
    }
    if (node != null) {
      return List.of("node", node);
    }
    if (namespace == null || name == null) {
      throw new IllegalArgumentException("give a NODE (e.g. artifact:42) or --namespace and --name");
    }
    return List.of("namespace", namespace, "name", name);
  }

  /** How the start node is shown in a title. */
  String label() {
    return node != null ? node : namespace + " / " + name;
  }
}
