package dev.pedigree.core.lineage;

import static java.util.Objects.requireNonNull;

import dev.pedigree.core.artifacts.ArtifactService;
import java.util.Collection;
import java.util.List;

/** Impact analysis learns which collection aliases point at affected versions from the artifact service. */
public final class CollectionAliases implements AliasLookup {
  private final ArtifactService artifacts;

  public CollectionAliases(ArtifactService artifacts) {
    this.artifacts = requireNonNull(artifacts, "artifacts");
  }

  @Override
  public List<ImpactResult.AffectedAlias> aliasesPointingAt(Collection<Long> artifactIds) {
    if (artifactIds.isEmpty()) {
      return List.of();
    }
    return artifacts.aliasesPointingAt(artifactIds).stream()
        .map(alias -> new ImpactResult.AffectedAlias(alias.collection(), alias.name(), alias.artifactId()))
        .toList();
  }
}
