package dev.pedigree.server;

import com.linecorp.armeria.common.FlagsProvider;

/**
 * Armeria settings that differ from its defaults, found through {@link java.util.ServiceLoader}
 * (system properties still win).
 *
 * <p>Armeria refuses a query string holding {@code ..} before any service sees it, with a plain-text
 * 400. Pedigree takes paths as query values in several front doors ({@code path} of MLflow's artifact
 * listings, {@code uri} of {@code /api/v1/resolve}); each checks them itself (artifact paths never
 * leave their tree: they are database keys checked by one rule), so such a request can be answered in
 * its protocol's own error format instead.
 */
public final class ArmeriaFlags implements FlagsProvider {
  @Override
  public int priority() {
    return 100;
  }

  @Override
  public String name() {
    return "pedigree";
  }

  @Override
  public Boolean allowDoubleDotsInQueryString() {
    return true;
  }
}
