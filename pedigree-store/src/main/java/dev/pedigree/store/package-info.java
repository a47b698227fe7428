/**
 * The metadata store SPI: transactions as lambdas over a read or write view of the graph. Rules of the
 * domain (type evolution, schema checks, MLMD semantics) live in the core; the store only persists.
 */
@NullMarked
package dev.pedigree.store;

import org.jspecify.annotations.NullMarked;
