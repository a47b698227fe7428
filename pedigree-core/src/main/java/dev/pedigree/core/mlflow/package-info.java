/**
 * MLflow's tracking, model-registry and artifact semantics over Pedigree's graph: experiments and
 * registered models are contexts, runs are executions, datasets, logged models and model versions
 * are artifacts linked by INPUT/OUTPUT events, so lineage queries cross from MLflow into the rest of
 * the graph. No protocol types here: the server's MLflow front door translates.
 */
@NullMarked
package dev.pedigree.core.mlflow;

import org.jspecify.annotations.NullMarked;
