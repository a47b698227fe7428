/**
 * OpenLineage events mapped onto the metadata graph: a job is a context, a run an execution, each
 * dataset version an artifact, with INPUT and OUTPUT events between them. Protocol decoding lives
 * in the server's openlineage package; this package holds the mapping rules only.
 */
@NullMarked
package dev.pedigree.core.openlineage;

import org.jspecify.annotations.NullMarked;
