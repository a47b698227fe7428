/**
 * The OpenLineage front door: {@code POST /api/v1/lineage} and {@code /api/v1/lineage/batch}.
 * Decodes events with openlineage-java's consumer model, hands them to the core's OpenLineage
 * service, and maps errors once (bad input 400, too large 413, transient 503).
 */
@NullMarked
package dev.pedigree.server.openlineage;

import org.jspecify.annotations.NullMarked;
