package dev.pedigree.core.openlineage;

import static java.util.Objects.requireNonNull;

import dev.pedigree.core.metadata.MetadataService;
import dev.pedigree.core.metadata.TypeEvolution;
import dev.pedigree.model.Artifact;
import dev.pedigree.model.ArtifactState;
import dev.pedigree.model.Association;
import dev.pedigree.model.Attribution;
import dev.pedigree.model.Context;
import dev.pedigree.model.Event;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.EventType;
import dev.pedigree.model.Execution;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeRef;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.ParentContext;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.PropertyType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import dev.pedigree.store.TransactionWork;
import dev.pedigree.store.WriteTransaction;
import dev.pedigree.store.openlineage.OpenLineageStore;
import dev.pedigree.store.openlineage.OpenLineageStore.Dataset;
import dev.pedigree.store.openlineage.OpenLineageStore.DatasetName;
import dev.pedigree.store.openlineage.OpenLineageStore.Version;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * Ingests OpenLineage events into the graph, one transaction per event, idempotently.
 *
 * <p>Mapping: a job is an {@code openlineage.Job} context; a run is an {@code openlineage.Run}
 * execution (named by its run id) associated with its job; every dataset version is an
 * {@code openlineage.Dataset} artifact. A run's output makes one new version per run (reused by
 * later events of the same run), so lineage is version-exact; a run's input is the newest version
 * that existed at the event time (created as an observed version if the dataset was never seen).
 * Facets are kept verbatim as STRUCT custom properties named {@code facet.KEY}; a facet with the
 * same key replaces the previous one, {@code _deleted} removes it. Run state only moves forward:
 * a terminal state is never replaced by START or RUNNING, and between terminal states the later
 * event wins.
 */
public final class OpenLineageService {
  public static final String JOB_TYPE = "openlineage.Job";
  public static final String RUN_TYPE = "openlineage.Run";
  public static final String DATASET_TYPE = "openlineage.Dataset";

  private static final String FACET = "facet.";
  private static final String STATE_TIME = "state_time";
  /**
   * Events of one batch applied per transaction. Small on purpose: SQLite's writer already merges
   * concurrent transactions into one commit; measured by writer CPU per event, 8 is as cheap as 32
   * and cheaper than 2 or 100 (docs/benchmarks.md), and on PostgreSQL it is one commit per 8 events.
   */
  private static final int CHUNK = 8;
  /**
   * Attempts of an event whose transaction lost a race to a concurrent one (PostgreSQL runs writes
   * concurrently: two events may create the same job, run, dataset or version at once, and the later
   * fails on the unique key). Applying the event again sees what the other created.
   */
  private static final int ATTEMPTS = 5;

  private final MetadataService metadata;
  private final OpenLineageStore openLineage;
  private final Clock clock;
  private volatile @Nullable Types types;

  private record Types(long job, long run, long dataset) {}

