package dev.pedigree.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.model.Artifact;
import dev.pedigree.model.ArtifactState;
import dev.pedigree.model.Association;
import dev.pedigree.model.Attribution;
import dev.pedigree.model.Context;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.Event;
import dev.pedigree.model.EventType;
import dev.pedigree.model.Execution;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.Page;
import dev.pedigree.model.ParentContext;
import dev.pedigree.model.PathStep;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.PropertyType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.OrderBy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every metadata store must have, through the metadata service. Each database
 * extends this class once; a new behaviour is a new test here, never a copy.
 */
public abstract class MetadataServiceContract {
  @TempDir protected Path tempDir;
  protected MetadataStore store;
  protected MetadataService service;

  /** A fresh, empty store for one test. */
  protected abstract MetadataStore openStore(Path dir) throws Exception;

  @BeforeEach
  void openService() throws Exception {
    store = openStore(tempDir);
    service = new MetadataService(store, Clock.systemUTC());
  }

  @AfterEach
  void closeService() {
    store.close();
  }

  // Helpers

  protected NodeType artifactType(String name, Map<String, PropertyType> properties) {
    return service.putType(NodeType.of(TypeKind.ARTIFACT, name, properties), TypeEvolution.STRICT);
  }

  protected NodeType executionType(String name) {
    return service.putType(NodeType.of(TypeKind.EXECUTION, name, Map.of("step", PropertyType.INT)),
        TypeEvolution.STRICT);
  }

  protected NodeType contextType(String name) {
    return service.putType(NodeType.of(TypeKind.CONTEXT, name, Map.of()), TypeEvolution.STRICT);
  }

  protected Artifact putArtifact(Artifact artifact) {
    return (Artifact) service.putNodes(List.of(artifact), PutOptions.DEFAULT).get(0);
  }

  protected Execution putExecution(Execution execution) {
    return (Execution) service.putNodes(List.of(execution), PutOptions.DEFAULT).get(0);
  }

  protected Context putContext(Context context) {
    return (Context) service.putNodes(List.of(context), PutOptions.DEFAULT).get(0);
  }

  protected static void assertError(ErrorCode code, String messagePart, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(PedigreeException.class, e -> {
      assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
      assertThat(e.getMessage()).contains(messagePart);
    });
  }

  private long total() {
    return service.countNodes(TypeKind.ARTIFACT) + service.countNodes(TypeKind.EXECUTION)
        + service.countNodes(TypeKind.CONTEXT);
  }

  // Types

  @Test
  void typeIsCreatedOnceAndFoundByName() {
    NodeType first = artifactType("Dataset", Map.of("rows", PropertyType.INT));
    NodeType again = artifactType("Dataset", Map.of("rows", PropertyType.INT));
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(service.type(TypeKind.ARTIFACT, "Dataset", null).properties())
        .containsExactly(Map.entry("rows", PropertyType.INT));
    assertError(ErrorCode.NOT_FOUND, "Model", () -> service.type(TypeKind.ARTIFACT, "Model", null));
    assertThat(service.findType(TypeKind.EXECUTION, "Dataset", null)).isEmpty();
  }

  @Test
  void typeVersionsAreDistinctTypes() {
    NodeType v1 = service.putType(new NodeType(null, TypeKind.ARTIFACT, "Model", "1", null, null, "MODEL",
        Map.of()), TypeEvolution.STRICT);
    NodeType v2 = service.putType(new NodeType(null, TypeKind.ARTIFACT, "Model", "2", null, null, "MODEL",
        Map.of("auc", PropertyType.DOUBLE)), TypeEvolution.STRICT);
    assertThat(v1.id()).isNotEqualTo(v2.id());
    assertThat(service.type(TypeKind.ARTIFACT, "Model", "2").baseType()).isEqualTo("MODEL");
    assertThat(service.listTypes(TypeKind.ARTIFACT)).hasSize(2);
  }

  @Test
  void typeEvolutionFollowsMlmdRules() {
    artifactType("Dataset", Map.of("rows", PropertyType.INT));
    assertError(ErrorCode.ALREADY_EXISTS, "can_add_fields",
        () -> artifactType("Dataset", Map.of("rows", PropertyType.INT, "cols", PropertyType.INT)));
    assertError(ErrorCode.ALREADY_EXISTS, "can_omit_fields", () -> artifactType("Dataset", Map.of()));
    assertError(ErrorCode.ALREADY_EXISTS, "different properties",
        () -> artifactType("Dataset", Map.of("rows", PropertyType.STRING)));

    NodeType evolved = service.putType(NodeType.of(TypeKind.ARTIFACT, "Dataset",
        Map.of("cols", PropertyType.INT)), TypeEvolution.ADD_AND_OMIT_FIELDS);
    assertThat(evolved.properties()).containsOnlyKeys("rows", "cols");
    assertThat(service.type(TypeKind.ARTIFACT, "Dataset", null).properties()).containsOnlyKeys("rows", "cols");
  }

