package dev.pedigree.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.model.Artifact;
import dev.pedigree.model.Event;
import dev.pedigree.model.EventType;
import dev.pedigree.model.Execution;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeRef;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.lineage.LineageStore.Edge;
import dev.pedigree.store.lineage.LineageStore.TimeRange;
import dev.pedigree.store.lineage.LineageStore.WalkPlan;
import dev.pedigree.store.testing.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL reads a whole walk's edges in one call, hop by hop. The graph, downstream from a0: a0 →
 * e0 → {a1, a2}; a1 → e1 → a0 (a cycle); a2 → e2 → a3.
 */
class LineageWalkPostgresTest {
  private static final Set<EventType> INPUTS = Set.of(EventType.INPUT);
  private static final Set<EventType> OUTPUTS = Set.of(EventType.OUTPUT);

  private final JdbcLineageStore lineage = new JdbcLineageStore();
  private MetadataStore store;
  private long[] a;
  private long[] e;

  @BeforeEach
  void open() {
    TestPostgres postgres = TestPostgres.shared();
    store = PostgresMetadataStore.open(postgres.jdbcUrl(postgres.createDatabase()), null, null,
        PostgresOptions.defaults().withPools(2, 2));
    store.write(tx -> {
      long artifactType = tx.insertType(NodeType.of(TypeKind.ARTIFACT, "Dataset", Map.of())).requireId();
      long executionType = tx.insertType(NodeType.of(TypeKind.EXECUTION, "Step", Map.of())).requireId();
      a = tx.insertNodes(List.of(Artifact.of(artifactType, "a0", null), Artifact.of(artifactType, "a1", null),
          Artifact.of(artifactType, "a2", null), Artifact.of(artifactType, "a3", null)), 1L)
          .stream().mapToLong(Node::requireId).toArray();
      e = tx.insertNodes(List.of(Execution.of(executionType, "e0", ExecutionState.COMPLETE),
          Execution.of(executionType, "e1", ExecutionState.COMPLETE),
          Execution.of(executionType, "e2", ExecutionState.COMPLETE)), 1L)
          .stream().mapToLong(Node::requireId).toArray();
      tx.insertEvents(List.of(input(0, 0, 10), output(1, 0, 20), output(2, 0, 30), input(1, 1, 40),
          output(0, 1, 50), input(2, 2, 60), output(3, 2, 70)), 1L);
      return null;
    });
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void returnsEachHopsEventsUntilTheFrontierRunsDry() {
    assertThat(walk(Set.of(), TimeRange.ALL, 100, 100, null)).containsExactly(
        Set.of(edge(0, 0, EventType.INPUT, 10)),
        Set.of(edge(1, 0, EventType.OUTPUT, 20), edge(2, 0, EventType.OUTPUT, 30)),
        Set.of(edge(1, 1, EventType.INPUT, 40), edge(2, 2, EventType.INPUT, 60)),
        // a0 is reached again through the cycle and not walked a second time; a3 has no consumers.
        Set.of(edge(0, 1, EventType.OUTPUT, 50), edge(3, 2, EventType.OUTPUT, 70)));
    assertThat(walk(Set.of(), TimeRange.ALL, 2, 100, null)).hasSize(2);
  }

  @Test
  void boundaryNodesAndTheTimeWindowLimitWhatIsWalked() {
    assertThat(walk(Set.of(new NodeRef(TypeKind.ARTIFACT, a[1])), TimeRange.ALL, 100, 100, null)).containsExactly(
        Set.of(edge(0, 0, EventType.INPUT, 10)),
        Set.of(edge(1, 0, EventType.OUTPUT, 20), edge(2, 0, EventType.OUTPUT, 30)),
        Set.of(edge(2, 2, EventType.INPUT, 60)),
        Set.of(edge(3, 2, EventType.OUTPUT, 70)));
    assertThat(walk(Set.of(), new TimeRange(null, 45L), 100, 100, null)).containsExactly(
        Set.of(edge(0, 0, EventType.INPUT, 10)),
        Set.of(edge(1, 0, EventType.OUTPUT, 20), edge(2, 0, EventType.OUTPUT, 30)),
        Set.of(edge(1, 1, EventType.INPUT, 40)));
  }

  @Test
  void stopsOneHopAfterTheCapAndAtTheStopNode() {
    // 4 nodes reached after hop 2 (cap 3): hop 3 is the last, with the events of all nodes reached.
    assertThat(walk(Set.of(), TimeRange.ALL, 100, 3, null)).hasSize(3).last()
        .isEqualTo(Set.of(edge(1, 1, EventType.INPUT, 40), edge(2, 2, EventType.INPUT, 60)));
    assertThat(walk(Set.of(), TimeRange.ALL, 100, 100, new NodeRef(TypeKind.ARTIFACT, a[1]))).hasSize(2);
    // Reached beyond the cap: the caller may not have kept it, so the walk goes on one more hop.
    assertThat(walk(Set.of(), TimeRange.ALL, 100, 3, new NodeRef(TypeKind.ARTIFACT, a[1]))).hasSize(3);
  }

  @Test
  void sqliteWalksHopByHop(@TempDir Path dir) {
    try (MetadataStore sqlite = SqliteMetadataStore.open(dir.resolve("p.db"), SqliteOptions.defaults())) {
      Optional<List<List<Edge>>> hops = sqlite.read(tx -> lineage.edgesByHop(tx, plan(Set.of(), TimeRange.ALL, 5,
          5, null)));
      assertThat(hops).isEmpty();
    }
  }

  private List<Set<Edge>> walk(Set<NodeRef> boundary, TimeRange range, int maxHops, int maxNodes,
      @Nullable NodeRef stopAt) {
    List<List<Edge>> hops = store.read(tx -> lineage.edgesByHop(tx, plan(boundary, range, maxHops, maxNodes, stopAt)))
        .orElseThrow();
    return hops.stream().map(Set::copyOf).toList();
  }

  private WalkPlan plan(Set<NodeRef> boundary, TimeRange range, int maxHops, int maxNodes, @Nullable NodeRef stopAt) {
    return new WalkPlan(Set.of(new NodeRef(TypeKind.ARTIFACT, a[0])), INPUTS, OUTPUTS, range, boundary, maxHops,
        maxNodes, stopAt);
  }

  private Event input(int artifact, int execution, long timeMs) {
    return Event.of(a[artifact], e[execution], EventType.INPUT).withTime(timeMs);
  }

  private Event output(int artifact, int execution, long timeMs) {
    return Event.of(a[artifact], e[execution], EventType.OUTPUT).withTime(timeMs);
  }

  private Edge edge(int artifact, int execution, EventType type, long timeMs) {
    return new Edge(a[artifact], e[execution], type, timeMs);
  }
}
