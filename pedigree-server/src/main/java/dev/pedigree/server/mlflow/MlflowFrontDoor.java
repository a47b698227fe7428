package dev.pedigree.server.mlflow;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import dev.pedigree.core.metadata.MetadataService;
import dev.pedigree.core.mlflow.LoggedModels;
import dev.pedigree.core.mlflow.MlflowArtifacts;
import dev.pedigree.core.mlflow.MlflowGraph;
import dev.pedigree.core.mlflow.MlflowTracking;
import dev.pedigree.core.mlflow.ModelRegistry;
import dev.pedigree.store.blob.BlobStore;
import dev.pedigree.store.jdbc.mlflow.JdbcMlflowStore;
import java.time.Clock;
import java.time.Duration;

/**
 * Mounts the MLflow front door: tracking and registry routes under {@code /api/2.0/mlflow} and
 * {@code /ajax-api/2.0/mlflow}, the artifact proxy under {@code /api/2.0/mlflow-artifacts}, and
 * {@code /api/3.0/mlflow/server-info}.
 */
public final class MlflowFrontDoor {
  private static final String SERVER_INFO = "{\"store_type\":\"SqlStore\",\"workspaces_enabled\":false,"
      + "\"trace_archival_enabled\":false,\"multipart_uploads_enabled\":true,\"multipart_downloads_enabled\":false}";

  private MlflowFrontDoor() {}

  public static void mount(ServerBuilder sb, MetadataService metadata, BlobStore blobs, Clock clock) {
    MlflowGraph graph = new MlflowGraph(metadata, new JdbcMlflowStore(), clock);
    MlflowTracking tracking = new MlflowTracking(graph);
    LoggedModels loggedModels = new LoggedModels(graph, tracking);
    ModelRegistry registry = new ModelRegistry(graph, tracking, loggedModels);
    MlflowArtifacts artifacts = new MlflowArtifacts(graph, blobs);
    TrackingApi trackingApi = new TrackingApi(tracking, loggedModels, artifacts);
    LoggedModelApi loggedModelApi = new LoggedModelApi(loggedModels, artifacts);
    RegistryApi registryApi = new RegistryApi(registry);
    for (String prefix : new String[] {"/api/2.0/mlflow", "/ajax-api/2.0/mlflow"}) {
      sb.annotatedService(prefix, trackingApi);
      sb.annotatedService(prefix, loggedModelApi);
      sb.annotatedService(prefix, registryApi);
    }
    for (String prefix : new String[] {"/api/3.0/mlflow", "/ajax-api/3.0/mlflow"}) {
      sb.service(prefix + "/server-info", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8,
          SERVER_INFO));
    }
    // Artifact bodies stream, so they are not bound by the JSON routes' request size and timeout.
    sb.annotatedService()
        .pathPrefix("/api/2.0/mlflow-artifacts")
        .maxRequestLength(0)
        .requestTimeout(Duration.ofHours(1))
        .build(new ArtifactApi(artifacts));
  }
}
