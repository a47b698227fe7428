package dev.pedigree.server.api;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A type definition; {@code properties} maps names to INT, DOUBLE, STRING, STRUCT, PROTO or BOOLEAN. */
record TypeBody(
    @Nullable String name,
    @Nullable String version,
    @Nullable String description,
    @Nullable String externalId,
    @Nullable String baseType,
    @Nullable Map<String, String> properties,
    @Nullable Boolean canAddFields,
    @Nullable Boolean canOmitFields,
    @Nullable Long id) {}
