package dev.pedigree.core.mlflow;

import static dev.pedigree.core.mlflow.MlflowGraph.TAG;

import dev.pedigree.core.mlflow.MlflowViews.ModelVersionView;
import dev.pedigree.core.mlflow.MlflowViews.PageOf;
import dev.pedigree.core.mlflow.MlflowViews.RegisteredModelView;
import dev.pedigree.model.Artifact;
import dev.pedigree.model.Attribution;
import dev.pedigree.model.Context;
import dev.pedigree.model.EventType;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.ReadTransaction;
import dev.pedigree.store.WriteTransaction;
import dev.pedigree.store.mlflow.MlflowRows.LoggedModel;
import dev.pedigree.store.mlflow.MlflowRows.ModelVersion;
import dev.pedigree.store.mlflow.MlflowRows.RegisteredModel;
import dev.pedigree.store.mlflow.MlflowRows.Run;
import dev.pedigree.store.mlflow.MlflowRows.Search;
import dev.pedigree.store.mlflow.MlflowRows.ViewType;
import dev.pedigree.store.mlflow.MlflowStore;
import dev.pedigree.store.mlflow.SearchFilters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The MLflow model registry. A registered model is a context ({@code mlflow.RegisteredModel}); each
 * version is an artifact ({@code mlflow.ModelVersion}) attributed to it, with an OUTPUT event from
 * its source run, so lineage from a version reaches the run and the run's input datasets.
 */
public final class ModelRegistry {
  private static final List<String> STAGES = List.of("None", "Staging", "Production", "Archived");
  private static final Pattern ALIAS = Pattern.compile("^[\\w\\-]*$");
  private static final Pattern RESERVED_ALIAS = Pattern.compile("^(latest|v\\d+)$", Pattern.CASE_INSENSITIVE);

  private final MlflowGraph graph;
  private final MlflowTracking tracking;
  private final LoggedModels loggedModels;
  private final MlflowStore store;
  private final MetadataStore db;

  public ModelRegistry(MlflowGraph graph, MlflowTracking tracking, LoggedModels loggedModels) {
    this.graph = graph;
    this.tracking = tracking;
    this.loggedModels = loggedModels;
    this.store = graph.store;
    this.db = graph.db();
  }

  // Registered models

  public RegisteredModelView create(String name, Map<String, String> tags, @Nullable String description) {
    checkName(name);
    checkTags(tags);
    db.write(tx -> {
      if (store.findRegisteredModel(tx, name).isPresent()) {
        throw PedigreeException.alreadyExists("Registered Model (name=" + name + ") already exists.");
      }
      Context context = graph.createContext(tx, MlflowGraph.REGISTERED_MODEL_TYPE, name);
      long now = graph.now();
      store.insertRegisteredModel(tx, new RegisteredModel(context.requireId(), name, now, now, description, null, 1));
      store.putStringProperties(tx, TypeKind.CONTEXT, context.requireId(), MlflowTracking.prefixed(TAG, tags));
      return null;
    });
    return get(name);
  }

  public RegisteredModelView get(String name) {
    return db.read(tx -> view(tx, require(tx, name)));
  }

  public RegisteredModelView rename(String name, String newName) {
    checkName(newName);
    db.write(tx -> {
      RegisteredModel m = requireLocked(tx, name);
      if (store.findRegisteredModel(tx, newName).isPresent()) {
        throw PedigreeException.alreadyExists("Registered Model (name=" + newName + ") already exists.");
      }
      graph.renameContext(tx, m.contextId(), newName);
      store.updateRegisteredModel(tx, new RegisteredModel(m.contextId(), newName, m.creationTime(), graph.now(),
          m.description(), m.userId(), m.nextVersion()));
      for (ModelVersion v : store.modelVersions(tx, List.of(m.contextId()))) {
        store.putStringProperties(tx, TypeKind.ARTIFACT, v.artifactId(), Map.of("mlflow.model_name", newName));
      }
      return null;
    });
    return get(newName);
  }

  public RegisteredModelView update(String name, @Nullable String description) {
    db.write(tx -> {
      RegisteredModel m = requireLocked(tx, name);
      store.updateRegisteredModel(tx, new RegisteredModel(m.contextId(), m.name(), m.creationTime(), graph.now(),
          description, m.userId(), m.nextVersion()));
      return null;
    });
    return get(name);
  }

  /** Deletes the model, its versions and aliases; the graph keeps the nodes (renamed) for lineage. */
  public void delete(String name) {
    db.write(tx -> {
      RegisteredModel m = requireLocked(tx, name);
      store.deleteRegisteredModel(tx, m.contextId());
      graph.renameContext(tx, m.contextId(), name + "#deleted-" + m.contextId());
      return null;
    });
  }

