/**
 * The MLMD front door: {@code ml_metadata.MetadataStoreService} over gRPC (and gRPC-Web) on the
 * server's port, translating to the core metadata service.
 */
@NullMarked
package dev.pedigree.server.mlmd;

import org.jspecify.annotations.NullMarked;
