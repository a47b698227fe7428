/**
 * The blob store: immutable, content-addressed bytes named by their SHA-256, with a local-directory
 * implementation ({@link dev.pedigree.store.blob.LocalBlobStore}) and an S3 one ({@link
 * dev.pedigree.store.blob.S3BlobStore}). Everything streams; nothing holds a whole blob in memory.
 */
@NullMarked
package dev.pedigree.store.blob;

import org.jspecify.annotations.NullMarked;
