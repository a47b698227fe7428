/**
 * Storage of versioned artifacts' bookkeeping (collections, versions, aliases and their history,
 * upload sessions): the SPI {@link dev.pedigree.store.artifacts.ArtifactRecords}, whose methods run
 * inside a transaction of the {@link dev.pedigree.store.MetadataStore} so that a version, its node in
 * the metadata graph and its aliases are committed together. The bytes live in the blob store.
 */
@NullMarked
package dev.pedigree.store.artifacts;

import org.jspecify.annotations.NullMarked;
