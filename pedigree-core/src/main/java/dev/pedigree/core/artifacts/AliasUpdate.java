package dev.pedigree.core.artifacts;

import static java.util.Objects.requireNonNull;

/**
 * How to set an alias.
 *
 * @param protection whether the alias becomes protected, unprotected, or keeps what it has
 * @param force required to move, unprotect or delete a protected alias
 */
public record AliasUpdate(Protection protection, boolean force) {
  public static final AliasUpdate DEFAULT = new AliasUpdate(Protection.KEEP, false);

  public enum Protection { KEEP, PROTECTED, UNPROTECTED }

  public AliasUpdate {
    requireNonNull(protection, "protection");
  }
}
