package dev.pedigree.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An artifact, execution or context as the native API reads it. The type is named by {@code type}
 * (+ {@code type_version}) or {@code type_id}. Output-only fields ({@code create_time}) are accepted
 * and ignored so a node read from the API can be sent back; {@code update_time} is the expected
 * stored update time when optimistic concurrency is asked for.
 */
record NodeBody(
    @Nullable Long id,
    @Nullable String type,
    @Nullable Long typeId,
    @Nullable String typeVersion,
    @Nullable String name,
    @Nullable String uri,
    @Nullable String state,
    @Nullable String lastKnownState,
    @Nullable String externalId,
    @Nullable Map<String, JsonNode> properties,
    @Nullable Map<String, JsonNode> customProperties,
    @Nullable Long createTime,
    @Nullable Long updateTime) {}
