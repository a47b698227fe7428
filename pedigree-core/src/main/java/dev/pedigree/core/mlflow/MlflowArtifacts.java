package dev.pedigree.core.mlflow;

import dev.pedigree.model.Artifact;
import dev.pedigree.model.EventType;
import dev.pedigree.model.Node;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.artifact.Sha256;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.WriteTransaction;
import dev.pedigree.store.blob.BlobStore;
import dev.pedigree.store.blob.PutResult;
import dev.pedigree.store.mlflow.MlflowRows.ArtifactEntry;
import dev.pedigree.store.mlflow.MlflowRows.Run;
import dev.pedigree.store.mlflow.MlflowStore;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MLflow artifact tree behind {@code mlflow-artifacts:/} URIs: file bytes live in the
 * content-addressed blob store (the same bytes are stored once), the tree maps paths to digests.
 * The first path component under a run's {@code artifacts/} directory becomes an OUTPUT artifact of
 * the run ({@code mlflow.RunArtifact}) in the graph.
 */
public final class MlflowArtifacts {
  /** {@code <experiment>/<run id>/artifacts/<name>/...} */
  private static final Pattern RUN_PATH = Pattern.compile("^([0-9]+)/([0-9a-f]{32})/artifacts/([^/]+)(/.*)?$");

  private final MlflowGraph graph;
  private final MlflowStore store;
  private final MetadataStore db;
  private final BlobStore blobs;

  public MlflowArtifacts(MlflowGraph graph, BlobStore blobs) {
    this.graph = graph;
    this.store = graph.store;
    this.db = graph.metadata.store();
    this.blobs = blobs;
  }

  /** A stored file: its size and a stream of its bytes (the caller closes it). */
  public record Download(long size, InputStream content) {}

  /**
   * Stores {@code content} at {@code path}, replacing a file there. The path is checked before any
   * byte is read: a rejected path writes nothing.
   */
  public ArtifactEntry put(String path, InputStream content) {
    String clean = checkPath(path);
    PutResult stored = blobs.putAndDigest(content);
    return db.write(tx -> {
      Optional<ArtifactEntry> existing = store.findArtifactEntry(tx, clean);
      if (existing.isPresent() && existing.get().isDir()) {
        throw PedigreeException.invalidArgument("'" + clean + "' is a directory");
      }
      long now = graph.now();
      store.putArtifactFile(tx, clean, stored.digest().hex(), stored.size(), now);
      linkToRun(tx, clean);
      return store.findArtifactEntry(tx, clean).orElseThrow();
    });
  }

  public Download open(String path) {
    String clean = checkPath(path);
    ArtifactEntry entry = db.read(tx -> store.findArtifactEntry(tx, clean))
        .filter(e -> !e.isDir())
        .orElseThrow(() -> PedigreeException.notFound("Artifact '" + clean + "' not found"));
    return new Download(entry.size() == null ? 0 : entry.size(), blobs.open(Sha256.parse(entry.digest())));
  }

  /** The entries directly inside a directory; a missing directory (or a file) lists as empty. */
  public List<ArtifactEntry> list(String path) {
    String clean = path.isEmpty() || path.equals("/") ? "" : checkPath(path);
    return db.read(tx -> store.listArtifactEntries(tx, clean));
  }

  /** Deletes a file or a directory tree. Blobs stay until garbage collection (others may share them). */
  public void delete(String path) {
    String clean = checkPath(path);
    db.write(tx -> store.deleteArtifactEntries(tx, clean));
  }

  /** Validates an artifact path: relative, no {@code ..}, no NUL, no empty or {@code .} segments. */
  public static String checkPath(String path) {
    if (path.isEmpty()) {
      throw PedigreeException.invalidArgument("artifact path must not be empty");
    }
    if (path.indexOf('\0') >= 0) {
      throw PedigreeException.invalidArgument("Invalid path: it contains a NUL character");
    }
    if (path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*")) {
      throw PedigreeException.invalidArgument("Invalid path: '" + path + "' is absolute");
    }
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    for (String segment : trimmed.split("[/\\\\]", -1)) {
      if (segment.equals("..")) {
        throw PedigreeException.invalidArgument("Invalid path: '" + path + "' contains '..'");
      }
      if (segment.isEmpty() || segment.equals(".")) {
        throw PedigreeException.invalidArgument("Invalid path: '" + path + "' has an empty or '.' segment");
      }
    }
    return trimmed;
  }

  private void linkToRun(WriteTransaction tx, String path) {
    Matcher matcher = RUN_PATH.matcher(path);
    if (!matcher.matches()) {
      return;
    }
    Optional<Run> run = store.findRun(tx, matcher.group(2));
    if (run.isEmpty() || run.get().experimentId() != Long.parseLong(matcher.group(1))) {
      return;
    }
    String name = run.get().runUuid() + "/" + matcher.group(3);
    long typeId = graph.typeId(MlflowGraph.RUN_ARTIFACT_TYPE);
    Optional<Node> existing = tx.findNodeByName(TypeKind.ARTIFACT, typeId, name);
    if (existing.isPresent()) {
      return;
    }
    String uri = "mlflow-artifacts:/" + matcher.group(1) + "/" + matcher.group(2) + "/artifacts/" + matcher.group(3);
    Artifact artifact = graph.createArtifact(tx, MlflowGraph.RUN_ARTIFACT_TYPE, name, uri, Map.of());
    graph.ensureEvent(tx, artifact.requireId(), run.get().executionId(), EventType.OUTPUT);
  }
}
