/**
 * Versioned artifact content as immutable values: SHA-256 digests, manifest entries (stored files and
 * external references), path rules, and the canonical manifest format whose SHA-256 is a version's
 * digest. Manifests can be written, read and sorted as streams, so a million entries never need to
 * be held in memory at once.
 */
@NullMarked
package dev.pedigree.model.artifact;

import org.jspecify.annotations.NullMarked;
