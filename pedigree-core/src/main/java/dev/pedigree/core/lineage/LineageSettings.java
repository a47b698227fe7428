package dev.pedigree.core.lineage;

/**
 * Limits of lineage queries, set by the operator.
 *
 * @param defaultDepth hops walked when a query names none
 * @param maxDepth largest depth a query may ask for ({@code lineage.max-depth})
 * @param defaultMaxNodes result cap when a query names none
 * @param maxNodes largest result cap a query may ask for ({@code lineage.max-nodes})
 */
public record LineageSettings(int defaultDepth, int maxDepth, int defaultMaxNodes, int maxNodes) {
  public static final LineageSettings DEFAULTS = new LineageSettings(20, 1000, 10_000, 100_000);

  public LineageSettings {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth: " + maxDepth + " (expected: >= 1)");
    }
    if (defaultDepth < 1 || defaultDepth > maxDepth) {
      throw new IllegalArgumentException("defaultDepth: " + defaultDepth + " (expected: 1.." + maxDepth + ")");
    }
    if (maxNodes < 1) {
      throw new IllegalArgumentException("maxNodes: " + maxNodes + " (expected: >= 1)");
    }
    if (defaultMaxNodes < 1 || defaultMaxNodes > maxNodes) {
      throw new IllegalArgumentException("defaultMaxNodes: " + defaultMaxNodes + " (expected: 1.." + maxNodes + ")");
    }
  }
}
