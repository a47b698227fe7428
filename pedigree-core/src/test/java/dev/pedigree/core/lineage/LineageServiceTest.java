package dev.pedigree.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.core.metadata.MetadataService;
import dev.pedigree.core.metadata.PutOptions;
import dev.pedigree.core.metadata.TypeEvolution;
import dev.pedigree.model.Artifact;
import dev.pedigree.model.Association;
import dev.pedigree.model.Attribution;
import dev.pedigree.model.Context;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.Event;
import dev.pedigree.model.EventType;
import dev.pedigree.model.Execution;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.NodeRef;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.jdbc.JdbcLineageStore;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import dev.pedigree.store.lineage.LineageStore.TimeRange;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageServiceTest {
  @TempDir Path dir;
  MetadataStore store;
  MetadataService metadata;
  LineageService lineage;
  long dataset;
  long model;
  long train;
  long job;

  @BeforeEach
  void open() {
    store = openStore(dir);
    metadata = new MetadataService(store, Clock.systemUTC());
    lineage = new LineageService(store, new JdbcLineageStore(), new LineageSettings(20, 200, 1000, 5000),
        AliasLookup.NONE);
    dataset = metadata.putType(NodeType.of(TypeKind.ARTIFACT, "Dataset", Map.of()), TypeEvolution.STRICT).requireId();
    model = metadata.putType(NodeType.of(TypeKind.ARTIFACT, "Model", Map.of()), TypeEvolution.STRICT).requireId();
    train = metadata.putType(NodeType.of(TypeKind.EXECUTION, "Train", Map.of()), TypeEvolution.STRICT).requireId();
    job = metadata.putType(NodeType.of(TypeKind.CONTEXT, "Pipeline", Map.of()), TypeEvolution.STRICT).requireId();
  }

  MetadataStore openStore(Path dir) {
    return SqliteMetadataStore.open(dir.resolve("pedigree.db"), SqliteOptions.defaults());
  }

  @AfterEach
  void close() {
    store.close();
  }

  long artifact(long type, String name) {
    return metadata.putNodes(List.of(Artifact.of(type, name, "file:/" + name)), PutOptions.DEFAULT).get(0).requireId();
  }

  long execution(String name) {
    return metadata.putNodes(List.of(Execution.of(train, name, ExecutionState.COMPLETE)), PutOptions.DEFAULT)
        .get(0).requireId();
  }

  /** An execution reading {@code inputs} and writing {@code outputs}. */
  long step(String name, List<Long> inputs, List<Long> outputs) {
    long execution = execution(name);
    List<Event> events = new ArrayList<>();
    inputs.forEach(input -> events.add(Event.of(input, execution, EventType.INPUT)));
    outputs.forEach(output -> events.add(Event.of(output, execution, EventType.OUTPUT)));
    metadata.putEvents(events);
    return execution;
  }

  static NodeRef a(long id) {
    return new NodeRef(TypeKind.ARTIFACT, id);
  }

  static NodeRef e(long id) {
    return new NodeRef(TypeKind.EXECUTION, id);
  }

  static List<NodeRef> refs(LineageResult result) {
    return result.nodes().stream().map(LineageNode::ref).toList();
  }

  @Test
  void upstreamFollowsProducersAndTheirInputsOnly() {
    long raw = artifact(dataset, "raw");
    long clean = artifact(dataset, "clean");
    long other = artifact(dataset, "other");
    long m = artifact(model, "model");
    long prep = step("prep", List.of(raw), List.of(clean));
    long fit = step("fit", List.of(clean), List.of(m));
    long sideways = step("sideways", List.of(clean), List.of(other));

    LineageResult up = lineage.lineage(LineageQuery.of(a(m), Direction.UPSTREAM, 10));
    assertThat(refs(up)).containsExactly(a(m), e(fit), a(clean), e(prep), a(raw));
    assertThat(up.nodes()).extracting(LineageNode::hops).containsExactly(0, 1, 2, 3, 4);
    assertThat(up.edges()).hasSize(4).allSatisfy(edge -> assertThat(edge.type()).isIn(EventType.INPUT, EventType.OUTPUT));
    assertThat(refs(up)).doesNotContain(e(sideways), a(other));
    assertThat(up.truncated()).isFalse();

    LineageResult down = lineage.lineage(LineageQuery.of(a(raw), Direction.DOWNSTREAM, 10));
    assertThat(refs(down)).containsExactlyInAnyOrder(a(raw), e(prep), a(clean), e(fit), e(sideways), a(m), a(other));

    LineageResult both = lineage.lineage(LineageQuery.of(a(clean), Direction.BOTH, 10));
    assertThat(refs(both)).containsExactlyInAnyOrder(a(clean), e(prep), a(raw), e(fit), a(m), e(sideways), a(other));
  }

  @Test
  void depthLimitsHopsAndArtifactsAreExactVersions() {
    long v1 = artifact(dataset, "churn-v1");
    long v2 = artifact(dataset, "churn-v2");
    long m1 = artifact(model, "m1");
    long m2 = artifact(model, "m2");
    step("fit1", List.of(v1), List.of(m1));
    step("fit2", List.of(v2), List.of(m2));

    LineageResult up = lineage.lineage(LineageQuery.of(a(m2), Direction.UPSTREAM, 2));
    assertThat(refs(up)).contains(a(v2)).doesNotContain(a(v1));
    assertThat(lineage.lineage(LineageQuery.of(a(m2), Direction.UPSTREAM, 1)).nodes()).hasSize(2);
    assertThat(lineage.lineage(LineageQuery.of(a(m2), Direction.UPSTREAM, 0)).nodes()).hasSize(1);
  }

  @Test
  void cyclesEndAndEveryNodeAppearsOnce() {
    long x = artifact(dataset, "x");
    long y = artifact(dataset, "y");
    step("x-to-y", List.of(x), List.of(y));
    step("y-to-x", List.of(y), List.of(x));

    LineageResult result = lineage.lineage(LineageQuery.of(a(x), Direction.BOTH, 200));
    assertThat(result.nodes()).hasSize(4);
    assertThat(result.edges()).hasSize(4);
    assertThat(refs(result)).doesNotHaveDuplicates();
  }

  @Test
  void deepWalksKeepShortestHopsBoundariesAndCapsBeyondOneRead() {
    // A chain a0 -> e0 -> a1 -> ... -> a12 with a shortcut from a0 straight to a5: longer than the
    // hops one statement reads, with paths of different lengths meeting again.
    List<Long> chain = new ArrayList<>();
    for (int i = 0; i <= 12; i++) {
      chain.add(artifact(dataset, "a" + i));
    }
    List<Long> steps = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      steps.add(step("e" + i, List.of(chain.get(i)), List.of(chain.get(i + 1))));
    }
    long shortcut = step("shortcut", List.of(chain.get(0)), List.of(chain.get(5)));
    LineageQuery down = LineageQuery.of(a(chain.get(0)), Direction.DOWNSTREAM, 40);

    LineageResult all = lineage.lineage(down);
    assertThat(all.totalNodes()).isEqualTo(26);
    assertThat(all.edges()).hasSize(26);
    assertThat(all.nodes()).filteredOn(node -> node.ref().equals(a(chain.get(12)))).extracting(LineageNode::hops)
        .containsExactly(16);
    assertThat(all.nodes()).filteredOn(node -> node.ref().equals(e(steps.get(4)))).extracting(LineageNode::hops)
        .containsExactly(9);

    LineageResult bounded = lineage.lineage(down.withBoundary(Set.of(a(chain.get(7)))));
    assertThat(refs(bounded)).hasSize(16).contains(a(chain.get(7)), e(steps.get(4)))
        .doesNotContain(e(steps.get(7)), a(chain.get(8)));

    assertThat(lineage.lineage(LineageQuery.of(a(chain.get(0)), Direction.DOWNSTREAM, 9)).totalNodes()).isEqualTo(19);

    LineageResult capped = lineage.lineage(down.withMaxNodes(12));
    assertThat(capped.truncated()).isTrue();
    assertThat(capped.nodes()).hasSize(12).extracting(LineageNode::hops).containsOnly(0, 1, 2, 3, 4, 5, 6);

    PathResult path = lineage.paths(a(chain.get(0)), a(chain.get(12)), null);
    assertThat(path.paths()).singleElement().satisfies(nodes -> assertThat(nodes).hasSize(17).contains(e(shortcut)));
  }

  @Test
  void resultCapSetsTruncatedAndPagesCoverEverythingOnce() {
    long source = artifact(dataset, "source");
    List<Long> outputs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      outputs.add(artifact(dataset, "out" + i));
    }
    step("fan-out", List.of(source), outputs);

    LineageResult capped = lineage.lineage(LineageQuery.of(a(source), Direction.DOWNSTREAM, 5).withMaxNodes(10));
    assertThat(capped.truncated()).isTrue();
    assertThat(capped.nodes()).hasSize(10);

    LineageQuery all = LineageQuery.of(a(source), Direction.DOWNSTREAM, 5).withPage(7, null);
    List<NodeRef> seen = new ArrayList<>();
    int edges = 0;
    String token = null;
    do {
      LineageResult page = lineage.lineage(all.withPage(7, token));
      assertThat(page.totalNodes()).isEqualTo(32);
      seen.addAll(refs(page));
      edges += page.edges().size();
      token = page.nextPageToken();
    } while (token != null);
    assertThat(seen).hasSize(32).doesNotHaveDuplicates();
    assertThat(edges).isEqualTo(31);
  }

  @Test
  void boundaryNodesAreReturnedButNotExpanded() {
    long raw = artifact(dataset, "raw");
    long clean = artifact(dataset, "clean");
    long m = artifact(model, "m");
    long prep = step("prep", List.of(raw), List.of(clean));
    step("fit", List.of(clean), List.of(m));

    LineageResult result = lineage.lineage(LineageQuery.of(a(m), Direction.UPSTREAM, 10).withBoundary(Set.of(a(clean))));
    assertThat(refs(result)).contains(a(clean)).doesNotContain(e(prep), a(raw));
    assertThat(result.nodes()).filteredOn(LineageNode::boundary).extracting(LineageNode::ref).containsExactly(a(clean));
  }

  @Test
  void filtersOnTypesEventsTimeAndContexts() {
    long raw = artifact(dataset, "raw");
    long clean = artifact(dataset, "clean");
    long m = artifact(model, "m");
    long prep = step("prep", List.of(raw), List.of(clean));
    long fit = step("fit", List.of(clean), List.of(m));

    LineageQuery base = LineageQuery.of(a(raw), Direction.DOWNSTREAM, 10);
    LineageResult models = lineage.lineage(base.withFilters(Set.of("Model"), Set.of(), TimeRange.ALL, Set.of()));
    assertThat(refs(models)).containsExactly(a(raw), a(m));

    LineageResult inputsOnly = lineage.lineage(base.withFilters(Set.of(), Set.of(EventType.INPUT), TimeRange.ALL, Set.of()));
    assertThat(refs(inputsOnly)).containsExactly(a(raw), e(prep));

    LineageResult future = lineage.lineage(base.withFilters(Set.of(), Set.of(),
        new TimeRange(System.currentTimeMillis() + 60_000, null), Set.of()));
    assertThat(refs(future)).containsExactly(a(raw));

    long pipeline = metadata.putNodes(List.of(Context.of(job, "p1")), PutOptions.DEFAULT).get(0).requireId();
    metadata.putAttributionsAndAssociations(List.of(new Attribution(pipeline, raw), new Attribution(pipeline, clean)),
        List.of(new Association(pipeline, prep)));
    LineageResult inPipeline = lineage.lineage(base.withFilters(Set.of(), Set.of(), TimeRange.ALL, Set.of(pipeline)));
    assertThat(refs(inPipeline)).containsExactly(a(raw), e(prep), a(clean)).doesNotContain(e(fit));

    LineageResult fromContext = lineage.lineage(LineageQuery.of(new NodeRef(TypeKind.CONTEXT, pipeline),
        Direction.DOWNSTREAM, 10));
    assertThat(refs(fromContext)).contains(new NodeRef(TypeKind.CONTEXT, pipeline), a(m), e(fit));
  }

  @Test
  void unknownStartIsNotFoundAndDepthAboveTheCapNamesTheCap() {
    assertThatThrownBy(() -> lineage.lineage(LineageQuery.of(a(999), Direction.UPSTREAM, 3)))
        .isInstanceOfSatisfying(PedigreeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessageContaining("artifact:999");
    long raw = artifact(dataset, "raw");
    assertThatThrownBy(() -> lineage.lineage(LineageQuery.of(a(raw), Direction.UPSTREAM, 201)))
        .isInstanceOfSatisfying(PedigreeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("200");
  }

  @Test
  void shortestPathsInEitherDirection() {
    long raw = artifact(dataset, "raw");
    long left = artifact(dataset, "left");
    long right = artifact(dataset, "right");
    long m = artifact(model, "m");
    long split = step("split", List.of(raw), List.of(left, right));
    long fit = step("fit", List.of(left, right), List.of(m));
    long longer = artifact(dataset, "longer");
    step("detour", List.of(left), List.of(longer));
    step("fit-again", List.of(longer), List.of(m));

    PathResult down = lineage.paths(a(raw), a(m), null);
    assertThat(down.direction()).isEqualTo(Direction.DOWNSTREAM);
    assertThat(down.paths()).containsExactlyInAnyOrder(
        List.of(a(raw), e(split), a(left), e(fit), a(m)),
        List.of(a(raw), e(split), a(right), e(fit), a(m)));
    assertThat(down.edges()).hasSize(6);

    PathResult up = lineage.paths(a(m), a(raw), null);
    assertThat(up.direction()).isEqualTo(Direction.UPSTREAM);
    assertThat(up.paths()).hasSize(2).allSatisfy(path -> assertThat(path).startsWith(a(m)).endsWith(a(raw)));

    long unrelated = artifact(dataset, "unrelated");
    assertThat(lineage.paths(a(raw), a(unrelated), null).paths()).isEmpty();
  }

  @Test
  void impactGroupsEverythingDownstreamByKindAndType() {
    long raw = artifact(dataset, "raw");
    long clean = artifact(dataset, "clean");
    long m = artifact(model, "m");
    step("prep", List.of(raw), List.of(clean));
    step("fit", List.of(clean), List.of(m));

    ImpactResult impact = lineage.impact(List.of(a(raw)), null, null);
    assertThat(impact.total()).isEqualTo(4);
    assertThat(impact.groups()).extracting(g -> g.kind() + "/" + g.typeName())
        .containsExactly("ARTIFACT/Dataset", "ARTIFACT/Model", "EXECUTION/Train");
    assertThat(impact.groups().get(1).nodes()).extracting(LineageNode::ref).containsExactly(a(m));
    assertThat(impact.aliases()).isEmpty();
  }

  @Test
  void impactAsksTheAliasLookupAboutAffectedVersions() {
    long raw = artifact(dataset, "raw");
    long m = artifact(model, "m");
    step("fit", List.of(raw), List.of(m));
    LineageService withAliases = new LineageService(store, new JdbcLineageStore(), LineageSettings.DEFAULTS,
        ids -> ids.contains(m) ? List.of(new ImpactResult.AffectedAlias("models/churn", "production", m)) : List.of());
    assertThat(withAliases.impact(List.of(a(raw)), null, null).aliases())
        .containsExactly(new ImpactResult.AffectedAlias("models/churn", "production", m));
  }
}