  public PageOf<RegisteredModelView> search(@Nullable String filter, @Nullable Long maxResults,
      List<String> orderBy, @Nullable String pageToken) {
    int limit = MlflowGraph.maxResults(maxResults, 100, 1000);
    long offset = PageTokens.offset(pageToken);
    Search search = new Search(ViewType.ALL, SearchFilters.parse(filter), MlflowTracking.orderKeys(orderBy), limit,
        offset);
    return db.read(tx -> {
      PageOf<RegisteredModel> page = PageTokens.page(store.searchRegisteredModels(tx, search), limit, offset);
      List<RegisteredModelView> views = new ArrayList<>();
      for (RegisteredModel m : page.items()) {
        views.add(view(tx, m));
      }
      return new PageOf<>(views, page.nextPageToken());
    });
  }

  public List<ModelVersionView> latestVersions(String name, List<String> stages) {
    List<String> wanted = new ArrayList<>();
    for (String stage : stages) {
      wanted.add(canonicalStage(stage));
    }
    return db.read(tx -> {
      RegisteredModel m = require(tx, name);
      return latest(tx, m, wanted.isEmpty() ? STAGES : wanted);
    });
  }

  public void setTag(String name, String key, String value) {
    MlflowGraph.checkKey("key", key);
    MlflowGraph.checkValue("value", value, MlflowGraph.MAX_REGISTRY_TAG_VALUE_LENGTH);
    db.write(tx -> {
      RegisteredModel m = requireLocked(tx, name);
      store.putStringProperties(tx, TypeKind.CONTEXT, m.contextId(), Map.of(TAG + key, value));
      return null;
    });
  }

  public void deleteTag(String name, String key) {
    MlflowGraph.required("key", key);
    db.write(tx -> {
      RegisteredModel m = requireLocked(tx, name);
      store.deleteProperty(tx, TypeKind.CONTEXT, m.contextId(), TAG + key);
      return null;
    });
  }

  // Aliases

  public void setAlias(String name, String alias, String version) {
    checkAlias(alias);
    int number = versionNumber(version);
    db.write(tx -> {
      RegisteredModel m = requireLocked(tx, name);
      requireVersion(tx, m, number);
      store.setAlias(tx, m.contextId(), alias, number);
      return null;
    });
  }

  public void deleteAlias(String name, String alias) {
    MlflowGraph.required("alias", alias);
    db.write(tx -> {
      RegisteredModel m = requireLocked(tx, name);
      store.deleteAlias(tx, m.contextId(), alias);
      return null;
    });
  }

  public ModelVersionView versionByAlias(String name, String alias) {
    MlflowGraph.required("alias", alias);
    return db.read(tx -> {
      RegisteredModel m = require(tx, name);
      Integer version = store.aliases(tx, List.of(m.contextId())).getOrDefault(m.contextId(), Map.of()).get(alias);
      if (version == null) {
        // MLflow answers an unknown alias with INVALID_PARAMETER_VALUE (400), not RESOURCE_DOES_NOT_EXIST.
        throw PedigreeException.invalidArgument("Registered model alias " + alias + " not found.");
      }
      return versionView(tx, requireVersion(tx, m, version));
    });
  }

  // Versions

  public ModelVersionView createVersion(String name, String source, @Nullable String runId, Map<String, String> tags,
      @Nullable String runLink, @Nullable String description, @Nullable String modelId) {
    MlflowGraph.required("source", source);
    checkTags(tags);
    if (source.contains("..") && !source.startsWith("/") && source.contains(":")) {
      throw PedigreeException.invalidArgument("Invalid model version source: '" + source + "'. Path traversal ('..')"
          + " is not allowed in the source.");
    }
    int created = db.write(tx -> {
      RegisteredModel m = requireLocked(tx, name);
      LoggedModel loggedModel = modelId == null || modelId.isEmpty() ? null : loggedModels.require(tx, modelId);
      String runUuid = runId == null || runId.isEmpty()
          ? (loggedModel == null ? null : loggedModel.sourceRunId()) : runId;
      Run run = runUuid == null ? null : tracking.requireRun(tx, runUuid);
      String storage = source.startsWith("models:/") && loggedModel != null ? loggedModel.artifactLocation() : source;
      int version = m.nextVersion();
      long now = graph.now();
      Artifact artifact = graph.createArtifact(tx, MlflowGraph.MODEL_VERSION_TYPE, null, storage, Map.of(
          "mlflow.model_name", Value.of(m.name()), "mlflow.version", Value.of(Integer.toString(version))));
      graph.metadata.writer().putContextLinks(tx, List.of(new Attribution(m.contextId(), artifact.requireId())),
          List.of());
      if (run != null) {
        graph.ensureEvent(tx, artifact.requireId(), run.executionId(), EventType.OUTPUT);
      }
      store.insertModelVersion(tx, new ModelVersion(artifact.requireId(), m.contextId(), m.name(), version, now, now,
          description, null, "None", source, storage, run == null ? null : run.runUuid(), runLink, "READY", null,
          loggedModel == null ? null : loggedModel.modelId()));
      store.putStringProperties(tx, TypeKind.ARTIFACT, artifact.requireId(), MlflowTracking.prefixed(TAG, tags));
      store.updateRegisteredModel(tx, new RegisteredModel(m.contextId(), m.name(), m.creationTime(), now,
          m.description(), m.userId(), version + 1));
      return version;
    });
    return version(name, Integer.toString(created));
  }

