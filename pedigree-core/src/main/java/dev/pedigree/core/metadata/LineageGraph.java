package dev.pedigree.core.metadata;

import dev.pedigree.model.Artifact;
import dev.pedigree.model.Association;
import dev.pedigree.model.Attribution;
import dev.pedigree.model.Context;
import dev.pedigree.model.Event;
import dev.pedigree.model.Execution;
import java.util.List;

/**
 * The part of the graph a lineage walk reached: its nodes (in id order), the events between them,
 * the contexts they belong to and those links.
 */
public record LineageGraph(
    List<Artifact> artifacts,
    List<Execution> executions,
    List<Context> contexts,
    List<Event> events,
    List<Attribution> attributions,
    List<Association> associations) {

  public LineageGraph {
    artifacts = List.copyOf(artifacts);
    executions = List.copyOf(executions);
    contexts = List.copyOf(contexts);
    events = List.copyOf(events);
    attributions = List.copyOf(attributions);
    associations = List.copyOf(associations);
  }
}
