/**
 * The MLflow REST front door: tracking, model registry and artifact proxy routes as the official
 * MLflow clients call them. Thin: decode the request, call the core MLflow services, encode
 * MLflow's JSON; errors are mapped once, in {@link dev.pedigree.server.mlflow.MlflowErrors}.
 */
@NullMarked
package dev.pedigree.server.mlflow;

import org.jspecify.annotations.NullMarked;
