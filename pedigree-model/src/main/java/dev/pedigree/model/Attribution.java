package dev.pedigree.model;

/** Artifact belongs to context. */
public record Attribution(long contextId, long artifactId) {}
