package dev.pedigree.model;

/** Execution belongs to context. */
public record Association(long contextId, long executionId) {}
