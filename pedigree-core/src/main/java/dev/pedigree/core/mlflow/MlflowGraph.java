package dev.pedigree.core.mlflow;

import dev.pedigree.core.metadata.MetadataService;
import dev.pedigree.core.metadata.PutOptions;
import dev.pedigree.core.metadata.TypeEvolution;
import dev.pedigree.model.Artifact;
import dev.pedigree.model.ArtifactState;
import dev.pedigree.model.Context;
import dev.pedigree.model.Event;
import dev.pedigree.model.EventType;
import dev.pedigree.model.Execution;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.StoreInfo;
import dev.pedigree.store.TransactionWork;
import dev.pedigree.store.WriteTransaction;
import dev.pedigree.store.mlflow.MlflowRows;
import dev.pedigree.store.mlflow.MlflowStore;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The graph side of the MLflow mapping, shared by the MLflow services: the reserved node types and
 * small helpers to create nodes and edges inside a caller's transaction. Also MLflow's value limits.
 */
public final class MlflowGraph {
  public static final String EXPERIMENT_TYPE = "mlflow.Experiment";
  public static final String RUN_TYPE = "mlflow.Run";
  public static final String DATASET_TYPE = "mlflow.Dataset";
  public static final String LOGGED_MODEL_TYPE = "mlflow.LoggedModel";
  public static final String REGISTERED_MODEL_TYPE = "mlflow.RegisteredModel";
  public static final String MODEL_VERSION_TYPE = "mlflow.ModelVersion";
  public static final String RUN_ARTIFACT_TYPE = "mlflow.RunArtifact";

  /** Custom-property prefixes of MLflow params and tags on graph nodes. */
  public static final String PARAM = "param.";
  public static final String TAG = "tag.";

  // MLflow's limits (mlflow/utils/validation.py, 3.11).
  public static final int MAX_KEY_LENGTH = 250;
  public static final int MAX_PARAM_VALUE_LENGTH = 6000;
  public static final int MAX_RUN_TAG_VALUE_LENGTH = 8000;
  public static final int MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;
  public static final int MAX_REGISTRY_TAG_VALUE_LENGTH = 100_000;
  public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
  public static final int MAX_BATCH_METRICS = 1000;
  public static final int MAX_BATCH_PARAMS = 100;
  public static final int MAX_BATCH_TAGS = 100;
  public static final int MAX_BATCH_TOTAL = 1000;
  /** Largest log-batch request body, checked by the front door. */
  public static final int MAX_BATCH_BYTES = 1024 * 1024;
  private static final Pattern KEY = Pattern.compile("^[/\\w.\\- :]*$");

  final MetadataService metadata;
  final MlflowStore store;
  final Clock clock;
  private final MetadataStore db;
  private volatile @Nullable Map<String, Long> typeIds;
  private volatile boolean initialised;

  public MlflowGraph(MetadataService metadata, MlflowStore store, Clock clock) {
    this.metadata = metadata;
    this.store = store;
    this.clock = clock;
    this.db = new LazyStore();
  }

  /**
   * The store as the MLflow services use it: the first read or write creates the reserved types and
   * the default experiment "0", so a server that is never asked for MLflow data holds none of it.
   */
  MetadataStore db() {
    return db;
  }

  private void ready() {
    if (!initialised) {
      initialise();
    }
  }

  private synchronized void initialise() {
    if (initialised) {
      return;
    }
    List<NodeType> types = metadata.putTypes(List.of(
        NodeType.of(TypeKind.CONTEXT, EXPERIMENT_TYPE, Map.of()),
        NodeType.of(TypeKind.CONTEXT, REGISTERED_MODEL_TYPE, Map.of()),
        NodeType.of(TypeKind.EXECUTION, RUN_TYPE, Map.of()),
        NodeType.of(TypeKind.ARTIFACT, DATASET_TYPE, Map.of()),
        NodeType.of(TypeKind.ARTIFACT, LOGGED_MODEL_TYPE, Map.of()),
        NodeType.of(TypeKind.ARTIFACT, MODEL_VERSION_TYPE, Map.of()),
        NodeType.of(TypeKind.ARTIFACT, RUN_ARTIFACT_TYPE, Map.of())), TypeEvolution.ADD_FIELDS);
    Map<String, Long> ids = new java.util.HashMap<>();
    types.forEach(t -> ids.put(t.name(), t.requireId()));
    typeIds = Map.copyOf(ids);
    ensureDefaultExperiment();
    initialised = true;
  }

  private void ensureDefaultExperiment() {
    metadata.store().write(tx -> {
      if (store.findExperiment(tx, 0).isEmpty()) {
        Context context = createContext(tx, EXPERIMENT_TYPE, "Default");
        long now = now();
        store.insertExperiment(tx, 0L, context.requireId(), "Default", MlflowRows.ACTIVE, now);
        store.updateExperiment(tx, new MlflowRows.Experiment(0, context.requireId(), "Default", "mlflow-artifacts:/0",
            MlflowRows.ACTIVE, now, now, Map.of()));
      }
      return null;
    });
  }

