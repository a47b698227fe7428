package dev.pedigree.bench;

import com.linecorp.armeria.client.grpc.GrpcClients;
import dev.pedigree.server.PedigreeServer;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.Artifact;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.ArtifactType;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.Attribution;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.Context;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.ContextType;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.Event;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.Execution;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.ExecutionType;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceProto.GetArtifactsByURIRequest;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceProto.GetContextsByArtifactRequest;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceProto.GetEventsByArtifactIDsRequest;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceProto.GetExecutionTypeRequest;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceProto.PutArtifactTypeRequest;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceProto.PutArtifactsRequest;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceProto.PutAttributionsAndAssociationsRequest;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceProto.PutContextTypeRequest;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceProto.PutContextsRequest;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceProto.PutEventsRequest;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceProto.PutExecutionTypeRequest;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceProto.PutExecutionsRequest;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The floor under the MLMD front door's point reads: one Java gRPC client calling an in-process
 * server (loopback, SQLite) sequentially, so the numbers hold no Python client. An empty request
 * (a lookup of no URIs) is the round trip alone; the reads are those of {@code mlmd_bench.py}.
 * Prints wall time and process CPU (client and server together) per call, after a warm-up.
 * Usage: {@code pedigree-bench/run MlmdRoundTrip [calls]}.
 */
public final class MlmdRoundTrip {
  private static final int NODES = 100;

  private MlmdRoundTrip() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    Path dir = Files.createTempDirectory("pedigree-mlmd-round-trip");
    try (SqliteMetadataStore store = SqliteMetadataStore.open(dir.resolve("pedigree.db"), SqliteOptions.defaults());
        PedigreeServer server = PedigreeServer.builder().port(0).store(store).dataDir(dir).start()) {
      MetadataStoreServiceBlockingStub mlmd = GrpcClients.newClient(
          "http://127.0.0.1:" + server.port() + "/", MetadataStoreServiceBlockingStub.class);
      long artifactType = mlmd.putArtifactType(PutArtifactTypeRequest.newBuilder()
          .setArtifactType(ArtifactType.newBuilder().setName("Dataset")).build()).getTypeId();
      long executionType = mlmd.putExecutionType(PutExecutionTypeRequest.newBuilder()
          .setExecutionType(ExecutionType.newBuilder().setName("Trainer")).build()).getTypeId();
      long contextType = mlmd.putContextType(PutContextTypeRequest.newBuilder()
          .setContextType(ContextType.newBuilder().setName("Run")).build()).getTypeId();
      PutArtifactsRequest.Builder artifacts = PutArtifactsRequest.newBuilder();
      PutExecutionsRequest.Builder executions = PutExecutionsRequest.newBuilder();
      for (int i = 0; i < NODES; i++) {
        artifacts.addArtifacts(Artifact.newBuilder().setTypeId(artifactType).setUri("s3://b/" + i));
        executions.addExecutions(Execution.newBuilder().setTypeId(executionType));
      }
      List<Long> artifactIds = mlmd.putArtifacts(artifacts.build()).getArtifactIdsList();
      List<Long> executionIds = mlmd.putExecutions(executions.build()).getExecutionIdsList();
      long context = mlmd.putContexts(PutContextsRequest.newBuilder()
          .addContexts(Context.newBuilder().setTypeId(contextType).setName("r")).build()).getContextIds(0);
      PutAttributionsAndAssociationsRequest.Builder links = PutAttributionsAndAssociationsRequest.newBuilder();
      PutEventsRequest.Builder events = PutEventsRequest.newBuilder();
      for (int i = 0; i < NODES; i++) {
        links.addAttributions(Attribution.newBuilder().setContextId(context).setArtifactId(artifactIds.get(i)));
        events.addEvents(Event.newBuilder().setArtifactId(artifactIds.get(i))
            .setExecutionId(executionIds.get(i)).setType(Event.Type.INPUT));
      }
      mlmd.putAttributionsAndAssociations(links.build());
      mlmd.putEvents(events.build());

      Random random = new Random(42);
      GetArtifactsByURIRequest empty = GetArtifactsByURIRequest.getDefaultInstance();
      GetExecutionTypeRequest typeByName = GetExecutionTypeRequest.newBuilder().setTypeName("Trainer").build();
      measure("Round trip (empty request)", calls, () -> mlmd.getArtifactsByURI(empty));
      measure("ReadTypes(by name)", calls, () -> mlmd.getExecutionType(typeByName));
      measure("ReadNodesViaContextEdges(contexts by artifact)", calls, () -> mlmd.getContextsByArtifact(
          GetContextsByArtifactRequest.newBuilder().setArtifactId(artifactIds.get(random.nextInt(NODES))).build()));
      measure("ReadEvents(by artifact ids x10)", calls, () -> {
        GetEventsByArtifactIDsRequest.Builder request = GetEventsByArtifactIDsRequest.newBuilder();
        for (int i = 0; i < 10; i++) {
          request.addArtifactIds(artifactIds.get(random.nextInt(NODES)));
        }
        mlmd.getEventsByArtifactIDs(request.build());
      });
    }
  }

  /** Runs {@code call} {@code calls} times to warm up, then {@code calls} times timed. */
  private static void measure(String name, int calls, Runnable call) {
    for (int i = 0; i < calls; i++) {
      call.run();
    }
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      call.run();
    }
    double wall = (System.nanoTime() - start) / 1e3 / calls;
    double cpu = (os.getProcessCpuTime() - cpuStart) / 1e3 / calls;
    System.out.printf("%-48s %7.0f µs/call wall  %7.0f µs/call CPU (client + server)%n", name, wall, cpu);
  }
}
