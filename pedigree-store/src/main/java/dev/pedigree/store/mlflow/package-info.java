/**
 * The storage SPI behind Pedigree's MLflow front door: MLflow's own columns (ids, lifecycle, run
 * status, metric series, registry versions, the artifact tree) kept beside the graph nodes they
 * describe, and MLflow's search-filter language parsed to a typed AST. Every method takes the
 * caller's transaction, so a core service composes graph and MLflow writes into one.
 */
@NullMarked
package dev.pedigree.store.mlflow;

import org.jspecify.annotations.NullMarked;
