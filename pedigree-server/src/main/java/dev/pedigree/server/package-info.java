/** The composition root: every front door on one Armeria port. */
@NullMarked
package dev.pedigree.server;

import org.jspecify.annotations.NullMarked;