  @Test
  void putTypesIsAllOrNothing() {
    artifactType("Dataset", Map.of("rows", PropertyType.INT));
    assertError(ErrorCode.ALREADY_EXISTS, "different properties", () -> service.putTypes(List.of(
        NodeType.of(TypeKind.ARTIFACT, "Fresh", Map.of()),
        NodeType.of(TypeKind.ARTIFACT, "Dataset", Map.of("rows", PropertyType.DOUBLE))), TypeEvolution.STRICT));
    assertThat(service.findType(TypeKind.ARTIFACT, "Fresh", null)).isEmpty();
  }

  // Nodes

  @Test
  void artifactRoundTripsEveryValueKind() {
    NodeType type = artifactType("Model", Map.of("epochs", PropertyType.INT, "auc", PropertyType.DOUBLE,
        "framework", PropertyType.STRING, "final", PropertyType.BOOLEAN, "config", PropertyType.STRUCT,
        "spec", PropertyType.PROTO));
    Artifact artifact = new Artifact(null, type.requireId(), null, "m1", "s3://bucket/m1", ArtifactState.LIVE,
        "ext-m1", Map.of("epochs", Value.of(10), "auc", Value.of(0.91), "framework", Value.of("torch"),
            "final", Value.of(true), "config", new Value.StructValue("{\"layers\":[1,2]}"),
            "spec", new Value.ProtoValue("type.googleapis.com/x.Y", new byte[] {1, 2, 3})),
        Map.of("owner", Value.of("ana"), "note", Value.of("späť ✓")), 0, 0);
    Artifact stored = putArtifact(artifact);
    assertThat(stored.id()).isPositive();
    assertThat(stored.createTimeMs()).isPositive().isEqualTo(stored.updateTimeMs());

    Artifact read = (Artifact) service.node(TypeKind.ARTIFACT, stored.requireId());
    assertThat(read).isEqualTo(stored);
    assertThat(read.typeName()).isEqualTo("Model");
    assertThat(read.properties()).isEqualTo(artifact.properties());
    assertThat(read.customProperties()).isEqualTo(artifact.customProperties());
  }

  @Test
  void updatingANodeFromItsStoredVersionWritesTheDifference() {
    NodeType type = artifactType("Model", Map.of("epochs", PropertyType.INT, "framework", PropertyType.STRING));
    Artifact stored = putArtifact(new Artifact(null, type.requireId(), null, "m1", "s3://bucket/m1",
        ArtifactState.PENDING, null, Map.of("epochs", Value.of(10), "framework", Value.of("torch")),
        Map.of("owner", Value.of("ana"), "config", new Value.StructValue("{\"a\":1}")), 0, 0));
    Artifact changed = stored.withState(ArtifactState.LIVE).withProperties(Map.of("epochs", Value.of(12)))
        .withCustomProperties(Map.of("owner", Value.of("ana"), "config", Value.of("now a string"),
            "note", Value.of(0.5)));
    long time = stored.updateTimeMs() + 1_000;
    Node returned = store.write(tx -> tx.updateNode(stored, changed, time));

    Artifact read = (Artifact) service.node(TypeKind.ARTIFACT, stored.requireId());
    assertThat(read).isEqualTo(returned);
    assertThat(read.properties()).isEqualTo(changed.properties());
    assertThat(read.customProperties()).isEqualTo(changed.customProperties());
    assertThat(read.createTimeMs()).isEqualTo(stored.createTimeMs());
    assertThat(read.updateTimeMs()).isEqualTo(time);
  }

  @Test
  void propertyOfTheWrongKindIsRejectedNamingTheProperty() {
    NodeType type = artifactType("Dataset", Map.of("rows", PropertyType.INT));
    assertError(ErrorCode.INVALID_ARGUMENT, "'rows'", () -> putArtifact(
        Artifact.of(type.requireId(), "d", "u").withProperties(Map.of("rows", Value.of("many")))));
    assertError(ErrorCode.INVALID_ARGUMENT, "unknown property 'cols'", () -> putArtifact(
        Artifact.of(type.requireId(), "d", "u").withProperties(Map.of("cols", Value.of(3)))));
    assertThat(service.countNodes(TypeKind.ARTIFACT)).isZero();
  }

  @Test
  void unknownTypeIsNotFoundAndMissingTypeIsInvalid() {
    assertError(ErrorCode.NOT_FOUND, "artifact type 999", () -> putArtifact(Artifact.of(999, "d", "u")));
    assertError(ErrorCode.INVALID_ARGUMENT, "type id is missing", () -> putArtifact(Artifact.of(0, "d", "u")));
  }

  @Test
  void namesAreUniqueWithinATypeOnly() {
    NodeType dataset = artifactType("Dataset", Map.of());
    NodeType model = artifactType("Model", Map.of());
    putArtifact(Artifact.of(dataset.requireId(), "x", "u1"));
    putArtifact(Artifact.of(model.requireId(), "x", "u2"));
    assertError(ErrorCode.ALREADY_EXISTS, "already exists", () -> putArtifact(Artifact.of(dataset.requireId(), "x", "u3")));
    assertThat(service.countNodes(TypeKind.ARTIFACT)).isEqualTo(2);
  }

