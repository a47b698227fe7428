/**
 * The native REST API of versioned artifacts under {@code /api/v1}: blobs (streamed both ways),
 * the upload protocol, collections, versions, aliases, diff, verify and garbage collection. Thin
 * translators over {@link dev.pedigree.core.artifacts.ArtifactService}; errors are problem JSON.
 */
@NullMarked
package dev.pedigree.server.artifacts;

import org.jspecify.annotations.NullMarked;
