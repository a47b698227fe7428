package dev.pedigree.store;

/**
 * What a store reports about itself.
 *
 * @param database a short name such as {@code sqlite} or {@code postgresql}
 * @param location where the data lives, safe to log (never contains a password)
 * @param schemaVersion the applied migration version
 */
public record StoreInfo(String database, String location, int schemaVersion) {}