  public OpenLineageService(MetadataService metadata, OpenLineageStore openLineage, Clock clock) {
    this.metadata = requireNonNull(metadata, "metadata");
    this.openLineage = requireNonNull(openLineage, "openLineage");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Applies the event in one transaction. An event whose digest was ingested before changes
   * nothing; applying the same content again is harmless too, since every step looks for what an
   * earlier event of the same run already created.
   */
  public IngestOutcome ingest(OpenLineageEvent event, String digest) {
    for (int attempt = 1; ; attempt++) {
      try {
        Types t = types();
        return metadata.store().write(tx -> apply(tx, t, event, digest));
      } catch (PedigreeException e) {
        if (!lostRace(e)) {
          throw e;
        }
        if (attempt == ATTEMPTS) {
          // Still conflicting: the producer may retry (503), which a 400 would stop.
          throw PedigreeException.aborted("the event conflicted with concurrent writes " + ATTEMPTS
              + " times; retry (" + e.getMessage() + ")", e);
        }
      }
    }
  }

  /** A failure of a transaction that lost a race to a concurrent one; the store is unchanged by it. */
  private static boolean lostRace(PedigreeException e) {
    return e.code() == ErrorCode.ALREADY_EXISTS || e.code() == ErrorCode.ABORTED;
  }

  /** An event to ingest with its digest, for {@link #ingestAll}. */
  public record Digested(OpenLineageEvent event, String digest) {
    public Digested {
      requireNonNull(event, "event");
      requireNonNull(digest, "digest");
    }
  }

  /** What became of one event of {@link #ingestAll}: an outcome, or the failure that undid it. */
  public record Result(@Nullable IngestOutcome outcome, @Nullable RuntimeException failure) {}

  /**
   * Applies the events in order, in transactions of {@value #CHUNK} events,
   * each event all-or-nothing on its own: a failing event is rolled back alone and reported at its
   * index, the others still apply. If a whole transaction fails (at commit, say), every event of it
   * reports that failure. The transactions are handed to the store together ({@code writeEach}), so
   * on SQLite they share commits rather than each waiting for the one before.
   */
  public List<Result> ingestAll(List<Digested> events) {
    Types t = types();
    List<List<Digested>> chunks = new ArrayList<>();
    List<TransactionWork<WriteTransaction, List<Result>>> units = new ArrayList<>();
    for (int from = 0; from < events.size(); from += CHUNK) {
      List<Digested> chunk = events.subList(from, Math.min(events.size(), from + CHUNK));
      chunks.add(chunk);
      units.add(tx -> {
        List<Result> applied = new ArrayList<>(chunk.size());
        for (Digested event : chunk) {
          try {
            applied.add(new Result(tx.atomically(inner -> apply(inner, t, event.event(), event.digest())), null));
          } catch (RuntimeException e) {
            applied.add(new Result(null, e));
          }
        }
        return applied;
      });
    }
    List<CompletableFuture<List<Result>>> applied = metadata.store().writeEach(units);
    List<Result> results = new ArrayList<>(events.size());
    for (int i = 0; i < chunks.size(); i++) {
      try {
        results.addAll(applied.get(i).join());
      } catch (CompletionException e) {
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        RuntimeException failure = e.getCause() instanceof RuntimeException runtime ? runtime
            : PedigreeException.internal("write failed", e.getCause());
        chunks.get(i).forEach(event -> results.add(new Result(null, failure)));
      }
    }
    // Events that lost a race to a concurrent transaction go again, each on its own.
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).failure() instanceof PedigreeException e && lostRace(e)) {
        Digested event = events.get(i);
        try {
          results.set(i, new Result(ingest(event.event(), event.digest()), null));
        } catch (RuntimeException again) {
          results.set(i, new Result(null, again));
        }
      }
    }
    return results;
  }

  private IngestOutcome apply(WriteTransaction tx, Types t, OpenLineageEvent event, String digest) {
    // Recording the digest first answers "seen before?" in the same statement; if the event fails
    // below, the record is rolled back with the rest of it.
    if (!openLineage.recordEvent(tx, new OpenLineageStore.IngestedEvent(digest, event.runId(), event.eventType(),
        event.eventTimeMs(), clock.millis()))) {
      return new IngestOutcome(true, null, List.of());
    }
    return switch (event.kind()) {
      case RUN -> run(tx, t, event);
      case JOB -> job(tx, t, event);
      case DATASET -> dataset(tx, t, event);
    };
  }

  /** The artifacts that are versions of the dataset, newest first; NOT_FOUND for an unknown dataset. */
  public List<NodeRef> datasetVersions(String namespace, String name, int limit) {
    return metadata.read(tx -> {
      Dataset dataset = openLineage.findDataset(tx, namespace, name).orElseThrow(() -> PedigreeException.notFound(
          "OpenLineage dataset (namespace '" + namespace + "', name '" + name + "') not found"));
      return openLineage.listVersions(tx, dataset.id(), limit).stream()
          .map(version -> new NodeRef(TypeKind.ARTIFACT, version.artifactId())).toList();
    });
  }

  // Event kinds

  private IngestOutcome run(WriteTransaction tx, Types t, OpenLineageEvent event) {
    OpenLineageEvent.Job job = requireNonNull(event.job());
    String runId = requireNonNull(event.runId());
    long time = event.eventTimeMs();
    long jobContext = ensureJob(tx, t, job);
    Map<String, Value> ioFacets = new TreeMap<>();
    Set<String> ioDeleted = new HashSet<>();
    for (OpenLineageEvent.Dataset input : event.inputs()) {
      collect(ioFacets, ioDeleted, "input." + input.displayName() + ".", input.ioFacets());
    }
    for (OpenLineageEvent.Dataset output : event.outputs()) {
      collect(ioFacets, ioDeleted, "output." + output.displayName() + ".", output.ioFacets());
    }
    Run run = ensureRun(tx, t, event, runId, job, jobContext, ioFacets, ioDeleted);
    long execution = run.id();
    if (event.parent() != null) {
      OpenLineageEvent.Parent parent = event.parent();
      long parentContext = ensureJob(tx, t, new OpenLineageEvent.Job(parent.jobNamespace(), parent.jobName(),
          OpenLineageEvent.Facets.NONE));
      linkParent(tx, jobContext, parentContext);
    }
    // A run created by this event has no links yet.
    Linked linked = run.created() ? new Linked() : linked(tx, execution);
    EventDatasets datasets = new EventDatasets(tx, event);
    List<Event> events = new ArrayList<>();
    List<Long> artifacts = new ArrayList<>();
    // A dataset this event created has no versions but those this event adds, which `linked` holds.
    for (OpenLineageEvent.Dataset input : event.inputs()) {
      Dataset dataset = datasets.ensure(input);
      Version version = linked.version(dataset.id(), true);
      if (version == null) {
        Optional<Version> existing = datasets.createdNow(dataset) ? Optional.empty()
            : versionAt(tx, dataset, time, runId);
        version = existing.orElseGet(() -> createVersion(tx, t, dataset, null, time, input.facets()));
        events.add(new Event(version.artifactId(), execution, EventType.INPUT, List.of(), time));
        linked.add(version, true);
        if (existing.isPresent()) {
          mergeFacets(tx, TypeKind.ARTIFACT, version.artifactId(), input.facets());
        }
      } else {
        mergeFacets(tx, TypeKind.ARTIFACT, version.artifactId(), input.facets());
      }
      artifacts.add(version.artifactId());
    }
    List<Attribution> attributions = new ArrayList<>();
    for (OpenLineageEvent.Dataset output : event.outputs()) {
      Dataset dataset = datasets.ensure(output);
      Version version = linked.version(dataset.id(), false);
      if (version == null) {
        Optional<Version> existing = datasets.createdNow(dataset) ? Optional.empty()
            : openLineage.findVersionOfRun(tx, dataset.id(), runId);
        version = existing.orElseGet(() -> createVersion(tx, t, dataset, runId, time, output.facets()));
        events.add(new Event(version.artifactId(), execution, EventType.OUTPUT, List.of(), time));
        attributions.add(new Attribution(jobContext, version.artifactId()));
        linked.add(version, false);
        if (existing.isPresent()) {
          mergeFacets(tx, TypeKind.ARTIFACT, version.artifactId(), output.facets());
        }
      } else {
        mergeFacets(tx, TypeKind.ARTIFACT, version.artifactId(), output.facets());
      }
      if (output.dropped()) {
        markDropped(tx, version.artifactId());
      }
      artifacts.add(version.artifactId());
    }
    tx.insertEvents(events, clock.millis());
    tx.insertAttributions(attributions);
    return new IngestOutcome(false, execution, artifacts);
  }

  /** A job event declares static lineage: DECLARED_INPUT/OUTPUT of the job's declared execution. */
  private IngestOutcome job(WriteTransaction tx, Types t, OpenLineageEvent event) {
    OpenLineageEvent.Job job = requireNonNull(event.job());
    long jobContext = ensureJob(tx, t, job);
    String name = "declared:" + jobContext;
    long execution = tx.findNodeByName(TypeKind.EXECUTION, t.run(), name).map(Node::requireId).orElseGet(() -> {
      Map<String, Value> properties = Map.of("job_namespace", Value.of(job.namespace()), "job_name",
          Value.of(job.name()));
      Execution declared = new Execution(null, t.run(), RUN_TYPE, name, ExecutionState.UNKNOWN, null, properties,
          Map.of(), 0, 0);
      long id = tx.insertNodes(List.of(declared), clock.millis()).get(0).requireId();
      tx.insertAssociations(List.of(new Association(jobContext, id)));
      return id;
    });
    Linked linked = linked(tx, execution);
    EventDatasets datasets = new EventDatasets(tx, event);
    List<Event> events = new ArrayList<>();
    List<Long> artifacts = new ArrayList<>();
    for (boolean input : new boolean[] {true, false}) {
      for (OpenLineageEvent.Dataset declared : input ? event.inputs() : event.outputs()) {
        Dataset dataset = datasets.ensure(declared);
        Version version = linked.version(dataset.id(), input);
        if (version == null) {
          version = latestOrObserved(tx, t, dataset, event.eventTimeMs());
          events.add(new Event(version.artifactId(), execution,
              input ? EventType.DECLARED_INPUT : EventType.DECLARED_OUTPUT, List.of(), event.eventTimeMs()));
          linked.add(version, input);
        }
        mergeFacets(tx, TypeKind.ARTIFACT, version.artifactId(), declared.facets());
        artifacts.add(version.artifactId());
      }
    }
    tx.insertEvents(events, clock.millis());
    return new IngestOutcome(false, execution, artifacts);
  }

  /** A dataset event updates the facets of the dataset's newest version. */
  private IngestOutcome dataset(WriteTransaction tx, Types t, OpenLineageEvent event) {
    OpenLineageEvent.Dataset declared = requireNonNull(event.dataset());
    Dataset dataset = new EventDatasets(tx, event).ensure(declared);
    Version version = latestOrObserved(tx, t, dataset, event.eventTimeMs());
    mergeFacets(tx, TypeKind.ARTIFACT, version.artifactId(), declared.facets());
    return new IngestOutcome(false, null, List.of(version.artifactId()));
  }

  // Jobs and runs

  private long ensureJob(WriteTransaction tx, Types t, OpenLineageEvent.Job job) {
    Optional<Long> existing = openLineage.findJob(tx, job.namespace(), job.name()).map(OpenLineageStore.Job::contextId);
    if (existing.isPresent()) {
      mergeFacets(tx, TypeKind.CONTEXT, existing.get(), job.facets());
      return existing.get();
    }
    String display = job.namespace() + "/" + job.name();
    String name = display;
    for (int attempt = 2; tx.findNodeByName(TypeKind.CONTEXT, t.job(), name).isPresent(); attempt++) {
      name = display + " (" + attempt + ")";
    }
    Map<String, Value> custom = new TreeMap<>();
    collect(custom, new HashSet<>(), FACET, job.facets());
    Context context = new Context(null, t.job(), JOB_TYPE, name, null,
        Map.of("namespace", Value.of(job.namespace()), "name", Value.of(job.name())), custom, 0, 0);
    long id = tx.insertNodes(List.of(context), clock.millis()).get(0).requireId();
    openLineage.insertJob(tx, job.namespace(), job.name(), id);
    return id;
  }

  private record Run(long id, boolean created) {}

  private Run ensureRun(WriteTransaction tx, Types t, OpenLineageEvent event, String runId, OpenLineageEvent.Job job,
      long jobContext, Map<String, Value> ioFacets, Set<String> ioDeleted) {
    ExecutionState incoming = state(event.eventType());
    long time = event.eventTimeMs();
    Optional<Node> found = tx.findNodeByName(TypeKind.EXECUTION, t.run(), runId);
    if (found.isEmpty()) {
      Map<String, Value> properties = new TreeMap<>();
      properties.put("run_id", Value.of(runId));
      properties.put("job_namespace", Value.of(job.namespace()));
      properties.put("job_name", Value.of(job.name()));
      properties.put(STATE_TIME, Value.of(time));
      if (event.parent() != null) {
        properties.put("parent_run_id", Value.of(event.parent().runId()));
      }
      Map<String, Value> custom = new TreeMap<>(ioFacets);
      collect(custom, new HashSet<>(), FACET, event.runFacets());
      Execution execution = new Execution(null, t.run(), RUN_TYPE, runId,
          incoming == null ? ExecutionState.UNKNOWN : incoming, null, properties, custom, 0, 0);
      long id = tx.insertNodes(List.of(execution), clock.millis()).get(0).requireId();
      tx.insertAssociations(List.of(new Association(jobContext, id)));
      return new Run(id, true);
    }
    // Read again with the row locked: on PostgreSQL another event of this run may be updating it now,
    // and the state and facets are merged from what is stored.
    Execution stored = (Execution) tx.lockForUpdate(found.get());
    Map<String, Value> properties = new TreeMap<>(stored.properties());
    ExecutionState state = stored.lastKnownState();
    long stateTime = stored.properties().get(STATE_TIME) instanceof Value.IntValue(long value) ? value : 0;
    if (incoming != null && replaces(state, stateTime, incoming, time)) {
      state = incoming;
      properties.put(STATE_TIME, Value.of(time));
    }
    if (event.parent() != null) {
      properties.put("parent_run_id", Value.of(event.parent().runId()));
    }
    Map<String, Value> custom = new TreeMap<>(stored.customProperties());
    custom.putAll(ioFacets);
    ioDeleted.forEach(custom::remove);
    apply(custom, FACET, event.runFacets());
    if (state != stored.lastKnownState() || !properties.equals(stored.properties())
        || !custom.equals(stored.customProperties())) {
      Execution updated = stored.withState(state).withProperties(properties).withCustomProperties(custom);
      tx.updateNode(stored, updated, Math.max(clock.millis(), stored.updateTimeMs() + 1));
    }
    return new Run(stored.requireId(), false);
  }

  /** Links the job under its parent's job, unless that exists already or would close a cycle. */
  private static void linkParent(WriteTransaction tx, long child, long parent) {
    if (child == parent || tx.parentContextIds(child).contains(parent)) {
      return;
    }
    Deque<Long> pending = new ArrayDeque<>(List.of(parent));
    Set<Long> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      long current = pending.pop();
      if (current == child) {
        return;
      }
      if (seen.add(current)) {
        pending.addAll(tx.parentContextIds(current));
      }
    }
    tx.insertParentContexts(List.of(new ParentContext(child, parent)));
  }

  static @Nullable ExecutionState state(@Nullable String eventType) {
    if (eventType == null) {
      return null;
    }
    return switch (eventType) {
      case "START", "RUNNING" -> ExecutionState.RUNNING;
      case "COMPLETE" -> ExecutionState.COMPLETE;
      case "FAIL" -> ExecutionState.FAILED;
      case "ABORT" -> ExecutionState.CANCELED;
      default -> null;
    };
  }

  /** Terminal states win over running ones whatever the order; between terminal states, the later. */
  static boolean replaces(ExecutionState stored, long storedTime, ExecutionState incoming, long incomingTime) {
    boolean storedTerminal = terminal(stored);
    boolean incomingTerminal = terminal(incoming);
    if (storedTerminal && !incomingTerminal) {
      return false;
    }
    if (storedTerminal) {
      return incomingTime >= storedTime && incoming != stored;
    }
    return incoming != stored || incomingTime > storedTime;
  }

  private static boolean terminal(ExecutionState state) {
    return state == ExecutionState.COMPLETE || state == ExecutionState.FAILED || state == ExecutionState.CANCELED;
  }

  // Datasets and versions

  /**
   * The datasets of one event: those that existed, read in one lookup, and those the event creates.
   * A dataset's version count here may fall behind (this or a concurrent event adding versions);
   * {@link #createVersion} reads it afresh.
   */
  private final class EventDatasets {
    private final WriteTransaction tx;
    private final Map<DatasetName, Dataset> known;
    private final Set<Long> created = new HashSet<>();

    EventDatasets(WriteTransaction tx, OpenLineageEvent event) {
      this.tx = tx;
      List<DatasetName> names = new ArrayList<>();
      for (List<OpenLineageEvent.Dataset> datasets : List.of(event.inputs(), event.outputs())) {
        datasets.forEach(dataset -> names.add(new DatasetName(dataset.namespace(), dataset.name())));
      }
      if (event.dataset() != null) {
        names.add(new DatasetName(event.dataset().namespace(), event.dataset().name()));
      }
      this.known = new java.util.HashMap<>(names.isEmpty() ? Map.of() : openLineage.findDatasets(tx, names));
    }

    /** The dataset, created now if it did not exist. */
    Dataset ensure(OpenLineageEvent.Dataset dataset) {
      return known.computeIfAbsent(new DatasetName(dataset.namespace(), dataset.name()), name -> {
        Dataset inserted = openLineage.insertDataset(tx, dataset.namespace(), dataset.name(), dataset.displayName());
        created.add(inserted.id());
        return inserted;
      });
    }

    boolean createdNow(Dataset dataset) {
      return created.contains(dataset.id());
    }
  }

  /** The version an input of this run reads: the newest at the event time that this run did not write. */
  private Optional<Version> versionAt(WriteTransaction tx, Dataset dataset, long time, String runId) {
    Optional<Version> version = openLineage.findVersionAt(tx, dataset.id(), time);
    if (version.isPresent() && runId.equals(version.get().runId())) {
      long previous = version.get().number() - 1;
      return previous < 1 ? Optional.empty() : openLineage.findVersion(tx, dataset.id(), previous);
    }
    return version;
  }

  private Version latestOrObserved(WriteTransaction tx, Types t, Dataset dataset, long time) {
    return openLineage.findVersionAt(tx, dataset.id(), Long.MAX_VALUE)
        .orElseGet(() -> createVersion(tx, t, dataset, null, time, OpenLineageEvent.Facets.NONE));
  }

  /**
   * Adds the dataset's next version, numbered from the dataset's count read under its row lock
   * (concurrent events adding versions of one dataset queue there on PostgreSQL); that count also
   * holds the versions this transaction added before.
   */
  private Version createVersion(WriteTransaction tx, Types t, Dataset dataset, @Nullable String runId, long time,
      OpenLineageEvent.Facets facets) {
    long number = openLineage.lockVersionCount(tx, dataset.id()) + 1;
    Map<String, Value> custom = new TreeMap<>();
    collect(custom, new HashSet<>(), FACET, facets);
    Map<String, Value> properties = Map.of("namespace", Value.of(dataset.namespace()), "name",
        Value.of(dataset.name()), "version", Value.of(number));
    Artifact artifact = new Artifact(null, t.dataset(), DATASET_TYPE, dataset.displayName() + "@v" + number, null,
        runId == null ? ArtifactState.UNKNOWN : ArtifactState.LIVE, null, properties, custom, 0, 0);
    long id = tx.insertNodes(List.of(artifact), clock.millis()).get(0).requireId();
    Version version = new Version(dataset.id(), number, id, runId, time);
    openLineage.insertVersion(tx, version);
    return version;
  }

  /**
   * A run that drops a dataset (lifecycleStateChange DROP) leaves a version that is DELETED: lineage
   * still shows it, and MLMD readers see that the data is gone.
   */
  private void markDropped(WriteTransaction tx, long artifactId) {
    Node stored = tx.findNodesForUpdate(TypeKind.ARTIFACT, List.of(artifactId)).get(0);
    if (stored instanceof Artifact artifact && artifact.state() != ArtifactState.DELETED) {
      tx.updateNode(stored, artifact.withState(ArtifactState.DELETED),
          Math.max(clock.millis(), stored.updateTimeMs() + 1));
    }
  }

  // Facets

  private void mergeFacets(WriteTransaction tx, TypeKind kind, long id, OpenLineageEvent.Facets facets) {
    if (facets.json().isEmpty() && facets.deleted().isEmpty()) {
      return;
    }
    // Facets usually arrive unchanged (a run's later events repeat them): compare them first, and
    // read the whole node only when there is something to write.
    Map<String, Value> current = openLineage.findCustomProperties(tx, kind, id);
    Map<String, Value> merged = new java.util.HashMap<>(current);
    apply(merged, FACET, facets);
    if (merged.equals(current)) {
      return;
    }
    Node stored = tx.findNodesForUpdate(kind, List.of(id)).get(0);
    Map<String, Value> custom = new TreeMap<>(stored.customProperties());
    apply(custom, FACET, facets);
    Node updated = switch (stored) {
      case Artifact a -> a.withCustomProperties(custom);
      case Execution e -> e.withCustomProperties(custom);
      case Context c -> c.withCustomProperties(custom);
    };
    tx.updateNode(stored, updated, Math.max(clock.millis(), stored.updateTimeMs() + 1));
  }

  private static void apply(Map<String, Value> custom, String prefix, OpenLineageEvent.Facets facets) {
    facets.json().forEach((key, json) -> custom.put(prefix + key, new Value.StructValue(json)));
    facets.deleted().forEach(key -> custom.remove(prefix + key));
  }

  private static void collect(Map<String, Value> into, Set<String> deleted, String prefix,
      OpenLineageEvent.Facets facets) {
    facets.json().forEach((key, json) -> into.put(prefix + key, new Value.StructValue(json)));
    facets.deleted().forEach(key -> deleted.add(prefix + key));
  }

  /** Dataset versions an execution is already linked to, by dataset and direction. */
  private Linked linked(WriteTransaction tx, long execution) {
    Linked linked = new Linked();
    openLineage.findLinkedVersions(tx, execution).forEach(link -> linked.add(link.version(), link.input()));
    return linked;
  }

  private static final class Linked {
    private final Map<Long, Version> inputs = new java.util.HashMap<>();
    private final Map<Long, Version> outputs = new java.util.HashMap<>();

    @Nullable Version version(long datasetId, boolean input) {
      return (input ? inputs : outputs).get(datasetId);
    }

    void add(Version version, boolean input) {
      (input ? inputs : outputs).putIfAbsent(version.datasetId(), version);
    }
  }

  // Types

  private Types types() {
    Types cached = types;
    if (cached != null) {
      return cached;
    }
    List<NodeType> stored = metadata.putTypes(List.of(
        NodeType.of(TypeKind.CONTEXT, JOB_TYPE, Map.of("namespace", PropertyType.STRING, "name", PropertyType.STRING)),
        NodeType.of(TypeKind.EXECUTION, RUN_TYPE, Map.of("run_id", PropertyType.STRING, "job_namespace",
            PropertyType.STRING, "job_name", PropertyType.STRING, STATE_TIME, PropertyType.INT, "parent_run_id",
            PropertyType.STRING)),
        NodeType.of(TypeKind.ARTIFACT, DATASET_TYPE, Map.of("namespace", PropertyType.STRING, "name",
            PropertyType.STRING, "version", PropertyType.INT))), TypeEvolution.ADD_FIELDS);
    Types created = new Types(stored.get(0).requireId(), stored.get(1).requireId(), stored.get(2).requireId());
    types = created;
    return created;
  }
}