  public ModelVersionView version(String name, String version) {
    int number = versionNumber(version);
    return db.read(tx -> versionView(tx, requireVersion(tx, require(tx, name), number)));
  }

  public ModelVersionView updateVersion(String name, String version, @Nullable String description) {
    int number = versionNumber(version);
    db.write(tx -> {
      ModelVersion v = requireVersion(tx, require(tx, name), number);
      store.updateModelVersion(tx, with(v, v.currentStage(), description));
      return null;
    });
    return version(name, version);
  }

  public ModelVersionView transitionStage(String name, String version, String stage, boolean archiveExisting) {
    int number = versionNumber(version);
    String target = canonicalStage(stage);
    db.write(tx -> {
      RegisteredModel m = requireLocked(tx, name);
      ModelVersion v = requireVersion(tx, m, number);
      if (archiveExisting && (target.equals("Staging") || target.equals("Production"))) {
        for (ModelVersion other : store.modelVersions(tx, List.of(m.contextId()))) {
          if (other.version() != number && other.currentStage().equals(target)) {
            store.updateModelVersion(tx, with(other, "Archived", other.description()));
          }
        }
      }
      store.updateModelVersion(tx, with(v, target, v.description()));
      return null;
    });
    return version(name, version);
  }

  public void deleteVersion(String name, String version) {
    int number = versionNumber(version);
    db.write(tx -> {
      ModelVersion v = requireVersion(tx, require(tx, name), number);
      store.deleteModelVersion(tx, v.artifactId());
      return null;
    });
  }

  public String downloadUri(String name, String version) {
    ModelVersion v = version(name, version).version();
    return v.storageLocation() != null ? v.storageLocation() : v.source();
  }

  public PageOf<ModelVersionView> searchVersions(@Nullable String filter, @Nullable Long maxResults,
      List<String> orderBy, @Nullable String pageToken) {
    int limit = MlflowGraph.maxResults(maxResults, 10_000, 200_000);
    long offset = PageTokens.offset(pageToken);
    Search search = new Search(ViewType.ALL, SearchFilters.parse(filter), MlflowTracking.orderKeys(orderBy), limit,
        offset);
    return db.read(tx -> {
      PageOf<ModelVersion> page = PageTokens.page(store.searchModelVersions(tx, search), limit, offset);
      return new PageOf<>(versionViews(tx, page.items()), page.nextPageToken());
    });
  }

  public void setVersionTag(String name, String version, String key, String value) {
    MlflowGraph.checkKey("key", key);
    MlflowGraph.checkValue("value", value, MlflowGraph.MAX_REGISTRY_TAG_VALUE_LENGTH);
    int number = versionNumber(version);
    db.write(tx -> {
      ModelVersion v = requireVersion(tx, require(tx, name), number);
      store.putStringProperties(tx, TypeKind.ARTIFACT, v.artifactId(), Map.of(TAG + key, value));
      return null;
    });
  }

  public void deleteVersionTag(String name, String version, String key) {
    MlflowGraph.required("key", key);
    int number = versionNumber(version);
    db.write(tx -> {
      ModelVersion v = requireVersion(tx, require(tx, name), number);
      store.deleteProperty(tx, TypeKind.ARTIFACT, v.artifactId(), TAG + key);
      return null;
    });
  }

  // Helpers

  private static ModelVersion with(ModelVersion v, String stage, @Nullable String description) {
    return new ModelVersion(v.artifactId(), v.modelContextId(), v.name(), v.version(), v.creationTime(),
        System.currentTimeMillis(), description, v.userId(), stage, v.source(), v.storageLocation(), v.runUuid(),
        v.runLink(), v.status(), v.statusMessage(), v.modelId());
  }

