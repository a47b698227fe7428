package dev.pedigree.store;

/**
 * A keyset position in a listing: the order-by value and id of the last row already returned. The
 * next page starts strictly after it, so a deep page costs the same as the first.
 */
public record Cursor(long orderValue, long id) {}
