/** Pedigree's native REST API under {@code /api/v1}: JSON in and out, RFC 7807 problems for errors. */
@NullMarked
package dev.pedigree.server.api;

import org.jspecify.annotations.NullMarked;