  /**
   * The registered model, its row locked until the transaction ends and read again under the lock:
   * changes to one model (new versions numbered from its counter, renames, stage transitions) then
   * apply one after another on PostgreSQL, where writes run concurrently, instead of overwriting
   * each other's counter.
   */
  private RegisteredModel requireLocked(WriteTransaction tx, String name) {
    store.lockRegisteredModel(tx, require(tx, name).contextId());
    return require(tx, name);
  }

  private RegisteredModel require(ReadTransaction tx, String name) {
    MlflowGraph.required("name", name);
    return store.findRegisteredModel(tx, name)
        .orElseThrow(() -> PedigreeException.notFound("Registered Model with name=" + name + " not found"));
  }

  private ModelVersion requireVersion(ReadTransaction tx, RegisteredModel m, int version) {
    return store.findModelVersion(tx, m.contextId(), version).orElseThrow(() -> PedigreeException.notFound(
        "Model Version (name=" + m.name() + ", version=" + version + ") not found"));
  }

  private RegisteredModelView view(ReadTransaction tx, RegisteredModel m) {
    Map<String, String> tags = store.stringProperties(tx, TypeKind.CONTEXT, List.of(m.contextId()), TAG)
        .getOrDefault(m.contextId(), Map.of());
    Map<String, Integer> aliases = store.aliases(tx, List.of(m.contextId())).getOrDefault(m.contextId(), Map.of());
    return new RegisteredModelView(m, tags, aliases, latest(tx, m, STAGES));
  }

  private List<ModelVersionView> latest(ReadTransaction tx, RegisteredModel m, Collection<String> stages) {
    Map<String, ModelVersion> latest = new LinkedHashMap<>();
    for (ModelVersion v : store.modelVersions(tx, List.of(m.contextId()))) {
      if (stages.contains(v.currentStage())) {
        latest.putIfAbsent(v.currentStage(), v);
      }
    }
    List<ModelVersion> versions = new ArrayList<>(latest.values());
    versions.sort(java.util.Comparator.comparingInt(ModelVersion::version));
    return versionViews(tx, versions);
  }

  private ModelVersionView versionView(ReadTransaction tx, ModelVersion v) {
    return versionViews(tx, List.of(v)).get(0);
  }

  private List<ModelVersionView> versionViews(ReadTransaction tx, List<ModelVersion> versions) {
    Map<Long, Map<String, String>> tags = store.stringProperties(tx, TypeKind.ARTIFACT,
        versions.stream().map(ModelVersion::artifactId).toList(), TAG);
    Map<Long, Map<String, Integer>> aliases = store.aliases(tx,
        versions.stream().map(ModelVersion::modelContextId).distinct().toList());
    List<ModelVersionView> views = new ArrayList<>();
    for (ModelVersion v : versions) {
      List<String> names = new ArrayList<>();
      aliases.getOrDefault(v.modelContextId(), Map.of()).forEach((alias, number) -> {
        if (number == v.version()) {
          names.add(alias);
        }
      });
      views.add(new ModelVersionView(v, tags.getOrDefault(v.artifactId(), Map.of()), names));
    }
    return views;
  }

  private static void checkName(String name) {
    MlflowGraph.required("name", name);
    MlflowGraph.checkValue("name", name, 256);
  }

  private static void checkTags(Map<String, String> tags) {
    tags.forEach((k, v) -> {
      MlflowGraph.checkKey("tags.key", k);
      MlflowGraph.checkValue("tags.value", v, MlflowGraph.MAX_REGISTRY_TAG_VALUE_LENGTH);
    });
  }

  private static void checkAlias(String alias) {
    MlflowGraph.required("alias", alias);
    MlflowGraph.checkValue("alias", alias, 255);
    if (!ALIAS.matcher(alias).matches()) {
      throw PedigreeException.invalidArgument("Invalid alias name: '" + alias + "'. Aliases may only contain"
          + " alphanumerics, underscores (_) and dashes (-).");
    }
    if (RESERVED_ALIAS.matcher(alias).matches()) {
      throw PedigreeException.invalidArgument("Invalid alias name: '" + alias + "'. Aliases 'latest' and 'v<number>'"
          + " are reserved.");
    }
  }

  private static int versionNumber(String version) {
    MlflowGraph.required("version", version);
    try {
      return Integer.parseInt(version);
    } catch (NumberFormatException e) {
      throw PedigreeException.invalidArgument("Model version must be an integer, got '" + version + "'");
    }
  }

  private static String canonicalStage(String stage) {
    for (String known : STAGES) {
      if (known.toLowerCase(Locale.ROOT).equals(stage.toLowerCase(Locale.ROOT))) {
        return known;
      }
    }
    throw PedigreeException.invalidArgument("Invalid Model Version stage: " + stage + ". Value must be one of "
        + String.join(", ", STAGES) + ".");
  }


}
