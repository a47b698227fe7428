/**
 * The metadata graph as immutable values: types with property schemas, artifacts, executions and
 * contexts, and the edges between them (events, attributions, associations, parent contexts).
 * Semantics follow ML Metadata (MLMD).
 */
@NullMarked
package dev.pedigree.model;

import org.jspecify.annotations.NullMarked;