  @Test
  void externalIdsAreUnique() {
    NodeType type = artifactType("Dataset", Map.of());
    putArtifact(Artifact.of(type.requireId(), "a", "u").withExternalId("ext"));
    assertError(ErrorCode.ALREADY_EXISTS, "already exists",
        () -> putArtifact(Artifact.of(type.requireId(), "b", "u").withExternalId("ext")));
    assertThat(service.nodesByExternalIds(TypeKind.ARTIFACT, List.of("ext", "nope"))).hasSize(1);
  }

  @Test
  void aFailedBatchStoresNothing() {
    NodeType type = artifactType("Dataset", Map.of("rows", PropertyType.INT));
    List<Artifact> batch = List.of(Artifact.of(type.requireId(), "ok", "u"),
        Artifact.of(type.requireId(), "bad", "u").withProperties(Map.of("rows", Value.of(1.5))));
    assertError(ErrorCode.INVALID_ARGUMENT, "rows", () -> service.putNodes(batch, PutOptions.DEFAULT));
    List<Artifact> duplicate = List.of(Artifact.of(type.requireId(), "same", "u"),
        Artifact.of(type.requireId(), "same", "u"));
    assertError(ErrorCode.ALREADY_EXISTS, "", () -> service.putNodes(duplicate, PutOptions.DEFAULT));
    assertThat(service.countNodes(TypeKind.ARTIFACT)).isZero();
  }

  @Test
  void updateReplacesTheNodeAndKeepsItsCreateTime() {
    NodeType type = artifactType("Dataset", Map.of("rows", PropertyType.INT));
    Artifact stored = putArtifact(Artifact.of(type.requireId(), "d", "u1")
        .withProperties(Map.of("rows", Value.of(5))).withCustomProperties(Map.of("tag", Value.of("x"))));
    Artifact update = Artifact.of(type.requireId(), "d", "u2").withId(stored.id()).withState(ArtifactState.LIVE);
    Artifact updated = putArtifact(update);
    assertThat(updated.id()).isEqualTo(stored.id());
    Artifact read = (Artifact) service.node(TypeKind.ARTIFACT, stored.requireId());
    assertThat(read.uri()).isEqualTo("u2");
    assertThat(read.state()).isEqualTo(ArtifactState.LIVE);
    assertThat(read.properties()).isEmpty();
    assertThat(read.customProperties()).isEmpty();
    assertThat(read.createTimeMs()).isEqualTo(stored.createTimeMs());
    assertThat(read.updateTimeMs()).isGreaterThan(stored.updateTimeMs());
  }

  @Test
  void updateMaskChangesOnlyTheNamedFields() {
    NodeType type = artifactType("Dataset", Map.of("rows", PropertyType.INT, "cols", PropertyType.INT));
    Artifact stored = putArtifact(Artifact.of(type.requireId(), "d", "u1")
        .withProperties(Map.of("rows", Value.of(5), "cols", Value.of(2)))
        .withCustomProperties(Map.of("a", Value.of("1"), "b", Value.of("2"))));
    Artifact request = Artifact.of(type.requireId(), "ignored", "u2").withId(stored.id())
        .withProperties(Map.of("rows", Value.of(7)))
        .withCustomProperties(Map.of("c", Value.of("3")));
    service.putNodes(List.of(request), new PutOptions(
        Set.of("uri", "properties.rows", "custom_properties.a", "custom_properties.c"), false));
    Artifact read = (Artifact) service.node(TypeKind.ARTIFACT, stored.requireId());
    assertThat(read.name()).isEqualTo("d");
    assertThat(read.uri()).isEqualTo("u2");
    assertThat(read.properties()).isEqualTo(Map.of("rows", Value.of(7), "cols", Value.of(2)));
    assertThat(read.customProperties()).isEqualTo(Map.of("b", Value.of("2"), "c", Value.of("3")));
    assertError(ErrorCode.INVALID_ARGUMENT, "last_known_state", () -> service.putNodes(List.of(request),
        new PutOptions(Set.of("last_known_state"), false)));
  }

  @Test
  void updatingAnUnknownIdIsInvalidArgument() {
    NodeType type = artifactType("Dataset", Map.of());
    assertError(ErrorCode.INVALID_ARGUMENT, "cannot find artifact with id 42",
        () -> putArtifact(Artifact.of(type.requireId(), "d", "u").withId(42L)));
  }

  @Test
  void optimisticConcurrencyRejectsAStaleUpdate() {
    NodeType type = artifactType("Dataset", Map.of());
    Artifact stored = putArtifact(Artifact.of(type.requireId(), "d", "u1"));
    PutOptions occ = new PutOptions(Set.of(), true);
    Artifact fresh = (Artifact) service.putNodes(List.of(new Artifact(stored.id(), stored.typeId(), null, "d", "u2",
        ArtifactState.LIVE, null, Map.of(), Map.of(), 0, stored.updateTimeMs())), occ).get(0);
    assertThat(fresh.updateTimeMs()).isGreaterThan(stored.updateTimeMs());
    assertError(ErrorCode.FAILED_PRECONDITION, "updated since", () -> service.putNodes(List.of(new Artifact(
        stored.id(), stored.typeId(), null, "d", "u3", ArtifactState.LIVE, null, Map.of(), Map.of(), 0,
        stored.updateTimeMs())), occ));
    assertThat(((Artifact) service.node(TypeKind.ARTIFACT, stored.requireId())).uri()).isEqualTo("u2");
  }

