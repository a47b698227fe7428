/**
 * Lineage over the metadata graph: directed, multi-hop traversal from start nodes (upstream follows
 * data back to its sources, downstream forward to what was derived from it), shortest paths, and
 * impact analysis. Traversal is breadth-first, one indexed query per frontier, with a visited set,
 * so cycles end and work is bounded by the result cap.
 */
@NullMarked
package dev.pedigree.core.lineage;

import org.jspecify.annotations.NullMarked;
