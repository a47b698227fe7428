package dev.pedigree.core.lineage;

import dev.pedigree.model.NodeRef;
import org.jspecify.annotations.Nullable;

/**
 * A node in a lineage result. Artifacts are exact versions: each artifact id is one immutable
 * version of its data.
 *
 * @param hops edges walked from the nearest start node (0 for start nodes)
 * @param start whether the query started here
 * @param boundary whether the walk stopped here because the query named it a boundary
 */
public record LineageNode(NodeRef ref, String typeName, @Nullable String name, @Nullable String uri,
    @Nullable String state, @Nullable String externalId, long createTimeMs, int hops, boolean start,
    boolean boundary) {}