  @Test
  void contextsNeedANameAndAreFoundByTypeAndName() {
    NodeType type = contextType("Run");
    assertError(ErrorCode.INVALID_ARGUMENT, "name", () -> putContext(new Context(null, type.requireId(), null,
        "", null, Map.of(), Map.of(), 0, 0)));
    Context run = putContext(Context.of(type.requireId(), "run-1"));
    assertThat(service.nodeByTypeAndName(TypeKind.CONTEXT, "Run", null, "run-1")).contains(run);
    assertThat(service.nodeByTypeAndName(TypeKind.CONTEXT, "Run", null, "run-2")).isEmpty();
    assertThat(service.nodeByTypeAndName(TypeKind.CONTEXT, "Nope", null, "run-1")).isEmpty();
  }

  @Test
  void artifactsAreListedByUri() {
    NodeType type = artifactType("Dataset", Map.of());
    putArtifact(Artifact.of(type.requireId(), "a", "s3://x"));
    putArtifact(Artifact.of(type.requireId(), "b", "s3://y"));
    putArtifact(Artifact.of(type.requireId(), "c", "s3://x"));
    Page<Node> page = service.listNodes(new NodeListing(TypeKind.ARTIFACT, null, List.of("s3://x"), null),
        ListOptions.all());
    assertThat(page.items()).extracting(Node::name).containsExactly("a", "c");
  }

  // Listing

  @Test
  void listingPagesThroughEverythingOnceInOrder() {
    NodeType type = artifactType("Dataset", Map.of());
    List<Artifact> batch = new ArrayList<>();
    for (int i = 0; i < 45; i++) {
      batch.add(Artifact.of(type.requireId(), "a" + i, "u"));
    }
    service.putNodes(batch, PutOptions.DEFAULT);
    List<String> seen = new ArrayList<>();
    ListOptions options = new ListOptions(20, OrderBy.ID, false, null);
    int pages = 0;
    while (true) {
      Page<Node> page = service.listNodes(NodeListing.ofType(TypeKind.ARTIFACT, type.requireId()), options);
      pages++;
      page.items().forEach(n -> seen.add(n.name()));
      if (page.nextPageToken() == null) {
        break;
      }
      // Order given with a token loses against the token's own; the page size is the call's.
      options = new ListOptions(5, OrderBy.CREATE_TIME, true, page.nextPageToken());
    }
    assertThat(pages).isEqualTo(6);
    assertThat(seen).hasSize(45).doesNotHaveDuplicates();
    assertThat(seen.get(0)).isEqualTo("a44");
    assertThat(seen.get(44)).isEqualTo("a0");
  }

