/**
 * Client commands for versioned artifacts ({@code pedigree artifact ...}, {@code pedigree gc}) over
 * the native REST API, with {@link java.net.HttpURLConnection}.
 */
@NullMarked
package dev.pedigree.cli.artifacts;

import org.jspecify.annotations.NullMarked;
