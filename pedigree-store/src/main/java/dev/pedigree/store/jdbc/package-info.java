/**
 * JDBC implementation of the metadata store. SQL is plain and portable; the few differences between
 * databases sit in {@link dev.pedigree.store.jdbc.Dialect}. Every value from a caller is a bound
 * parameter; table and column names come only from constants in this package.
 */
@NullMarked
package dev.pedigree.store.jdbc;

import org.jspecify.annotations.NullMarked;
