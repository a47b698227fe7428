/** JDBC implementation of the MLflow store SPI: plain SQL over the caller's transaction. */
@NullMarked
package dev.pedigree.store.jdbc.mlflow;

import org.jspecify.annotations.NullMarked;
