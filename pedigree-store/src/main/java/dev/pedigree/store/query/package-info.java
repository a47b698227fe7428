/**
 * MLMD's {@code filter_query} language: {@link dev.pedigree.store.query.FilterParser} turns the text
 * into a typed {@link dev.pedigree.store.query.FilterExpression} tree; the JDBC store renders that tree
 * as parameterised SQL.
 */
@NullMarked
package dev.pedigree.store.query;

import org.jspecify.annotations.NullMarked;
