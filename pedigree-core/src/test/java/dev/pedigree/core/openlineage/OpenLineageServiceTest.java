package dev.pedigree.core.openlineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.core.lineage.AliasLookup;
import dev.pedigree.core.lineage.Direction;
import dev.pedigree.core.lineage.LineageNode;
import dev.pedigree.core.lineage.LineageQuery;
import dev.pedigree.core.lineage.LineageResult;
import dev.pedigree.core.lineage.LineageService;
import dev.pedigree.core.lineage.LineageSettings;
import dev.pedigree.core.metadata.MetadataService;
import dev.pedigree.core.openlineage.OpenLineageEvent.Dataset;
import dev.pedigree.core.openlineage.OpenLineageEvent.Facets;
import dev.pedigree.core.openlineage.OpenLineageEvent.Job;
import dev.pedigree.model.Artifact;
import dev.pedigree.model.ArtifactState;
import dev.pedigree.model.Execution;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeRef;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.openlineage.OpenLineageStore;
import dev.pedigree.store.jdbc.JdbcLineageStore;
import dev.pedigree.store.jdbc.JdbcOpenLineageStore;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenLineageServiceTest {
  @TempDir Path dir;
  MetadataStore store;
  MetadataService metadata;
  OpenLineageService openLineage;
  LineageService lineage;

  @BeforeEach
  void open() {
    store = openStore(dir);
    metadata = new MetadataService(store, Clock.systemUTC());
    openLineage = new OpenLineageService(metadata, new JdbcOpenLineageStore(), Clock.systemUTC());
    lineage = new LineageService(store, new JdbcLineageStore(), LineageSettings.DEFAULTS, AliasLookup.NONE);
  }

  /** The store the tests run on; a subclass runs them on PostgreSQL. */
  MetadataStore openStore(Path dir) {
    return SqliteMetadataStore.open(dir.resolve("pedigree.db"), SqliteOptions.defaults());
  }

  @AfterEach
  void close() {
    store.close();
  }

  static Dataset dataset(String name) {
    return new Dataset("s3://bucket", name, Facets.NONE, Facets.NONE);
  }

  static OpenLineageEvent run(String runId, String type, long time, String job, List<Dataset> in, List<Dataset> out) {
    return new OpenLineageEvent(OpenLineageEvent.Kind.RUN, type, time, runId, new Job("ns", job, Facets.NONE),
        Facets.NONE, in, out, null, null);
  }

  IngestOutcome ingest(OpenLineageEvent event) {
    return openLineage.ingest(event, UUID.randomUUID().toString());
  }

  Execution execution(long id) {
    return (Execution) metadata.node(TypeKind.EXECUTION, id);
  }

  @Test
  void eachRunWritesANewVersionAndReadersSeeTheVersionOfTheirTime() {
    String first = UUID.randomUUID().toString();
    ingest(run(first, "START", 1000, "produce", List.of(), List.of(dataset("t"))));
    IngestOutcome firstDone = ingest(run(first, "COMPLETE", 2000, "produce", List.of(), List.of(dataset("t"))));
    String second = UUID.randomUUID().toString();
    IngestOutcome secondDone = ingest(run(second, "COMPLETE", 5000, "produce", List.of(), List.of(dataset("t"))));
    assertThat(firstDone.artifactIds()).hasSize(1);
    assertThat(secondDone.artifactIds()).doesNotContainAnyElementsOf(firstDone.artifactIds());
    assertThat(openLineage.datasetVersions("s3://bucket", "t", 10)).hasSize(2);

    IngestOutcome reader = ingest(run(UUID.randomUUID().toString(), "COMPLETE", 3000, "consume",
        List.of(dataset("t")), List.of(dataset("u"))));
    assertThat(reader.artifactIds().get(0)).isEqualTo(firstDone.artifactIds().get(0));
    assertThat(execution(firstDone.executionId()).lastKnownState()).isEqualTo(ExecutionState.COMPLETE);

    LineageResult up = lineage.lineage(LineageQuery.of(new NodeRef(TypeKind.ARTIFACT, reader.artifactIds().get(1)),
        Direction.UPSTREAM, 10));
    assertThat(up.nodes()).extracting(LineageNode::ref).contains(
        new NodeRef(TypeKind.EXECUTION, firstDone.executionId()),
        new NodeRef(TypeKind.ARTIFACT, firstDone.artifactIds().get(0)))
        .doesNotContain(new NodeRef(TypeKind.EXECUTION, secondDone.executionId()));
  }

  @Test
  void aRunThatDropsADatasetLeavesADeletedVersionThatLineageStillShows() {
    String writer = UUID.randomUUID().toString();
    IngestOutcome written = ingest(run(writer, "COMPLETE", 1000, "produce", List.of(), List.of(dataset("t"))));
    String dropper = UUID.randomUUID().toString();
    Dataset drop = new Dataset("s3://bucket", "t", new Facets(Map.of("lifecycleStateChange",
        "{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"lifecycleStateChange\":\"DROP\"}"), Set.of()), Facets.NONE,
        "DROP");
    IngestOutcome started = ingest(run(dropper, "START", 2000, "cleanup", List.of(), List.of(dataset("t"))));
    IngestOutcome dropped = ingest(run(dropper, "COMPLETE", 3000, "cleanup", List.of(), List.of(drop)));

    long droppedVersion = dropped.artifactIds().get(0);
    assertThat(droppedVersion).isEqualTo(started.artifactIds().get(0));
    assertThat(((Artifact) metadata.node(TypeKind.ARTIFACT, droppedVersion)).state()).isEqualTo(ArtifactState.DELETED);
    assertThat(((Artifact) metadata.node(TypeKind.ARTIFACT, written.artifactIds().get(0))).state())
        .isEqualTo(ArtifactState.LIVE);
    LineageResult down = lineage.lineage(LineageQuery.of(new NodeRef(TypeKind.EXECUTION, dropped.executionId()),
        Direction.DOWNSTREAM, 2));
    assertThat(down.nodes()).extracting(LineageNode::ref).contains(new NodeRef(TypeKind.ARTIFACT, droppedVersion));

    // Dropped on the run's first event too, and the same event again changes nothing.
    OpenLineageEvent atOnce = run(UUID.randomUUID().toString(), "COMPLETE", 4000, "cleanup", List.of(), List.of(drop));
    long again = ingest(atOnce).artifactIds().get(0);
    assertThat(((Artifact) metadata.node(TypeKind.ARTIFACT, again)).state()).isEqualTo(ArtifactState.DELETED);
  }

  @Test
  void theSameEventTwiceChangesNothing() {
    OpenLineageEvent event = run(UUID.randomUUID().toString(), "COMPLETE", 1000, "j", List.of(dataset("a")),
        List.of(dataset("b")));
    IngestOutcome once = openLineage.ingest(event, "digest-1");
    long artifacts = metadata.countNodes(TypeKind.ARTIFACT);
    long executions = metadata.countNodes(TypeKind.EXECUTION);
    assertThat(openLineage.ingest(event, "digest-1").duplicate()).isTrue();
    // Even re-serialised (another digest), applying it again creates nothing new.
    IngestOutcome again = openLineage.ingest(event, "digest-2");
    assertThat(again.duplicate()).isFalse();
    assertThat(again.artifactIds()).isEqualTo(once.artifactIds());
    assertThat(metadata.countNodes(TypeKind.ARTIFACT)).isEqualTo(artifacts);
    assertThat(metadata.countNodes(TypeKind.EXECUTION)).isEqualTo(executions);
    assertThat(metadata.eventsByExecutions(List.of(once.executionId()))).hasSize(2);
  }

  @Test
  void runStateOnlyMovesForward() {
    String runId = UUID.randomUUID().toString();
    IngestOutcome done = ingest(run(runId, "COMPLETE", 2000, "j", List.of(), List.of()));
    ingest(run(runId, "START", 1000, "j", List.of(), List.of()));
    assertThat(execution(done.executionId()).lastKnownState()).isEqualTo(ExecutionState.COMPLETE);
    ingest(run(runId, "FAIL", 3000, "j", List.of(), List.of()));
    assertThat(execution(done.executionId()).lastKnownState()).isEqualTo(ExecutionState.FAILED);
    assertThat(OpenLineageService.replaces(ExecutionState.RUNNING, 5, ExecutionState.COMPLETE, 1)).isTrue();
    assertThat(OpenLineageService.replaces(ExecutionState.CANCELED, 5, ExecutionState.COMPLETE, 1)).isFalse();
  }

  @Test
  void facetsAreKeptVerbatimReplacedAndDeleted() {
    String runId = UUID.randomUUID().toString();
    Facets custom = new Facets(Map.of("acme_thing", "{\"x\":[1,2,{\"y\":\"z\"}]}"), Set.of());
    OpenLineageEvent start = new OpenLineageEvent(OpenLineageEvent.Kind.RUN, "START", 1, runId,
        new Job("ns", "j", new Facets(Map.of("sql", "{\"query\":\"select 1\"}"), Set.of())), custom, List.of(),
        List.of(new Dataset("ns", "out", new Facets(Map.of("schema", "{\"fields\":[]}"), Set.of()), Facets.NONE)),
        null, new OpenLineageEvent.Parent(UUID.randomUUID().toString(), "ns", "parent-dag"));
    IngestOutcome outcome = ingest(start);
    assertThat(execution(outcome.executionId()).customProperties())
        .containsEntry("facet.acme_thing", new Value.StructValue("{\"x\":[1,2,{\"y\":\"z\"}]}"));
    assertThat(metadata.node(TypeKind.ARTIFACT, outcome.artifactIds().get(0)).customProperties())
        .containsKey("facet.schema");
    var job = metadata.contextsOf(TypeKind.EXECUTION, outcome.executionId()).get(0);
    assertThat(job.customProperties()).containsKey("facet.sql");
    assertThat(metadata.parentContexts(job.requireId())).extracting(c -> c.name()).containsExactly("ns/parent-dag");

    ingest(new OpenLineageEvent(OpenLineageEvent.Kind.JOB, null, 2, null,
        new Job("ns", "j", new Facets(Map.of(), Set.of("sql"))), Facets.NONE, List.of(), List.of(), null, null));
    assertThat(metadata.node(TypeKind.CONTEXT, job.requireId()).customProperties()).doesNotContainKey("facet.sql");
  }

  @Test
  void aBatchAppliesEachEventOnItsOwnAndReportsAFailureAtItsIndex() {
    // The real store, failing when the dataset "poison" is first recorded: by then the event has
    // written its job context, its run and the run's association, all of which must be undone.
    JdbcOpenLineageStore real = new JdbcOpenLineageStore();
    OpenLineageStore failing = (OpenLineageStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {OpenLineageStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("insertDataset") && "poison".equals(args[2])) {
            throw PedigreeException.invalidArgument("poisoned dataset");
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    OpenLineageService service = new OpenLineageService(metadata, failing, Clock.systemUTC());
    String first = UUID.randomUUID().toString();
    String broken = UUID.randomUUID().toString();
    String third = UUID.randomUUID().toString();
    OpenLineageEvent firstEvent = run(first, "START", 1000, "first", List.of(dataset("a")), List.of(dataset("b")));
    List<OpenLineageService.Result> results = service.ingestAll(List.of(
        new OpenLineageService.Digested(firstEvent, "d-first"),
        new OpenLineageService.Digested(run(broken, "START", 1000, "broken", List.of(dataset("b")),
            List.of(dataset("poison"))), "d-broken"),
        new OpenLineageService.Digested(run(third, "COMPLETE", 2000, "third", List.of(dataset("b")),
            List.of(dataset("c"))), "d-third"),
        new OpenLineageService.Digested(firstEvent, "d-first")));

    assertThat(results).hasSize(4);
    assertThat(results.get(0).failure()).isNull();
    assertThat(results.get(1).outcome()).isNull();
    assertThat(results.get(1).failure()).hasMessageContaining("poisoned dataset");
    assertThat(results.get(2).failure()).isNull();
    // The same event again later in the batch is recognised as a duplicate.
    assertThat(results.get(3).outcome().duplicate()).isTrue();
    // Nothing of the failed event remains: no job context, no run, no digest.
    Optional<Node> brokenRun = metadata.read(tx -> tx.findNodeByName(TypeKind.EXECUTION,
        tx.findTypeByName(TypeKind.EXECUTION, OpenLineageService.RUN_TYPE, null).orElseThrow().requireId(), broken));
    assertThat(brokenRun).isEmpty();
    Optional<Long> brokenJob = metadata.read(tx -> real.findJob(tx, "ns", "broken").map(OpenLineageStore.Job::contextId));
    assertThat(brokenJob).isEmpty();
    boolean brokenRecorded = metadata.read(tx -> real.hasEvent(tx, "d-broken"));
    assertThat(brokenRecorded).isFalse();
    boolean thirdRecorded = metadata.read(tx -> real.hasEvent(tx, "d-third"));
    assertThat(thirdRecorded).isTrue();
    // The events around it applied: the third run read the version the first run wrote.
    IngestOutcome third3 = results.get(2).outcome();
    assertThat(third3.artifactIds().get(0)).isEqualTo(results.get(0).outcome().artifactIds().get(1));
    assertThat(openLineage.datasetVersions("s3://bucket", "c", 10)).hasSize(1);
    assertThat(openLineage.datasetVersions("s3://bucket", "b", 10)).hasSize(1);
  }

  @Test
  void aRunReadingAndWritingANewDatasetReadsAnObservedVersionAndWritesItsOwn() {
    String runId = UUID.randomUUID().toString();
    OpenLineageEvent event = run(runId, "COMPLETE", 1000, "rewrite", List.of(dataset("same"), dataset("same")),
        List.of(dataset("same"), dataset("same")));
    IngestOutcome once = ingest(event);
    // One observed version read, one version written by the run; listed twice, each is linked once.
    long read = once.artifactIds().get(0);
    long written = once.artifactIds().get(2);
    assertThat(written).isNotEqualTo(read);
    assertThat(once.artifactIds()).containsExactly(read, read, written, written);
    assertThat(openLineage.datasetVersions("s3://bucket", "same", 10)).extracting(NodeRef::id)
        .containsExactly(written, read);
    assertThat(metadata.eventsByExecutions(List.of(once.executionId()))).hasSize(2);

    IngestOutcome again = ingest(event);
    assertThat(again.artifactIds()).isEqualTo(once.artifactIds());
    assertThat(openLineage.datasetVersions("s3://bucket", "same", 10)).hasSize(2);
    assertThat(metadata.eventsByExecutions(List.of(once.executionId()))).hasSize(2);
  }

  @Test
  void datasetsWhoseDisplayNamesCollideGetDistinctOnesInOneEvent() {
    // Both display as "a/b/c": namespace "a/b" + name "c", and namespace "a" + name "b/c".
    Dataset first = new Dataset("a/b", "c", Facets.NONE, Facets.NONE);
    Dataset second = new Dataset("a", "b/c", Facets.NONE, Facets.NONE);
    Dataset third = new Dataset("a/b/", "c", Facets.NONE, Facets.NONE);
    IngestOutcome outcome = ingest(run(UUID.randomUUID().toString(), "COMPLETE", 1000, "collide", List.of(first),
        List.of(second, third)));
    assertThat(outcome.artifactIds()).hasSize(3).doesNotHaveDuplicates();
    assertThat(outcome.artifactIds()).extracting(id -> metadata.node(TypeKind.ARTIFACT, id).name())
        .containsExactly("a/b/c@v1", "a/b/c (2)@v1", "a/b//c@v1");
    assertThat(openLineage.datasetVersions("a/b", "c", 10)).extracting(NodeRef::id)
        .containsExactly(outcome.artifactIds().get(0));
    assertThat(openLineage.datasetVersions("a", "b/c", 10)).extracting(NodeRef::id)
        .containsExactly(outcome.artifactIds().get(1));

    // Known now, found by the one lookup of a later event, inputs and outputs alike.
    IngestOutcome later = ingest(run(UUID.randomUUID().toString(), "COMPLETE", 2000, "collide-again",
        List.of(second, third), List.of(first)));
    assertThat(later.artifactIds().subList(0, 2)).isEqualTo(outcome.artifactIds().subList(1, 3));
    assertThat(openLineage.datasetVersions("a/b", "c", 10)).hasSize(2);
  }

  @Test
  void aBatchLongerThanOneTransactionAppliesInArrayOrder() {
    // Ten chained runs, START and COMPLETE each: run k reads what run k-1 wrote, across transactions.
    List<OpenLineageService.Digested> events = new java.util.ArrayList<>();
    for (int k = 0; k < 10; k++) {
      String runId = UUID.randomUUID().toString();
      List<Dataset> in = List.of(dataset("chain-" + k));
      List<Dataset> out = List.of(dataset("chain-" + (k + 1)));
      events.add(new OpenLineageService.Digested(run(runId, "START", 1000L * k, "step-" + k, in, out), runId + "s"));
      events.add(new OpenLineageService.Digested(run(runId, "COMPLETE", 1000L * k + 500, "step-" + k, in, out),
          runId + "c"));
    }
    events.add(events.get(0));
    List<OpenLineageService.Result> results = openLineage.ingestAll(events);

    assertThat(results).hasSize(21).allSatisfy(result -> assertThat(result.failure()).isNull());
    assertThat(results.get(20).outcome().duplicate()).isTrue();
    for (int k = 1; k < 10; k++) {
      long written = results.get(2 * k - 1).outcome().artifactIds().get(1);
      assertThat(results.get(2 * k).outcome().artifactIds().get(0)).as("run %d reads run %d's output", k, k - 1)
          .isEqualTo(written);
      assertThat(execution(results.get(2 * k + 1).outcome().executionId()).lastKnownState())
          .isEqualTo(ExecutionState.COMPLETE);
    }
  }

  @Test
  void cyclesThroughDatasetsDoNotHangLineage() {
    String a = UUID.randomUUID().toString();
    String b = UUID.randomUUID().toString();
    IngestOutcome ab = ingest(run(a, "COMPLETE", 1, "a-to-b", List.of(dataset("a")), List.of(dataset("b"))));
    ingest(run(b, "COMPLETE", 2, "b-to-a", List.of(dataset("b")), List.of(dataset("a"))));
    // Job-level static lineage declares the cycle without versions.
    ingest(new OpenLineageEvent(OpenLineageEvent.Kind.JOB, null, 3, null, new Job("ns", "loop", Facets.NONE),
        Facets.NONE, List.of(dataset("a")), List.of(dataset("a")), null, null));
    LineageResult result = lineage.lineage(LineageQuery.of(new NodeRef(TypeKind.ARTIFACT, ab.artifactIds().get(0)),
        Direction.BOTH, 1000));
    assertThat(result.nodes()).extracting(LineageNode::ref).doesNotHaveDuplicates();
    assertThat(result.truncated()).isFalse();
  }

  @Test
  void concurrentEventsCreatingTheSameJobsRunsAndDatasetsAllLand() throws Exception {
    // 40 runs of 4 jobs, all reading "in", each writing one of 3 shared datasets; every run's START
    // and COMPLETE, half posted one by one and half in batches, from 8 threads at once. On
    // PostgreSQL transactions run concurrently and race to create the same rows.
    List<OpenLineageEvent> events = new java.util.ArrayList<>();
    List<String> runIds = new java.util.ArrayList<>();
    for (int k = 0; k < 40; k++) {
      String runId = UUID.randomUUID().toString();
      runIds.add(runId);
      for (String type : List.of("START", "COMPLETE")) {
        events.add(run(runId, type, 1000 + k, "job_" + (k % 4), List.of(dataset("in")),
            List.of(dataset("shared_" + (k % 3)))));
      }
    }
    java.util.Collections.shuffle(events, new java.util.Random(7));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int from = 0; from < events.size(); from += 5) {
        List<OpenLineageEvent> slice = events.subList(from, from + 5);
        boolean batch = from % 10 == 0;
        done.add(pool.submit(() -> {
          if (batch) {
            List<OpenLineageService.Result> results = openLineage.ingestAll(slice.stream()
                .map(event -> new OpenLineageService.Digested(event, UUID.randomUUID().toString())).toList());
            results.forEach(result -> assertThat(result.failure()).isNull());
          } else {
            slice.forEach(this::ingest);
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> future : done) {
        future.get(120, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    JdbcOpenLineageStore ids = new JdbcOpenLineageStore();
    store.read(tx -> {
      for (int d = 0; d < 3; d++) {
        OpenLineageStore.Dataset shared = ids.findDataset(tx, "s3://bucket", "shared_" + d).orElseThrow();
        long writers = java.util.stream.IntStream.range(0, 40).filter(k -> k % 3 == d_(shared)).count();
        assertThat(shared.versionCount()).as(shared.name()).isEqualTo(writers);
        assertThat(ids.listVersions(tx, shared.id(), 100)).extracting(OpenLineageStore.Version::number)
            .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.rangeClosed(1, writers).boxed().toList());
      }
      assertThat(ids.findJob(tx, "ns", "job_3")).isPresent();
      return null;
    });
    assertThat(metadata.countNodes(TypeKind.EXECUTION)).isEqualTo(40);
    // COMPLETE wins whichever event of a run was applied last: no update was lost.
    for (String runId : runIds) {
      Execution run = (Execution) metadata.nodeByTypeAndName(TypeKind.EXECUTION, OpenLineageService.RUN_TYPE, null, runId)
          .orElseThrow();
      assertThat(run.lastKnownState()).as(runId).isEqualTo(ExecutionState.COMPLETE);
    }
  }

  private static int d_(OpenLineageStore.Dataset dataset) {
    return Integer.parseInt(dataset.name().substring("shared_".length()));
  }
}