  /** The metadata store, made ready on first use. */
  private final class LazyStore implements MetadataStore {
    @Override
    public <T> T read(TransactionWork<ReadTransaction, T> work) {
      ready();
      return metadata.store().read(work);
    }

    @Override
    public <T> T write(TransactionWork<WriteTransaction, T> work) {
      ready();
      return metadata.store().write(work);
    }

    @Override
    public StoreInfo info() {
      return metadata.store().info();
    }

    @Override
    public void close() {
      // The server owns the store.
    }
  }

  long typeId(String name) {
    Map<String, Long> ids = typeIds;
    if (ids == null) {
      throw new IllegalStateException("MLflow types are not created yet");
    }
    return ids.get(name);
  }

  long now() {
    return clock.millis();
  }

  Context createContext(WriteTransaction tx, String type, String name) {
    return (Context) metadata.writer().putNodes(tx, List.of(Context.of(typeId(type), name)), PutOptions.DEFAULT).get(0);
  }

  Execution createExecution(WriteTransaction tx, String type, String name, ExecutionState state) {
    return (Execution) metadata.writer().putNodes(tx, List.of(Execution.of(typeId(type), name, state)),
        PutOptions.DEFAULT).get(0);
  }

  /**
   * Inserts an execution of one of the reserved types straight through the store: these types
   * declare no properties, so there is no schema to check, and run creation is a hot path.
   */
  long insertExecution(WriteTransaction tx, String type, String name, ExecutionState state) {
    return tx.insertNodes(List.of(Execution.of(typeId(type), name, state)), now()).get(0).requireId();
  }

  Artifact createArtifact(WriteTransaction tx, String type, @Nullable String name, @Nullable String uri,
      Map<String, dev.pedigree.model.Value> customProperties) {
    Artifact artifact = Artifact.of(typeId(type), name, uri).withState(ArtifactState.LIVE)
        .withCustomProperties(customProperties);
    return (Artifact) metadata.writer().putNodes(tx, List.of(artifact), PutOptions.DEFAULT).get(0);
  }

  /** Changes fields of a stored node (named by the update mask) in the caller's transaction. */
  void updateNode(WriteTransaction tx, Node node, Set<String> mask) {
    metadata.writer().putNodes(tx, List.of(node), new PutOptions(mask, false));
  }

  /** Renames a context node (its name follows the MLflow name). */
  void renameContext(WriteTransaction tx, long contextId, String newName) {
    Context c = (Context) tx.findNodes(TypeKind.CONTEXT, List.of(contextId)).get(0);
    updateNode(tx, new Context(c.id(), c.typeId(), null, newName, c.externalId(), c.properties(),
        c.customProperties(), c.createTimeMs(), c.updateTimeMs()), Set.of("name"));
  }

  /** Records an event unless the same (artifact, execution, type) edge exists. */
  void ensureEvent(WriteTransaction tx, long artifactId, long executionId, EventType type) {
    for (Event event : tx.findEventsByArtifacts(List.of(artifactId))) {
      if (event.executionId() != null && event.executionId() == executionId && event.type() == type) {
        return;
      }
    }
    metadata.writer().putEvents(tx, List.of(Event.of(artifactId, executionId, type)));
  }

  static String newHexId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  // Validation

  static void checkKey(String what, @Nullable String key) {
    if (key == null || key.isEmpty()) {
      throw PedigreeException.invalidArgument("Missing value for required parameter '" + what + "'");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw PedigreeException.invalidArgument("'" + what + "' exceeds the maximum length of " + MAX_KEY_LENGTH
          + " characters (got " + key.length() + ")");
    }
    if (!KEY.matcher(key).matches() || key.contains("..") || key.startsWith("/")) {
      throw PedigreeException.invalidArgument("Invalid value \"" + key + "\" for parameter '" + what
          + "': names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ),"
          + " colons (:) and slashes (/), and must not contain '..' or start with '/'");
    }
  }

  static void checkValue(String what, @Nullable String value, int limit) {
    if (value == null) {
      throw PedigreeException.invalidArgument("Missing value for required parameter '" + what + "'");
    }
    if (value.length() > limit) {
      throw PedigreeException.invalidArgument("'" + what + "' exceeds the maximum length of " + limit
          + " characters (got " + value.length() + ")");
    }
  }

  static String required(String what, @Nullable String value) {
    if (value == null || value.isEmpty()) {
      throw PedigreeException.invalidArgument("Missing value for required parameter '" + what + "'");
    }
    return value;
  }

  static int maxResults(@Nullable Long requested, int defaultValue, int max) {
    if (requested == null) {
      return defaultValue;
    }
    if (requested < 1 || requested > max) {
      throw PedigreeException.invalidArgument("Invalid value " + requested + " for parameter 'max_results'"
          + " supplied (expected: 1.." + max + ")");
    }
    return requested.intValue();
  }
}
