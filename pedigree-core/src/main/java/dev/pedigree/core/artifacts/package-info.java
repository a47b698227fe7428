/**
 * Versioned artifacts: collections of immutable, content-addressed versions, movable aliases with
 * an audited history, the negotiated upload protocol, verification and garbage collection. The
 * entry point is {@link dev.pedigree.core.artifacts.ArtifactService}.
 */
@NullMarked
package dev.pedigree.core.artifacts;

import org.jspecify.annotations.NullMarked;
