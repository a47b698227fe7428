/** Operational endpoints: health, readiness, version, Prometheus metrics. */
@NullMarked
package dev.pedigree.server.ops;

import org.jspecify.annotations.NullMarked;
