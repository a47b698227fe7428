/**
 * The metadata service: MLMD's rules for types (evolution), nodes (schema checks, update masks,
 * optimistic concurrency), edges and the atomic put-execution, over any {@code MetadataStore}.
 */
@NullMarked
package dev.pedigree.core.metadata;

import org.jspecify.annotations.NullMarked;
