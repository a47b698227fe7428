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
    this.db = graph.db();
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

  // Multipart uploads: each part is stored as a blob; completing concatenates them into the file.

  /** Opens a multipart upload of {@code numParts} parts to {@code path}; returns its id. */
  public String createUpload(String path, long numParts) {
    String clean = checkPath(path);
    if (numParts < 1 || numParts > 10_000) {
      throw PedigreeException.invalidArgument("num_parts: " + numParts + " (expected: 1..10000)");
    }
    String uploadId = MlflowGraph.newHexId();
    db.write(tx -> {
      store.insertUpload(tx, uploadId, clean, (int) numParts, graph.now());
      return null;
    });
    return uploadId;
  }

  /** Stores one part; returns its ETag (the part's SHA-256). */
  public String putPart(String uploadId, long partNumber, InputStream content) {
    int parts = db.read(tx -> store.findUpload(tx, uploadId))
        .orElseThrow(() -> PedigreeException.notFound("Multipart upload " + uploadId + " not found")).getValue();
    if (partNumber < 1 || partNumber > parts) {
      throw PedigreeException.invalidArgument("part_number: " + partNumber + " (expected: 1.." + parts + ")");
    }
    PutResult stored = blobs.putAndDigest(content);
    db.write(tx -> {
      store.findUpload(tx, uploadId)
          .orElseThrow(() -> PedigreeException.notFound("Multipart upload " + uploadId + " not found"));
      store.putUploadPart(tx, uploadId, (int) partNumber, stored.digest().hex(), stored.size());
      return null;
    });
    return stored.digest().hex();
  }

  /** A part as the client reports it on completion. */
  public record CompletedPart(long partNumber, String etag) {}

  /** Joins the parts, in order, into the file at the upload's path; the upload then ends. */
  public ArtifactEntry completeUpload(String path, String uploadId, List<CompletedPart> completed) {
    String clean = checkPath(path);
    var upload = db.read(tx -> store.findUpload(tx, uploadId))
        .orElseThrow(() -> PedigreeException.notFound("Multipart upload " + uploadId + " not found"));
    if (!upload.getKey().equals(clean)) {
      throw PedigreeException.invalidArgument("Multipart upload " + uploadId + " is for '" + upload.getKey()
          + "', not '" + clean + "'");
    }
    var stored = db.read(tx -> store.uploadParts(tx, uploadId));
    if (completed.isEmpty() || completed.size() != stored.size()) {
      throw PedigreeException.invalidArgument("Multipart upload " + uploadId + " has " + stored.size()
          + " parts stored, the request lists " + completed.size());
    }
    List<Sha256> order = new java.util.ArrayList<>();
    for (CompletedPart part : completed.stream().sorted(java.util.Comparator.comparingLong(CompletedPart::partNumber))
        .toList()) {
      var entry = stored.get((int) part.partNumber());
      String etag = part.etag().replace("\"", "");
      if (entry == null || !entry.getKey().equals(etag)) {
        throw PedigreeException.invalidArgument("Part " + part.partNumber() + " of upload " + uploadId
            + " is missing or its ETag does not match");
      }
      order.add(Sha256.parse(entry.getKey()));
    }
    PutResult joined;
    java.util.Iterator<Sha256> next = order.iterator();
    try (InputStream all = new java.io.SequenceInputStream(new java.util.Enumeration<InputStream>() {
      @Override
      public boolean hasMoreElements() {
        return next.hasNext();
      }

      @Override
      public InputStream nextElement() {
        return blobs.open(next.next());
      }
    })) {
      joined = blobs.putAndDigest(all);
    } catch (java.io.IOException e) {
      throw PedigreeException.unavailable("joining the parts of upload " + uploadId + " failed", e);
    }
    return db.write(tx -> {
      store.putArtifactFile(tx, clean, joined.digest().hex(), joined.size(), graph.now());
      linkToRun(tx, clean);
      store.deleteUpload(tx, uploadId);
      return store.findArtifactEntry(tx, clean).orElseThrow();
    });
  }

  /** Ends an upload without a file; its parts' blobs are left to garbage collection. */
  public void abortUpload(String uploadId) {
    db.write(tx -> {
      store.deleteUpload(tx, uploadId);
      return null;
    });
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
