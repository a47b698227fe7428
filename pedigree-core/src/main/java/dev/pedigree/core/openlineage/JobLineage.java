package dev.pedigree.core.openlineage;

import static java.util.Objects.requireNonNull;

import dev.pedigree.core.lineage.LineageSettings;
import dev.pedigree.model.Artifact;
import dev.pedigree.model.Context;
import dev.pedigree.model.Execution;
import dev.pedigree.model.Node;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.openlineage.OpenLineageStore;
import dev.pedigree.store.openlineage.OpenLineageStore.Dataset;
import dev.pedigree.store.openlineage.OpenLineageStore.Job;
import dev.pedigree.store.openlineage.OpenLineageStore.JobLink;
import dev.pedigree.store.openlineage.OpenLineageStore.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Lineage at the level of jobs and datasets, as Marquez draws it: all runs of a job fold into the
 * job, all versions of a dataset into the dataset; a job reads the datasets that any of its runs (or
 * its declared lineage) read, and writes those they wrote. The graph is walked in both directions
 * from one job or dataset, {@code depth} edges deep, and holds at most {@code maxNodes} nodes
 * (nodes nearer the start first; then {@code truncated}). The version-exact graph stays the
 * native lineage API's; this view is for tools written against Marquez.
 */
public final class JobLineage {
  private final MetadataStore store;
  private final OpenLineageStore openLineage;
  private final LineageSettings settings;

  public JobLineage(MetadataStore store, OpenLineageStore openLineage, LineageSettings settings) {
    this.store = requireNonNull(store, "store");
    this.openLineage = requireNonNull(openLineage, "openLineage");
    this.settings = requireNonNull(settings, "settings");
  }

  /** A job or a dataset by its OpenLineage identity. */
  public record Start(boolean job, String namespace, String name) {
    public Start {
      requireNonNull(namespace, "namespace");
      requireNonNull(name, "name");
    }
  }

  /** A job with its context (facets), newest run if any, and every dataset it reads and writes. */
  public record JobNode(Job job, Context context, @Nullable Execution latestRun, List<Dataset> inputs,
      List<Dataset> outputs) {}

  /** A dataset with its newest version (facets), if it has one. */
  public record DatasetNode(Dataset dataset, @Nullable Artifact latestVersion) {}

  /** Nodes in walk order (the start first); links between nodes of the graph. */
  public record Graph(List<JobNode> jobs, List<DatasetNode> datasets, List<JobLink> links, boolean truncated) {}

  /**
   * The graph around the start. A start that names no known job or dataset is NOT_FOUND; a depth or
   * node cap above the configured ones is INVALID_ARGUMENT.
   */
  public Graph graph(Start start, @Nullable Integer depth, @Nullable Integer maxNodes) {
    int hops = depth == null ? settings.defaultDepth() : depth;
    if (hops < 0 || hops > settings.maxDepth()) {
      throw PedigreeException.invalidArgument("depth " + hops + " is outside 0.." + settings.maxDepth()
          + " (lineage.max-depth)");
    }
    int cap = maxNodes == null ? settings.defaultMaxNodes() : maxNodes;
    if (cap < 1 || cap > settings.maxNodes()) {
      throw PedigreeException.invalidArgument("max_nodes " + cap + " is outside 1.." + settings.maxNodes()
          + " (lineage.max-nodes)");
    }
    return store.read(tx -> walk(tx, start, hops, cap));
  }

  /** Finds a start whose identity is {@code namespace:name} split at one of its colons. */
  public Start resolve(boolean job, String namespaceAndName) {
    return store.read(tx -> {
      List<Start> found = new ArrayList<>();
      for (int colon = namespaceAndName.indexOf(':'); colon > 0; colon = namespaceAndName.indexOf(':', colon + 1)) {
        String namespace = namespaceAndName.substring(0, colon);
        String name = namespaceAndName.substring(colon + 1);
        boolean exists = job ? openLineage.findJob(tx, namespace, name).isPresent()
            : openLineage.findDataset(tx, namespace, name).isPresent();
        if (exists) {
          found.add(new Start(job, namespace, name));
        }
      }
      if (found.isEmpty()) {
        throw PedigreeException.notFound("no OpenLineage " + (job ? "job" : "dataset") + " is named '"
            + namespaceAndName + "' (as NAMESPACE:NAME)");
      }
      if (found.size() > 1) {
        throw PedigreeException.invalidArgument("'" + namespaceAndName + "' names " + found.size() + " "
            + (job ? "jobs" : "datasets") + " depending on which colon ends the namespace; ask by namespace and name");
      }
      return found.get(0);
    });
  }