  @Test
  void listingByCreateTimeBreaksTiesById() {
    NodeType type = artifactType("Dataset", Map.of());
    List<Artifact> batch = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      batch.add(Artifact.of(type.requireId(), "a" + i, "u"));
    }
    service.putNodes(batch, PutOptions.DEFAULT);
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      Page<Node> page = service.listNodes(NodeListing.all(TypeKind.ARTIFACT),
          new ListOptions(2, OrderBy.CREATE_TIME, true, token));
      page.items().forEach(n -> seen.add(n.name()));
      token = page.nextPageToken();
    } while (token != null);
    assertThat(seen).containsExactly("a0", "a1", "a2", "a3", "a4", "a5", "a6");
  }

  @Test
  void badPageTokensAreInvalidArgument() {
    NodeType type = artifactType("Dataset", Map.of());
    service.putNodes(List.of(Artifact.of(type.requireId(), "a", "u"), Artifact.of(type.requireId(), "b", "u")),
        PutOptions.DEFAULT);
    assertError(ErrorCode.INVALID_ARGUMENT, "invalid page token", () -> service.listNodes(
        NodeListing.all(TypeKind.ARTIFACT), new ListOptions(1, OrderBy.ID, true, "not-a-token!")));
    String token = service.listNodes(NodeListing.all(TypeKind.ARTIFACT), ListOptions.firstPage(1)).nextPageToken();
    assertThat(token).isNotNull();
    assertError(ErrorCode.INVALID_ARGUMENT, "different listing", () -> service.listNodes(
        NodeListing.all(TypeKind.EXECUTION), new ListOptions(1, OrderBy.ID, true, token)));
  }

  // Edges

  @Test
  void eventsLinkStoredNodesOnceWithTheirPaths() {
    NodeType dataset = artifactType("Dataset", Map.of());
    Artifact artifact = putArtifact(Artifact.of(dataset.requireId(), "d", "u"));
    Execution execution = putExecution(Execution.of(executionType("Trainer").requireId(), null, ExecutionState.RUNNING));
    Event event = new Event(artifact.id(), execution.id(), EventType.INPUT,
        List.of(PathStep.key("examples"), PathStep.index(0), PathStep.key("q\"uote\n")), 0);
    service.putEvents(List.of(event));
    List<Event> byArtifact = service.eventsByArtifacts(List.of(artifact.requireId()));
    assertThat(byArtifact).hasSize(1);
    assertThat(byArtifact.get(0).path()).isEqualTo(event.path());
    assertThat(byArtifact.get(0).timeMs()).isPositive();
    assertThat(service.eventsByExecutions(List.of(execution.requireId()))).isEqualTo(byArtifact);

    assertError(ErrorCode.ALREADY_EXISTS, "", () -> service.putEvents(List.of(event)));
    assertError(ErrorCode.INVALID_ARGUMENT, "artifact [77] not found",
        () -> service.putEvents(List.of(Event.of(77, execution.requireId(), EventType.OUTPUT))));
    assertError(ErrorCode.INVALID_ARGUMENT, "artifacts [77, 78] not found", () -> service.putEvents(List.of(
        Event.of(78, execution.requireId(), EventType.OUTPUT),
        Event.of(artifact.requireId(), execution.requireId(), EventType.OUTPUT),
        Event.of(77, execution.requireId(), EventType.OUTPUT))));
  }

  @Test
  void contextLinksAreIdempotent() {
    Context run = putContext(Context.of(contextType("Run").requireId(), "r"));
    Artifact artifact = putArtifact(Artifact.of(artifactType("Dataset", Map.of()).requireId(), "d", "u"));
    Execution execution = putExecution(Execution.of(executionType("Trainer").requireId(), "e", ExecutionState.NEW));
    for (int i = 0; i < 2; i++) {
      service.putAttributionsAndAssociations(List.of(new Attribution(run.requireId(), artifact.requireId())),
          List.of(new Association(run.requireId(), execution.requireId())));
    }
    assertThat(service.listNodes(NodeListing.inContext(TypeKind.ARTIFACT, run.requireId()), ListOptions.all()).items())
        .containsExactly(artifact);
    assertThat(service.listNodes(NodeListing.inContext(TypeKind.EXECUTION, run.requireId()), ListOptions.all()).items())
        .containsExactly(execution);
    assertThat(service.contextsOf(TypeKind.ARTIFACT, artifact.requireId())).containsExactly(run);
    assertThat(service.contextsOf(TypeKind.EXECUTION, execution.requireId())).containsExactly(run);
    assertError(ErrorCode.INVALID_ARGUMENT, "context", () -> service.putAttributionsAndAssociations(
        List.of(new Attribution(999, artifact.requireId())), List.of()));
  }

  @Test
  void parentContextsRejectCyclesAndDuplicates() {
    long type = contextType("Pipeline").requireId();
    Context a = putContext(Context.of(type, "a"));
    Context b = putContext(Context.of(type, "b"));
    Context c = putContext(Context.of(type, "c"));
    service.putParentContexts(List.of(new ParentContext(b.requireId(), a.requireId()),
        new ParentContext(c.requireId(), b.requireId())));
    assertThat(service.parentContexts(c.requireId())).containsExactly(b);
    assertThat(service.childContexts(a.requireId())).containsExactly(b);
    assertError(ErrorCode.INVALID_ARGUMENT, "cycle",
        () -> service.putParentContexts(List.of(new ParentContext(a.requireId(), c.requireId()))));
    assertError(ErrorCode.ALREADY_EXISTS, "",
        () -> service.putParentContexts(List.of(new ParentContext(b.requireId(), a.requireId()))));
    assertError(ErrorCode.INVALID_ARGUMENT, "own parent",
        () -> service.putParentContexts(List.of(new ParentContext(a.requireId(), a.requireId()))));
  }

  // Atomic put-execution

  @Test
  void putExecutionWritesEverythingInOneGo() {
    NodeType dataset = artifactType("Dataset", Map.of());
    Artifact input = putArtifact(Artifact.of(dataset.requireId(), "in", "u-in"));
    long runType = contextType("Run").requireId();
    PutExecution request = new PutExecution(
        Execution.of(executionType("Trainer").requireId(), "train", ExecutionState.COMPLETE),
        List.of(new PutExecution.ArtifactAndEvent(null, new Event(input.id(), null, EventType.INPUT, List.of(), 0)),
            new PutExecution.ArtifactAndEvent(Artifact.of(dataset.requireId(), "out", "u-out"),
                new Event(null, null, EventType.OUTPUT, List.of(PathStep.key("model")), 0))),
        List.of(Context.of(runType, "run-1")), false, false);
    PutExecution.Result result = service.putExecution(request);
    assertThat(result.artifactIds()).hasSize(2).first().isEqualTo(input.id());
    assertThat(service.eventsByExecutions(List.of(result.executionId())))
        .extracting(Event::type).containsExactly(EventType.INPUT, EventType.OUTPUT);
    long context = result.contextIds().get(0);
    assertThat(service.listNodes(NodeListing.inContext(TypeKind.ARTIFACT, context), ListOptions.all()).items())
        .hasSize(2);
    assertThat(service.contextsOf(TypeKind.EXECUTION, result.executionId())).hasSize(1);

    assertError(ErrorCode.ALREADY_EXISTS, "", () -> service.putExecution(new PutExecution(
        Execution.of(request.execution().typeId(), "again", ExecutionState.NEW), List.of(),
        List.of(Context.of(runType, "run-1")), false, false)));
    PutExecution.Result reused = service.putExecution(new PutExecution(
        Execution.of(request.execution().typeId(), "again", ExecutionState.NEW), List.of(),
        List.of(Context.of(runType, "run-1")), true, false));
    assertThat(reused.contextIds()).containsExactly(context);
  }

  @Test
  void putExecutionIsAtomicWhenAnEventIsInvalid() {
    NodeType dataset = artifactType("Dataset", Map.of());
    long runType = contextType("Run").requireId();
    long before = total();
    assertError(ErrorCode.INVALID_ARGUMENT, "artifact", () -> service.putExecution(new PutExecution(
        Execution.of(executionType("Trainer").requireId(), "train", ExecutionState.COMPLETE),
        List.of(new PutExecution.ArtifactAndEvent(Artifact.of(dataset.requireId(), "out", "u"),
                new Event(null, null, EventType.OUTPUT, List.of(), 0)),
            new PutExecution.ArtifactAndEvent(null, new Event(12345L, null, EventType.INPUT, List.of(), 0))),
        List.of(Context.of(runType, "run-1")), false, false)));
    assertThat(total()).isEqualTo(before);
    assertThat(service.eventsByArtifacts(List.of(1L, 2L, 3L))).isEmpty();
  }

  @Test
  void putExecutionReusesArtifactsByExternalIdWhenAsked() {
    NodeType dataset = artifactType("Dataset", Map.of());
    Artifact existing = putArtifact(Artifact.of(dataset.requireId(), "d", "u").withExternalId("ds-1"));
    long trainer = executionType("Trainer").requireId();
    PutExecution.Result result = service.putExecution(new PutExecution(Execution.of(trainer, "t", ExecutionState.NEW),
        List.of(new PutExecution.ArtifactAndEvent(Artifact.of(dataset.requireId(), "d", "u2").withExternalId("ds-1"),
            new Event(null, null, EventType.INPUT, List.of(), 0))), List.of(), false, true));
    assertThat(result.artifactIds()).containsExactly(existing.id());
    assertThat(((Artifact) service.node(TypeKind.ARTIFACT, existing.requireId())).uri()).isEqualTo("u2");
  }

  // Concurrency

  @Test
  void racingCreatorsOfOneNameGetExactlyOneWinner() throws Exception {
    long type = artifactType("Dataset", Map.of()).requireId();
    int writers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Callable<String>> calls = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        calls.add(() -> {
          try {
            putArtifact(Artifact.of(type, "contested", "u"));
            return "ok";
          } catch (PedigreeException e) {
            return e.code().name();
          }
        });
      }
      List<String> outcomes = new ArrayList<>();
      for (Future<String> future : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
        outcomes.add(future.get());
      }
      assertThat(outcomes).containsOnlyOnce("ok");
      assertThat(outcomes).filteredOn(o -> !o.equals("ok")).containsOnly("ALREADY_EXISTS");
      assertThat(service.countNodes(TypeKind.ARTIFACT)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentMaskedUpdatesOfOneNodeLoseNothing() throws Exception {
    long type = artifactType("Dataset", Map.of()).requireId();
    Artifact stored = putArtifact(Artifact.of(type, "d", "u"));
    int writers = 12;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> calls = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String key = "k" + i;
        calls.add(() -> {
          service.putNodes(List.of(Artifact.of(type, "d", "u").withId(stored.id())
              .withCustomProperties(Map.of(key, Value.of(1)))), new PutOptions(Set.of("custom_properties." + key), false));
          return null;
        });
      }
      for (Future<Void> future : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(service.node(TypeKind.ARTIFACT, stored.requireId()).customProperties()).hasSize(writers);
  }

  // ---------------------------------------------------------------------------------------------
  // filter_query in listings, lineage walks, PutLineageSubgraph, batch context reads
  // ---------------------------------------------------------------------------------------------

  @Test
  void listingFiltersByACustomPropertyAndTheFirstPageFilterWins() {
    long type = executionType("Step").requireId();
    List<Execution> batch = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      batch.add(Execution.of(type, "e" + i, ExecutionState.RUNNING)
          .withCustomProperties(Map.of("parent_dag_id", Value.of(i % 3))));
    }
    service.putNodes(batch, PutOptions.DEFAULT);
    List<String> seen = new ArrayList<>();
    ListOptions options = new ListOptions(2, OrderBy.ID, true, null,
        "custom_properties.parent_dag_id.int_value = 1");
    while (true) {
      Page<Node> page = service.listNodes(NodeListing.all(TypeKind.EXECUTION), options);
      page.items().forEach(n -> seen.add(n.name()));
      if (page.nextPageToken() == null) {
        break;
      }
      // A different filter given with the token loses against the token's own.
      options = new ListOptions(2, OrderBy.ID, true, page.nextPageToken(), "name = 'e0'");
    }
    assertThat(seen).containsExactly("e1", "e4", "e7");
  }

  @Test
  void listingFiltersByAttributesAndContextNeighbours() {
    NodeType dataset = artifactType("Dataset", Map.of("rows", PropertyType.INT));
    long run = contextType("Run").requireId();
    Context r1 = putContext(Context.of(run, "run-1"));
    Artifact a = putArtifact(Artifact.of(dataset.requireId(), "a", "s3://a").withState(ArtifactState.LIVE)
        .withProperties(Map.of("rows", Value.of(10))));
    Artifact b = putArtifact(Artifact.of(dataset.requireId(), "b", "s3://b")
        .withProperties(Map.of("rows", Value.of(20))));
    service.putAttributionsAndAssociations(List.of(new Attribution(r1.requireId(), b.requireId())), List.of());
    NodeListing all = NodeListing.all(TypeKind.ARTIFACT);
    assertThat(service.listNodes(all, ListOptions.all().withFilter("state = LIVE")).items())
        .extracting(Node::name).containsExactly("a");
    assertThat(service.listNodes(all, ListOptions.all().withFilter("properties.rows.int_value > 15")).items())
        .extracting(Node::name).containsExactly("b");
    assertThat(service.listNodes(all, ListOptions.all().withFilter("contexts_c.name = 'run-1'")).items())
        .extracting(Node::name).containsExactly("b");
    assertThat(service.listNodes(all, ListOptions.all().withFilter("type = 'Dataset' AND uri LIKE 's3://%'"))
        .items()).hasSize(2);
    assertThat(a.id()).isNotNull();
  }

  @Test
  void malformedFilterIsInvalidArgumentWithItsPosition() {
    artifactType("Dataset", Map.of());
    assertError(ErrorCode.INVALID_ARGUMENT, "position", () -> service.listNodes(NodeListing.all(TypeKind.ARTIFACT),
        ListOptions.all().withFilter("name = = 'x'")));
    assertError(ErrorCode.INVALID_ARGUMENT, "", () -> service.listNodes(NodeListing.all(TypeKind.CONTEXT),
        ListOptions.all().withFilter("uri = 'x'")));
  }

  /** d0 -> train -> model -> eval -> report; returns the nodes by name. */
  private Map<String, Long> chain() {
    long data = artifactType("Data", Map.of()).requireId();
    long step = executionType("Step").requireId();
    long run = contextType("Run").requireId();
    PutLineageSubgraph.Result result = service.putLineageSubgraph(new PutLineageSubgraph(
        List.of(Execution.of(step, "train", ExecutionState.COMPLETE), Execution.of(step, "eval", ExecutionState.COMPLETE)),
        List.of(Artifact.of(data, "d0", "u0"), Artifact.of(data, "model", "u1"), Artifact.of(data, "report", "u2")),
        List.of(Context.of(run, "r")),
        List.of(edge(0, 0, EventType.INPUT), edge(0, 1, EventType.OUTPUT), edge(1, 1, EventType.INPUT),
            edge(1, 2, EventType.OUTPUT)),
        false, false));
    return Map.of("train", result.executionIds().get(0), "eval", result.executionIds().get(1),
        "d0", result.artifactIds().get(0), "model", result.artifactIds().get(1),
        "report", result.artifactIds().get(2), "r", result.contextIds().get(0));
  }

  private static PutLineageSubgraph.EventEdge edge(int execution, int artifact, EventType type) {
    return new PutLineageSubgraph.EventEdge(execution, artifact, new Event(null, null, type, List.of(), 0));
  }

  @Test
  void putLineageSubgraphLinksEverythingToEveryContext() {
    Map<String, Long> ids = chain();
    assertThat(service.eventsByExecutions(List.of(ids.get("train")))).hasSize(2);
    assertThat(service.listNodes(NodeListing.inContext(TypeKind.ARTIFACT, ids.get("r")), ListOptions.all()).items())
        .hasSize(3);
    assertThat(service.listNodes(NodeListing.inContext(TypeKind.EXECUTION, ids.get("r")), ListOptions.all()).items())
        .hasSize(2);
  }

  @Test
  void putLineageSubgraphIsAtomicAndChecksIndexes() {
    long data = artifactType("Data", Map.of()).requireId();
    long step = executionType("Step").requireId();
    assertError(ErrorCode.OUT_OF_RANGE, "artifact_index", () -> service.putLineageSubgraph(new PutLineageSubgraph(
        List.of(Execution.of(step, "e", ExecutionState.NEW)), List.of(Artifact.of(data, "a", "u")), List.of(),
        List.of(edge(0, 1, EventType.INPUT)), false, false)));
    assertError(ErrorCode.INVALID_ARGUMENT, "event", () -> service.putLineageSubgraph(new PutLineageSubgraph(
        List.of(Execution.of(step, "e", ExecutionState.NEW)), List.of(Artifact.of(data, "a", "u")), List.of(),
        List.of(new PutLineageSubgraph.EventEdge(0, 0, null)), false, false)));
    assertThat(total()).isZero();
  }

  @Test
  void lineageWalksInTheAskedDirectionWithinMaxHops() {
    Map<String, Long> ids = chain();
    LineageGraph down = service.lineage(new LineageQuery(TypeKind.ARTIFACT, "name = 'd0'", 2,
        LineageQuery.Direction.DOWNSTREAM, null, null, null, null, 0));
    assertThat(down.artifacts()).extracting(Node::name).containsExactly("d0", "model");
    assertThat(down.executions()).extracting(Node::name).containsExactly("train");
    assertThat(down.events()).hasSize(2);
    assertThat(down.contexts()).extracting(Node::name).containsExactly("r");
    LineageGraph up = service.lineage(new LineageQuery(TypeKind.ARTIFACT, "name = 'd0'", 10,
        LineageQuery.Direction.UPSTREAM, null, null, null, null, 0));
    assertThat(up.artifacts()).extracting(Node::name).containsExactly("d0");
    LineageGraph stopped = service.lineage(new LineageQuery(TypeKind.EXECUTION, "name = 'eval'", 10,
        LineageQuery.Direction.BOTH, null, null, new LineageQuery.Ending("name = 'model'", false), null, 0));
    assertThat(stopped.artifacts()).extracting(Node::name).containsExactly("report");
    LineageGraph kept = service.lineage(new LineageQuery(TypeKind.ARTIFACT, "name = 'report'", 10,
        LineageQuery.Direction.BOTH, "name != 'd0'", null, null, null, 0));
    assertThat(kept.artifacts()).extracting(Node::name).containsExactly("model", "report");
    assertThat(kept.executions()).hasSize(2);
    assertThat(ids).hasSize(6);
  }

  @Test
  void parentAndChildContextsAreReadInBatches() {
    long run = contextType("Run").requireId();
    Context a = putContext(Context.of(run, "a"));
    Context b = putContext(Context.of(run, "b"));
    Context c = putContext(Context.of(run, "c"));
    service.putParentContexts(List.of(new ParentContext(b.requireId(), a.requireId()),
        new ParentContext(c.requireId(), a.requireId())));
    assertThat(service.childContexts(List.of(a.requireId(), b.requireId())).get(a.requireId()))
        .extracting(Node::name).containsExactly("b", "c");
    assertThat(service.parentContexts(List.of(b.requireId(), c.requireId())).get(c.requireId()))
        .extracting(Node::name).containsExactly("a");
  }

  // Concurrency across databases (added with the PostgreSQL store): behaviour every database must
  // show when several writers or replicas race.

  @Test
  void racingCreatorsOfOneTypeAllGetTheSameType() throws Exception {
    int writers = 12;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      // Warm up: every thread holds a live connection before the race, so the race is not won by
      // whoever got a connection first.
      List<Callable<Object>> warmUps = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String name = "Warm" + i;
        warmUps.add(() -> service.putType(NodeType.of(TypeKind.EXECUTION, name, Map.of()), TypeEvolution.STRICT));
      }
      for (Future<Object> future : pool.invokeAll(warmUps, 60, TimeUnit.SECONDS)) {
        future.get();
      }
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
      List<Callable<Object>> calls = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        calls.add(() -> {
          start.await(30, TimeUnit.SECONDS);
          try {
            return service.putType(NodeType.of(TypeKind.ARTIFACT, "Racy", Map.of("rows", PropertyType.INT)),
                TypeEvolution.STRICT).requireId();
          } catch (PedigreeException e) {
            return e.code();
          }
        });
      }
      List<Object> outcomes = new ArrayList<>();
      for (Future<Object> future : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
        outcomes.add(future.get());
      }
      long id = service.type(TypeKind.ARTIFACT, "Racy", null).requireId();
      assertThat(outcomes).containsOnly(id);
      assertThat(service.listTypes(TypeKind.ARTIFACT)).hasSize(1);
      assertThat(service.type(TypeKind.ARTIFACT, "Racy", null).properties()).containsOnlyKeys("rows");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentPutExecutionsIntoOneContextKeepEveryLink() throws Exception {
    long dataset = artifactType("Dataset", Map.of()).requireId();
    long trainer = executionType("Trainer").requireId();
    long runType = contextType("Run").requireId();
    Context run = putContext(Context.of(runType, "shared-run"));
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<PutExecution.Result>> calls = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String name = "e" + i;
        calls.add(() -> service.putExecution(new PutExecution(Execution.of(trainer, name, ExecutionState.COMPLETE),
            List.of(new PutExecution.ArtifactAndEvent(Artifact.of(dataset, name + "-out", "u"),
                new Event(null, null, EventType.OUTPUT, List.of(), 0))),
            List.of(Context.of(runType, "shared-run")), true, false)));
      }
      for (Future<PutExecution.Result> future : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
        assertThat(future.get().contextIds()).containsExactly(run.id());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(service.listNodes(NodeListing.inContext(TypeKind.EXECUTION, run.requireId()), ListOptions.all())
        .items()).hasSize(writers);
    assertThat(service.listNodes(NodeListing.inContext(TypeKind.ARTIFACT, run.requireId()), ListOptions.all())
        .items()).hasSize(writers);
  }
}
