package dev.pedigree.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An event; {@code path} is a list whose numbers are index steps and strings key steps. */
record EventBody(
    @Nullable Long artifactId,
    @Nullable Long executionId,
    @Nullable String type,
    @Nullable List<JsonNode> path,
    @Nullable Long time) {}
