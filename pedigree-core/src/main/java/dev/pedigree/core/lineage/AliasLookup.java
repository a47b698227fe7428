package dev.pedigree.core.lineage;

import java.util.Collection;
import java.util.List;

/**
 * Finds the aliases currently pointing at artifact versions, for impact analysis. Implemented by
 * the service that owns collections and aliases; {@link #NONE} until one exists.
 */
@FunctionalInterface
public interface AliasLookup {
  AliasLookup NONE = artifactIds -> List.of();

  List<ImpactResult.AffectedAlias> aliasesPointingAt(Collection<Long> artifactIds);
}
