package dev.pedigree.bench;

import dev.pedigree.core.metadata.MetadataService;
import dev.pedigree.core.metadata.PutOptions;
import dev.pedigree.core.metadata.TypeEvolution;
import dev.pedigree.model.Artifact;
import dev.pedigree.model.ArtifactState;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.PropertyType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import dev.pedigree.store.jdbc.Migrations;
import dev.pedigree.store.jdbc.SqliteDialect;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Pedigree's store against plain JDBC on the same SQLite settings and schema: a batched put of
 * artifacts with three typed properties (one transaction per batch) and a get by id. The plain JDBC
 * side runs the same statements a hand-written DAO would, so the ratio is Pedigree's overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ArtifactStoreBenchmark {
  /** Artifacts per transaction. */
  @Param("1000")
  public int batch;

  /** Artifacts loaded before the get-by-id measurements. */
  @Param("100000")
  public int preload;

  private Path dir;
  private SqliteMetadataStore store;
  private MetadataService service;
  private long typeId;
  private Connection jdbc;
  private long jdbcTypeId;
  private long sequence;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("pedigree-bench");
    store = SqliteMetadataStore.open(dir.resolve("pedigree.db"), SqliteOptions.defaults());
    service = new MetadataService(store, Clock.systemUTC());
    typeId = service.putType(NodeType.of(TypeKind.ARTIFACT, "Dataset", Map.of("rows", PropertyType.INT,
        "format", PropertyType.STRING, "score", PropertyType.DOUBLE)), TypeEvolution.STRICT).requireId();

    jdbc = plainConnection(dir.resolve("plain.db"));
    Migrations.migrate(jdbc, SqliteDialect.INSTANCE);
    jdbc.setAutoCommit(false);
    try (PreparedStatement type = jdbc.prepareStatement(
        "INSERT INTO node_type (kind, name, version) VALUES (0, 'Dataset', '') RETURNING id")) {
      try (ResultSet row = type.executeQuery()) {
        row.next();
        jdbcTypeId = row.getLong(1);
      }
    }
    jdbc.commit();
    for (int loaded = 0; loaded < preload; loaded += batch) {
      pedigreePut();
      jdbcPut();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    store.close();
    jdbc.close();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Benchmark
  public List<Node> pedigreePut() {
    List<Artifact> artifacts = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      long n = sequence++;
      artifacts.add(new Artifact(null, typeId, null, "a-" + n, "s3://bucket/data/" + n, ArtifactState.LIVE, null,
          Map.of("rows", Value.of(n), "format", Value.of("parquet"), "score", Value.of(n * 0.5)), Map.of(), 0, 0));
    }
    return service.putNodes(artifacts, PutOptions.DEFAULT);
  }

  @Benchmark
  public long jdbcPut() throws SQLException {
    long last = 0;
    long now = System.currentTimeMillis();
    try (PreparedStatement insert = jdbc.prepareStatement("INSERT INTO artifact (type_id, name, external_id, "
        + "create_time, update_time, uri, state) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
        PreparedStatement property = jdbc.prepareStatement("INSERT INTO artifact_property (node_id, is_custom, "
            + "name, kind, int_value, double_value, string_value, bytes_value) VALUES (?, 0, ?, ?, ?, ?, ?, NULL)")) {
      for (int i = 0; i < batch; i++) {
        long n = sequence++;
        insert.setLong(1, jdbcTypeId);
        insert.setString(2, "a-" + n);
        insert.setNull(3, java.sql.Types.VARCHAR);
        insert.setLong(4, now);
        insert.setLong(5, now);
        insert.setString(6, "s3://bucket/data/" + n);
        insert.setInt(7, ArtifactState.LIVE.number());
        try (ResultSet row = insert.executeQuery()) {
          row.next();
          last = row.getLong(1);
        }
        addProperty(property, last, "rows", 1, n, null, null);
        addProperty(property, last, "format", 3, null, null, "parquet");
        addProperty(property, last, "score", 2, null, n * 0.5, null);
      }
      property.executeBatch();
    }
    jdbc.commit();
    return last;
  }

  @Benchmark
  public Node pedigreeGetById() {
    long id = ThreadLocalRandom.current().nextLong(1, preload + 1);
    return service.nodes(TypeKind.ARTIFACT, List.of(id)).get(0);
  }

  @Benchmark
  public int jdbcGetById() throws SQLException {
    long id = ThreadLocalRandom.current().nextLong(1, preload + 1);
    int fields = 0;
    try (PreparedStatement node = jdbc.prepareStatement("SELECT n.id, n.type_id, t.name, n.name, n.external_id, "
        + "n.create_time, n.update_time, n.uri, n.state FROM artifact n JOIN node_type t ON t.id = n.type_id "
        + "WHERE n.id = ?")) {
      node.setLong(1, id);
      try (ResultSet row = node.executeQuery()) {
        while (row.next()) {
          fields += row.getString(8).length();
        }
      }
    }
    try (PreparedStatement properties = jdbc.prepareStatement("SELECT node_id, is_custom, name, kind, int_value, "
        + "double_value, string_value, bytes_value FROM artifact_property WHERE node_id = ?")) {
      properties.setLong(1, id);
      try (ResultSet row = properties.executeQuery()) {
        while (row.next()) {
          fields += row.getString(3).length();
        }
      }
    }
    jdbc.rollback();
    return fields;
  }

  private static void addProperty(PreparedStatement property, long node, String name, int kind, Long intValue,
      Double doubleValue, String stringValue) throws SQLException {
    property.setLong(1, node);
    property.setString(2, name);
    property.setInt(3, kind);
    property.setObject(4, intValue);
    property.setObject(5, doubleValue);
    property.setString(6, stringValue);
    property.addBatch();
  }

  /** The same settings the store's writer uses. */
  private static Connection plainConnection(Path file) throws SQLException {
    return SqliteOptions.defaults().connectionConfig(false).createConnection("jdbc:sqlite:" + file);
  }
}