  private Graph walk(ReadTransaction tx, Start start, int hops, int cap) {
    Map<Long, Job> jobs = new LinkedHashMap<>();
    Map<Long, Dataset> datasets = new LinkedHashMap<>();
    if (start.job()) {
      Job job = openLineage.findJob(tx, start.namespace(), start.name()).orElseThrow(() -> notFound(start));
      jobs.put(job.id(), job);
    } else {
      Dataset dataset = openLineage.findDataset(tx, start.namespace(), start.name()).orElseThrow(() -> notFound(start));
      datasets.put(dataset.id(), dataset);
    }
    Set<JobLink> links = new LinkedHashSet<>();
    Map<Long, List<JobLink>> linksOfJob = new HashMap<>();
    List<Long> frontierJobs = new ArrayList<>(jobs.keySet());
    List<Long> frontierDatasets = new ArrayList<>(datasets.keySet());
    boolean truncated = false;
    for (int hop = 0; hop < hops && !truncated && !(frontierJobs.isEmpty() && frontierDatasets.isEmpty()); hop++) {
      List<JobLink> found = new ArrayList<>(openLineage.linksOfDatasets(tx, frontierDatasets));
      List<JobLink> ofJobs = openLineage.linksOfJobs(tx, frontierJobs);
      ofJobs.forEach(link -> linksOfJob.computeIfAbsent(link.job().id(), id -> new ArrayList<>()).add(link));
      found.addAll(ofJobs);
      found.sort(Comparator.comparingLong((JobLink link) -> link.job().id())
          .thenComparingLong(link -> link.dataset().id()));
      frontierJobs = new ArrayList<>();
      frontierDatasets = new ArrayList<>();
      for (JobLink link : found) {
        boolean jobKnown = jobs.containsKey(link.job().id());
        boolean datasetKnown = datasets.containsKey(link.dataset().id());
        int newNodes = (jobKnown ? 0 : 1) + (datasetKnown ? 0 : 1);
        if (jobs.size() + datasets.size() + newNodes > cap) {
          truncated = true;
          continue;
        }
        if (!jobKnown) {
          jobs.put(link.job().id(), link.job());
          frontierJobs.add(link.job().id());
        }
        if (!datasetKnown) {
          datasets.put(link.dataset().id(), link.dataset());
          frontierDatasets.add(link.dataset().id());
        }
        links.add(link);
      }
    }
    // Jobs reached last were not expanded: their inputs and outputs are still wanted on the node.
    List<Long> unexpanded = jobs.keySet().stream().filter(id -> !linksOfJob.containsKey(id)).toList();
    openLineage.linksOfJobs(tx, unexpanded)
        .forEach(link -> linksOfJob.computeIfAbsent(link.job().id(), id -> new ArrayList<>()).add(link));
    return new Graph(jobNodes(tx, jobs, linksOfJob), datasetNodes(tx, datasets), List.copyOf(links), truncated);
  }

  private List<JobNode> jobNodes(ReadTransaction tx, Map<Long, Job> jobs, Map<Long, List<JobLink>> linksOfJob) {
    List<Long> contextIds = jobs.values().stream().map(Job::contextId).toList();
    Map<Long, Node> contexts = byId(tx.findNodes(TypeKind.CONTEXT, contextIds));
    Map<Long, Long> latestRuns = openLineage.latestRuns(tx, contextIds);
    Map<Long, Node> runs = byId(tx.findNodes(TypeKind.EXECUTION, latestRuns.values()));
    List<JobNode> nodes = new ArrayList<>(jobs.size());
    for (Job job : jobs.values()) {
      List<Dataset> inputs = new ArrayList<>();
      List<Dataset> outputs = new ArrayList<>();
      for (JobLink link : linksOfJob.getOrDefault(job.id(), List.of())) {
        List<Dataset> side = link.input() ? inputs : outputs;
        if (side.stream().noneMatch(dataset -> dataset.id() == link.dataset().id())) {
          side.add(link.dataset());
        }
      }
      Long run = latestRuns.get(job.contextId());
      nodes.add(new JobNode(job, (Context) contexts.get(job.contextId()),
          run == null ? null : (Execution) runs.get(run), inputs, outputs));
    }
    return nodes;
  }

  private List<DatasetNode> datasetNodes(ReadTransaction tx, Map<Long, Dataset> datasets) {
    Map<Long, Version> latest = openLineage.latestVersions(tx, datasets.keySet());
    Map<Long, Node> artifacts = byId(tx.findNodes(TypeKind.ARTIFACT,
        latest.values().stream().map(Version::artifactId).toList()));
    List<DatasetNode> nodes = new ArrayList<>(datasets.size());
    for (Dataset dataset : datasets.values()) {
      Version version = latest.get(dataset.id());
      nodes.add(new DatasetNode(dataset, version == null ? null : (Artifact) artifacts.get(version.artifactId())));
    }
    return nodes;
  }

  private static Map<Long, Node> byId(List<Node> nodes) {
    Map<Long, Node> byId = new HashMap<>();
    nodes.forEach(node -> byId.put(node.requireId(), node));
    return byId;
  }

  private static PedigreeException notFound(Start start) {
    return PedigreeException.notFound("OpenLineage " + (start.job() ? "job" : "dataset") + " (namespace '"
        + start.namespace() + "', name '" + start.name() + "') not found");
  }
}
