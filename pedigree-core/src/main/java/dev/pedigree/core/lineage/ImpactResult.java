package dev.pedigree.core.lineage;

import dev.pedigree.model.NodeRef;
import dev.pedigree.model.TypeKind;
import java.util.List;

/**
 * Everything downstream of a start node, grouped by kind and type, plus the aliases that point at
 * affected artifact versions (filled in when an {@link AliasLookup} knows collections).
 */
public record ImpactResult(List<NodeRef> starts, List<Group> groups, List<AffectedAlias> aliases, int total,
    boolean truncated) {

  public ImpactResult {
    starts = List.copyOf(starts);
    groups = List.copyOf(groups);
    aliases = List.copyOf(aliases);
  }

  /** The affected nodes of one kind and type, nearest first. */
  public record Group(TypeKind kind, String typeName, List<LineageNode> nodes) {
    public Group {
      nodes = List.copyOf(nodes);
    }
  }

  /** An alias (such as {@code production}) of a collection currently pointing at an affected version. */
  public record AffectedAlias(String collection, String alias, long artifactId) {}
}
