package dev.pedigree.core.lineage;

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
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.jdbc.JdbcLineageStore;
import dev.pedigree.store.jdbc.PostgresMetadataStore;
import dev.pedigree.store.jdbc.PostgresOptions;
import dev.pedigree.store.lineage.LineageStore;
import dev.pedigree.store.lineage.LineageStore.TimeRange;
import dev.pedigree.store.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a walk reads every hop's events in one call of the server's walk function. On random
 * graphs with cycles, fan-in and fan-out, mixed event types and event times, these tests check that
 * walks, paths and impact answer exactly what the walk reading hop by hop answers, under depths,
 * boundaries, caps, event-type and time filters.
 */
class LineageReadAheadPostgresTest {
  private static final List<EventType> INPUTS = List.of(EventType.INPUT, EventType.DECLARED_INPUT,
      EventType.INTERNAL_INPUT);
  private static final List<EventType> OUTPUTS = List.of(EventType.OUTPUT, EventType.DECLARED_OUTPUT,
      EventType.INTERNAL_OUTPUT, EventType.PENDING_OUTPUT);

  private static MetadataStore store;
  private static final List<NodeRef> nodes = new ArrayList<>();

  @BeforeAll
  static void generate() {
    TestPostgres postgres = TestPostgres.shared();
    store = PostgresMetadataStore.open(postgres.jdbcUrl(postgres.createDatabase()), null, null,
        PostgresOptions.defaults().withPools(2, 2).withConnectAttempts(1, Duration.ZERO));
    Random random = new Random(7);
    store.write(tx -> {
      long dataset = tx.insertType(NodeType.of(TypeKind.ARTIFACT, "Dataset", Map.of())).requireId();
      long model = tx.insertType(NodeType.of(TypeKind.ARTIFACT, "Model", Map.of())).requireId();
      long step = tx.insertType(NodeType.of(TypeKind.EXECUTION, "Step", Map.of())).requireId();
      List<Artifact> artifacts = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        artifacts.add(Artifact.of(i % 5 == 0 ? model : dataset, "a" + i, null));
      }
      List<Execution> executions = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        executions.add(Execution.of(step, "e" + i, ExecutionState.COMPLETE));
      }
      List<Long> a = tx.insertNodes(artifacts, 1L).stream().map(Node::requireId).toList();
      List<Long> e = tx.insertNodes(executions, 1L).stream().map(Node::requireId).toList();
      a.forEach(id -> nodes.add(new NodeRef(TypeKind.ARTIFACT, id)));
      e.forEach(id -> nodes.add(new NodeRef(TypeKind.EXECUTION, id)));
      Set<List<Long>> edges = new LinkedHashSet<>();
      List<Event> events = new ArrayList<>();
      for (int i = 0; i < e.size(); i++) {
        // Mostly small steps; one in ten a fan-in or fan-out of up to 40 artifacts. Random artifacts
        // make cycles and paths of different lengths that meet again.
        int inputs = i % 10 == 3 ? 40 : 1 + random.nextInt(3);
        int outputs = i % 10 == 7 ? 40 : 1 + random.nextInt(3);
        for (int k = 0; k < inputs + outputs; k++) {
          EventType type = k < inputs ? INPUTS.get(random.nextInt(INPUTS.size()))
              : OUTPUTS.get(random.nextInt(OUTPUTS.size()));
          long artifact = a.get(random.nextInt(a.size()));
          if (edges.add(List.of(artifact, e.get(i), (long) type.number()))) {
            events.add(Event.of(artifact, e.get(i), type).withTime(1_000 + random.nextInt(1_000)));
          }
        }
      }
      tx.insertEvents(events, 1L);
      return null;
    });
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void walksMatchTheWalkThatReadsHopByHop() {
    Counting readAhead = new Counting(new JdbcLineageStore(), true);
    Counting hopByHop = new Counting(new JdbcLineageStore(), false);
    LineageSettings settings = new LineageSettings(20, 200, 1000, 5000);
    LineageService fast = new LineageService(store, readAhead, settings, AliasLookup.NONE);
    LineageService slow = new LineageService(store, hopByHop, settings, AliasLookup.NONE);
    Random random = new Random(11);
    int truncated = 0;
    for (int i = 0; i < 300; i++) {
      LineageQuery query = randomQuery(random);
      LineageResult expected = slow.lineage(query);
      assertThat(fast.lineage(query)).as("query %s", query).isEqualTo(expected);
      truncated += expected.truncated() ? 1 : 0;
    }
    // The queries do reach the cap, and the fast service never read a hop on its own.
    assertThat(truncated).isGreaterThan(30);
    assertThat(readAhead.hopReads.get()).isZero();
    assertThat(readAhead.walkReads.get()).isPositive();
    assertThat(hopByHop.walkReads.get()).isZero();
  }

  @Test
  void pathsAndImpactMatchTheWalkThatReadsHopByHop() {
    // A node cap well below the graph's size, so some path walks stop at it before their target.
    for (LineageSettings settings : List.of(new LineageSettings(20, 200, 1000, 5000),
        new LineageSettings(10, 200, 25, 25))) {
      LineageService fast = new LineageService(store, new Counting(new JdbcLineageStore(), true), settings,
          AliasLookup.NONE);
      LineageService slow = new LineageService(store, new Counting(new JdbcLineageStore(), false), settings,
          AliasLookup.NONE);
      Random random = new Random(13);
      int found = 0;
      for (int i = 0; i < 150; i++) {
        NodeRef from = nodes.get(random.nextInt(nodes.size()));
        NodeRef to = nodes.get(random.nextInt(nodes.size()));
        Integer depth = random.nextBoolean() ? null : 1 + random.nextInt(12);
        PathResult expected = slow.paths(from, to, depth);
        assertThat(fast.paths(from, to, depth)).as("paths %s -> %s, depth %s", from, to, depth).isEqualTo(expected);
        found += expected.paths().isEmpty() ? 0 : 1;
      }
      assertThat(found).isPositive();
      for (int i = 0; i < 50; i++) {
        List<NodeRef> starts = List.of(nodes.get(random.nextInt(nodes.size())));
        Integer maxNodes = random.nextBoolean() ? null : 1 + random.nextInt(25);
        assertThat(fast.impact(starts, 30, maxNodes)).isEqualTo(slow.impact(starts, 30, maxNodes));
      }
    }
  }

  @Test
  void contextFilteredWalksReadHopByHop() {
    Counting readAhead = new Counting(new JdbcLineageStore(), true);
    LineageService service = new LineageService(store, readAhead, LineageSettings.DEFAULTS, AliasLookup.NONE);
    service.lineage(LineageQuery.of(nodes.get(0), Direction.DOWNSTREAM, 10)
        .withFilters(Set.of(), Set.of(), TimeRange.ALL, Set.of(1L)));
    assertThat(readAhead.walkReads.get()).isZero();
    assertThat(readAhead.hopReads.get()).isPositive();
  }

  private static LineageQuery randomQuery(Random random) {
    List<NodeRef> starts = new ArrayList<>();
    for (int k = 0, count = 1 + random.nextInt(random.nextInt(4) == 0 ? 3 : 1); k < count; k++) {
      starts.add(nodes.get(random.nextInt(nodes.size())));
    }
    Direction direction = Direction.values()[random.nextInt(Direction.values().length)];
    int depth = switch (random.nextInt(4)) {
      case 0 -> random.nextInt(4);
      case 1 -> 200;
      default -> 1 + random.nextInt(20);
    };
    Set<NodeRef> boundary = new LinkedHashSet<>();
    for (int k = random.nextInt(3) == 0 ? random.nextInt(6) : 0; k > 0; k--) {
      boundary.add(nodes.get(random.nextInt(nodes.size())));
    }
    Set<EventType> eventTypes = EnumSet.noneOf(EventType.class);
    if (random.nextInt(3) == 0) {
      for (EventType type : EventType.values()) {
        if (random.nextBoolean()) {
          eventTypes.add(type);
        }
      }
    }
    TimeRange range = random.nextInt(3) != 0 ? TimeRange.ALL
        : new TimeRange(random.nextBoolean() ? null : 1_000L + random.nextInt(500),
            random.nextBoolean() ? null : 1_500L + random.nextInt(500));
    Integer maxNodes = switch (random.nextInt(4)) {
      case 0 -> null;
      case 1 -> 1 + random.nextInt(4);
      default -> 5 + random.nextInt(60);
    };
    return new LineageQuery(starts, direction, depth, Set.of(), eventTypes, range, Set.of(), boundary, maxNodes,
        LineageQuery.MAX_PAGE_SIZE, null);
  }

  /** The JDBC store, counting its reads; without read-ahead it answers as a store that has none. */
  private static final class Counting implements LineageStore {
    final AtomicInteger hopReads = new AtomicInteger();
    final AtomicInteger walkReads = new AtomicInteger();
    private final LineageStore store;
    private final boolean readAhead;

    Counting(LineageStore store, boolean readAhead) {
      this.store = store;
      this.readAhead = readAhead;
    }

    @Override
    public Optional<List<List<Edge>>> edgesByHop(ReadTransaction tx, WalkPlan plan) {
      if (!readAhead) {
        return Optional.empty();
      }
      walkReads.incrementAndGet();
      return store.edgesByHop(tx, plan);
    }

    @Override
    public List<Edge> eventsOfArtifacts(ReadTransaction tx, Collection<Long> artifactIds, Set<EventType> types,
        TimeRange range) {
      hopReads.incrementAndGet();
      return store.eventsOfArtifacts(tx, artifactIds, types, range);
    }

    @Override
    public List<Edge> eventsOfExecutions(ReadTransaction tx, Collection<Long> executionIds, Set<EventType> types,
        TimeRange range) {
      hopReads.incrementAndGet();
      return store.eventsOfExecutions(tx, executionIds, types, range);
    }

    @Override
    public List<NodeSummary> summaries(ReadTransaction tx, TypeKind kind, Collection<Long> ids) {
      return store.summaries(tx, kind, ids);
    }

    @Override
    public Set<Long> membersOf(ReadTransaction tx, TypeKind kind, Collection<Long> contextIds,
        Collection<Long> ids) {
      return store.membersOf(tx, kind, contextIds, ids);
    }

    @Override
    public List<Long> contextMembers(ReadTransaction tx, TypeKind kind, long contextId, int limit) {
      return store.contextMembers(tx, kind, contextId, limit);
    }
  }
}
