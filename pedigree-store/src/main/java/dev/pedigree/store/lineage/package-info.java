/** Reads that lineage traversal needs: directed edge lookups by frontier and lean node summaries. */
@NullMarked
package dev.pedigree.store.lineage;

import org.jspecify.annotations.NullMarked;
