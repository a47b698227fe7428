/** The {@code pedigree} command line: the server and client commands. */
@NullMarked
package dev.pedigree.cli;

import org.jspecify.annotations.NullMarked;
