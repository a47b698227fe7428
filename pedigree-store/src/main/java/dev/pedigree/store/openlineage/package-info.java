/** Storage of OpenLineage identities (jobs, datasets, dataset versions) and ingested-event digests. */
@NullMarked
package dev.pedigree.store.openlineage;

import org.jspecify.annotations.NullMarked;
