package dev.pedigree.core.openlineage;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.PedigreeException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An OpenLineage event, decoded and checked by a front door. Facets are carried as JSON text,
 * verbatim, whatever their schema.
 *
 * @param eventType START, RUNNING, COMPLETE, ABORT, FAIL or OTHER; null when the event had none
 * @param eventTimeMs the event time in milliseconds since the epoch
 * @param runId the run's id, for run events
 */
public record OpenLineageEvent(Kind kind, @Nullable String eventType, long eventTimeMs, @Nullable String runId,
    @Nullable Job job, Facets runFacets, List<Dataset> inputs, List<Dataset> outputs, @Nullable Dataset dataset,
    @Nullable Parent parent) {

  public OpenLineageEvent {
    requireNonNull(kind, "kind");
    requireNonNull(runFacets, "runFacets");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    switch (kind) {
      case RUN -> {
        if (runId == null || runId.isBlank()) {
          throw PedigreeException.invalidArgument("field 'run.runId' is required");
        }
        if (job == null) {
          throw PedigreeException.invalidArgument("field 'job' is required");
        }
      }
      case JOB -> {
        if (job == null) {
          throw PedigreeException.invalidArgument("field 'job' is required");
        }
      }
      case DATASET -> {
        if (dataset == null) {
          throw PedigreeException.invalidArgument("field 'dataset' is required");
        }
      }
    }
  }

  /** Which of the three event shapes of the spec this is. */
  public enum Kind { RUN, JOB, DATASET }

  /** Facets by key as JSON objects, and the keys a producer marked {@code _deleted}. */
  public record Facets(Map<String, String> json, Set<String> deleted) {
    public static final Facets NONE = new Facets(Map.of(), Set.of());

    public Facets {
      json = Map.copyOf(json);
      deleted = Set.copyOf(deleted);
    }
  }

  public record Job(String namespace, String name, Facets facets) {
    public Job {
      requireIdentity("job", namespace, name);
      requireNonNull(facets, "facets");
    }
  }

  /**
   * A dataset of an event; {@code ioFacets} are the input or output facets of a run's dataset, and
   * {@code lifecycleState} the state its {@code lifecycleStateChange} facet names (CREATE, DROP, ...).
   */
  public record Dataset(String namespace, String name, Facets facets, Facets ioFacets,
      @Nullable String lifecycleState) {
    public Dataset {
      requireIdentity("dataset", namespace, name);
      requireNonNull(facets, "facets");
      requireNonNull(ioFacets, "ioFacets");
    }

    public Dataset(String namespace, String name, Facets facets, Facets ioFacets) {
      this(namespace, name, facets, ioFacets, null);
    }

    /** Whether the event says the dataset was dropped (its version then is DELETED in the graph). */
    public boolean dropped() {
      return "DROP".equals(lifecycleState);
    }

    /** {@code namespace/name}, for display only (identity is the pair). */
    public String displayName() {
      return namespace + "/" + name;
    }
  }

  /** The parent run of a run (from the {@code parent} run facet). */
  public record Parent(String runId, String jobNamespace, String jobName) {
    public Parent {
      requireNonNull(runId, "runId");
      requireIdentity("parent job", jobNamespace, jobName);
    }
  }

  private static void requireIdentity(String what, @Nullable String namespace, @Nullable String name) {
    if (namespace == null || namespace.isEmpty()) {
      throw PedigreeException.invalidArgument("field '" + what + ".namespace' is required");
    }
    if (name == null || name.isEmpty()) {
      throw PedigreeException.invalidArgument("field '" + what + ".name' is required");
    }
  }
}
