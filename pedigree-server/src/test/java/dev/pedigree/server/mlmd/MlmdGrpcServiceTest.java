package dev.pedigree.server.mlmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.FieldMask;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.TlsKeyPair;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import dev.pedigree.server.PedigreeServer;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.Artifact;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.ArtifactType;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.Association;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.Attribution;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.Context;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.ContextType;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.Event;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.Execution;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.ExecutionType;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.LineageGraphQueryOptions;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.LineageSubgraphQueryOptions;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.ListOperationOptions;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.ParentContext;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.PropertyType;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.Value;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceProto.*;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MLMD front door through a real gRPC client over loopback: each RPC group and each status code. */
class MlmdGrpcServiceTest {
  @TempDir Path dir;
  private MetadataStore store;
  private PedigreeServer server;
  private MetadataStoreServiceBlockingStub mlmd;

  @BeforeEach
  void start() {
    store = SqliteMetadataStore.open(dir.resolve("pedigree.db"), SqliteOptions.defaults());
    server = PedigreeServer.builder().port(0).store(store).dataDir(dir).start();
    mlmd = GrpcClients.builder("http://127.0.0.1:" + server.port())
        .maxResponseMessageLength(200 * 1024 * 1024).maxResponseLength(0)
        .build(MetadataStoreServiceBlockingStub.class);
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  private static void assertStatus(Status.Code code, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).as(e.getMessage()).isEqualTo(code));
  }

  private long artifactType(String name) {
    return mlmd.putArtifactType(PutArtifactTypeRequest.newBuilder().setArtifactType(ArtifactType.newBuilder()
        .setName(name).putProperties("rows", PropertyType.INT)).build()).getTypeId();
  }

  private long executionType(String name) {
    return mlmd.putExecutionType(PutExecutionTypeRequest.newBuilder()
        .setExecutionType(ExecutionType.newBuilder().setName(name)).build()).getTypeId();
  }

  private long contextType(String name) {
    return mlmd.putContextType(PutContextTypeRequest.newBuilder()
        .setContextType(ContextType.newBuilder().setName(name)).build()).getTypeId();
  }

  @Test
  void typesArePutEvolvedAndRead() {
    long id = artifactType("Dataset");
    assertThat(artifactType("Dataset")).isEqualTo(id);
    assertThat(mlmd.getArtifactType(GetArtifactTypeRequest.newBuilder().setTypeName("Dataset").build())
        .getArtifactType().getPropertiesMap()).containsEntry("rows", PropertyType.INT);
    assertThat(mlmd.getArtifactTypesByID(GetArtifactTypesByIDRequest.newBuilder().addTypeIds(id).addTypeIds(999)
        .build()).getArtifactTypesCount()).isEqualTo(1);
    PutTypesResponse bulk = mlmd.putTypes(PutTypesRequest.newBuilder()
        .addExecutionTypes(ExecutionType.newBuilder().setName("Trainer"))
        .addContextTypes(ContextType.newBuilder().setName("Run")).build());
    assertThat(bulk.getExecutionTypeIdsCount()).isEqualTo(1);
    assertThat(mlmd.getExecutionTypes(GetExecutionTypesRequest.getDefaultInstance()).getExecutionTypesCount())
        .isEqualTo(1);
    assertThat(mlmd.getContextTypes(GetContextTypesRequest.getDefaultInstance()).getContextTypes(0).getName())
        .isEqualTo("Run");
    assertStatus(Status.Code.ALREADY_EXISTS, () -> mlmd.putArtifactType(PutArtifactTypeRequest.newBuilder()
        .setArtifactType(ArtifactType.newBuilder().setName("Dataset").putProperties("rows", PropertyType.STRING))
        .build()));
    assertStatus(Status.Code.NOT_FOUND, () -> mlmd.getExecutionType(
        GetExecutionTypeRequest.newBuilder().setTypeName("Nope").build()));
    assertStatus(Status.Code.UNIMPLEMENTED, () -> mlmd.putTypes(PutTypesRequest.newBuilder()
        .setAllFieldsMatch(false).build()));
    assertStatus(Status.Code.INVALID_ARGUMENT, () -> mlmd.putContextType(PutContextTypeRequest.newBuilder()
        .setContextType(ContextType.newBuilder().setName("Bad").putProperties("x", PropertyType.UNKNOWN)).build()));
  }

  @Test
  void nodesArePutUpdatedListedAndFound() {
    long type = artifactType("Dataset");
    PutArtifactsResponse put = mlmd.putArtifacts(PutArtifactsRequest.newBuilder()
        .addArtifacts(Artifact.newBuilder().setTypeId(type).setName("a").setUri("s3://a").setExternalId("ext-a")
            .putProperties("rows", Value.newBuilder().setIntValue(3).build()))
        .addArtifacts(Artifact.newBuilder().setTypeId(type).setName("b").setUri("s3://b")).build());
    long a = put.getArtifactIds(0);
    mlmd.putArtifacts(PutArtifactsRequest.newBuilder()
        .addArtifacts(Artifact.newBuilder().setId(a).setUri("s3://a2"))
        .setUpdateMask(FieldMask.newBuilder().addPaths("uri")).build());
    Artifact stored = mlmd.getArtifactsByID(GetArtifactsByIDRequest.newBuilder().addArtifactIds(a)
        .setPopulateArtifactTypes(true).build()).getArtifacts(0);
    assertThat(stored.getUri()).isEqualTo("s3://a2");
    assertThat(stored.getProperties().get("rows").getIntValue()).isEqualTo(3);
    assertThat(mlmd.getArtifacts(GetArtifactsRequest.getDefaultInstance()).getArtifactsCount()).isEqualTo(2);
    GetArtifactsResponse page = mlmd.getArtifacts(GetArtifactsRequest.newBuilder()
        .setOptions(ListOperationOptions.newBuilder().setMaxResultSize(1)).build());
    assertThat(page.getNextPageToken()).isNotEmpty();
    assertThat(mlmd.getArtifactsByType(GetArtifactsByTypeRequest.newBuilder().setTypeName("Dataset").build())
        .getArtifactsCount()).isEqualTo(2);
    assertThat(mlmd.getArtifactByTypeAndName(GetArtifactByTypeAndNameRequest.newBuilder().setTypeName("Dataset")
        .setArtifactName("zzz").build()).hasArtifact()).isFalse();
    assertThat(mlmd.getArtifactsByURI(GetArtifactsByURIRequest.newBuilder().addUris("s3://b").build())
        .getArtifacts(0).getName()).isEqualTo("b");
    assertThat(mlmd.getArtifactsByExternalIds(GetArtifactsByExternalIdsRequest.newBuilder().addExternalIds("ext-a")
        .build()).getArtifactsCount()).isEqualTo(1);
    assertThat(mlmd.getArtifacts(GetArtifactsRequest.newBuilder().setOptions(ListOperationOptions.newBuilder()
        .setFilterQuery("properties.rows.int_value = 3")).build()).getArtifacts(0).getId()).isEqualTo(a);
    assertStatus(Status.Code.INVALID_ARGUMENT, () -> mlmd.putArtifacts(PutArtifactsRequest.newBuilder()
        .addArtifacts(Artifact.newBuilder().setId(9999).setTypeId(type)).build()));
    assertStatus(Status.Code.ALREADY_EXISTS, () -> mlmd.putArtifacts(PutArtifactsRequest.newBuilder()
        .addArtifacts(Artifact.newBuilder().setTypeId(type).setName("a")).build()));
    assertStatus(Status.Code.NOT_FOUND, () -> mlmd.putArtifacts(PutArtifactsRequest.newBuilder()
        .addArtifacts(Artifact.newBuilder().setTypeId(9999)).build()));
    assertStatus(Status.Code.FAILED_PRECONDITION, () -> mlmd.putArtifacts(PutArtifactsRequest.newBuilder()
        .addArtifacts(stored.toBuilder().setLastUpdateTimeSinceEpoch(1))
        .setOptions(PutArtifactsRequest.Options.newBuilder().setAbortIfLatestUpdatedTimeChanged(true)).build()));
    assertStatus(Status.Code.INVALID_ARGUMENT, () -> mlmd.getArtifacts(GetArtifactsRequest.newBuilder()
        .setOptions(ListOperationOptions.newBuilder().setMaxResultSize(0)).build()));
    assertStatus(Status.Code.INVALID_ARGUMENT, () -> mlmd.getArtifacts(GetArtifactsRequest.newBuilder()
        .setOptions(ListOperationOptions.newBuilder().setFilterQuery("uri = = 1")).build()));
  }

  @Test
  void edgesContextsAndAtomicPuts() {
    long data = artifactType("Dataset");
    long step = executionType("Step");
    long run = contextType("Run");
    PutExecutionResponse put = mlmd.putExecution(PutExecutionRequest.newBuilder()
        .setExecution(Execution.newBuilder().setTypeId(step).setLastKnownState(Execution.State.RUNNING))
        .addArtifactEventPairs(PutExecutionRequest.ArtifactAndEvent.newBuilder()
            .setArtifact(Artifact.newBuilder().setTypeId(data).setUri("s3://out"))
            .setEvent(Event.newBuilder().setType(Event.Type.OUTPUT)))
        .addContexts(Context.newBuilder().setTypeId(run).setName("r1")).build());
    long execution = put.getExecutionId();
    long artifact = put.getArtifactIds(0);
    long context = put.getContextIds(0);
    assertThat(mlmd.getEventsByExecutionIDs(GetEventsByExecutionIDsRequest.newBuilder().addExecutionIds(execution)
        .build()).getEvents(0).getType()).isEqualTo(Event.Type.OUTPUT);
    assertThat(mlmd.getEventsByArtifactIDs(GetEventsByArtifactIDsRequest.newBuilder().addArtifactIds(artifact)
        .build()).getEventsCount()).isEqualTo(1);
    assertThat(mlmd.getContextsByArtifact(GetContextsByArtifactRequest.newBuilder().setArtifactId(artifact).build())
        .getContexts(0).getId()).isEqualTo(context);
    assertThat(mlmd.getContextsByExecution(GetContextsByExecutionRequest.newBuilder().setExecutionId(execution)
        .build()).getContextsCount()).isEqualTo(1);
    assertThat(mlmd.getExecutionsByContext(GetExecutionsByContextRequest.newBuilder().setContextId(context).build())
        .getExecutionsCount()).isEqualTo(1);
    assertThat(mlmd.getArtifactsByContext(GetArtifactsByContextRequest.newBuilder().setContextId(context).build())
        .getArtifactsCount()).isEqualTo(1);
    // Idempotent links.
    mlmd.putAttributionsAndAssociations(PutAttributionsAndAssociationsRequest.newBuilder()
        .addAttributions(Attribution.newBuilder().setArtifactId(artifact).setContextId(context))
        .addAssociations(Association.newBuilder().setExecutionId(execution).setContextId(context)).build());
    long parent = mlmd.putContexts(PutContextsRequest.newBuilder()
        .addContexts(Context.newBuilder().setTypeId(run).setName("pipeline")).build()).getContextIds(0);
    mlmd.putParentContexts(PutParentContextsRequest.newBuilder()
        .addParentContexts(ParentContext.newBuilder().setChildId(context).setParentId(parent)).build());
    assertThat(mlmd.getParentContextsByContext(GetParentContextsByContextRequest.newBuilder().setContextId(context)
        .build()).getContexts(0).getId()).isEqualTo(parent);
    assertThat(mlmd.getChildrenContextsByContexts(GetChildrenContextsByContextsRequest.newBuilder()
        .addContextIds(parent).build()).getContextsMap().get(parent).getChildrenContextsCount()).isEqualTo(1);
    assertThat(mlmd.getContextsByID(GetContextsByIDRequest.newBuilder().addContextIds(parent).build())
        .getContextsCount()).isEqualTo(1);
    assertStatus(Status.Code.INVALID_ARGUMENT, () -> mlmd.putParentContexts(PutParentContextsRequest.newBuilder()
        .addParentContexts(ParentContext.newBuilder().setChildId(parent).setParentId(context)).build()));
    assertStatus(Status.Code.ALREADY_EXISTS, () -> mlmd.putEvents(PutEventsRequest.newBuilder()
        .addEvents(Event.newBuilder().setArtifactId(artifact).setExecutionId(execution).setType(Event.Type.OUTPUT))
        .build()));
    assertStatus(Status.Code.ALREADY_EXISTS, () -> mlmd.putExecution(PutExecutionRequest.newBuilder()
        .setExecution(Execution.newBuilder().setTypeId(step))
        .addContexts(Context.newBuilder().setTypeId(run).setName("r1")).build()));
    // Lineage, both generations.
    LineageSubgraphQueryOptions query = LineageSubgraphQueryOptions.newBuilder()
        .setStartingArtifacts(LineageSubgraphQueryOptions.StartingNodes.newBuilder().setFilterQuery("uri = 's3://out'"))
        .setMaxNumHops(2).build();
    assertThat(mlmd.getLineageSubgraph(GetLineageSubgraphRequest.newBuilder().setLineageSubgraphQueryOptions(query)
        .build()).getLineageSubgraph().getExecutionsCount()).isEqualTo(1);
    assertThat(mlmd.getLineageGraph(GetLineageGraphRequest.newBuilder().setOptions(LineageGraphQueryOptions
        .newBuilder().setArtifactsOptions(ListOperationOptions.getDefaultInstance())).build())
        .getSubgraph().getEventsCount()).isEqualTo(1);
    assertStatus(Status.Code.OUT_OF_RANGE, () -> mlmd.putLineageSubgraph(PutLineageSubgraphRequest.newBuilder()
        .addExecutions(Execution.newBuilder().setTypeId(step))
        .addEventEdges(PutLineageSubgraphRequest.EventEdge.newBuilder().setExecutionIndex(0).setArtifactIndex(3)
            .setEvent(Event.newBuilder().setType(Event.Type.INPUT))).build()));
  }

  @Test
  void theSameGraphIsVisibleThroughTheNativeApi() throws Exception {
    long type = artifactType("Dataset");
    long id = mlmd.putArtifacts(PutArtifactsRequest.newBuilder()
        .addArtifacts(Artifact.newBuilder().setTypeId(type).setName("from-mlmd").setUri("s3://x")).build())
        .getArtifactIds(0);
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/api/v1/artifacts/" + id)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("from-mlmd").contains("s3://x");
  }

  @Test
  void grpcWebClientsAreServedOnTheSamePort() {
    MetadataStoreServiceBlockingStub web = GrpcClients.builder("http://127.0.0.1:" + server.port())
        .serializationFormat(GrpcSerializationFormats.PROTO_WEB_TEXT).build(MetadataStoreServiceBlockingStub.class);
    long id = contextType("Run");
    assertThat(web.getContextTypesByID(GetContextTypesByIDRequest.newBuilder().addTypeIds(id).build())
        .getContextTypes(0).getName()).isEqualTo("Run");
    assertStatus(Status.Code.NOT_FOUND, () -> web.getContextType(
        GetContextTypeRequest.newBuilder().setTypeName("Nope").build()));
  }

  @Test
  void messagesLargerThanTheRestLimitAreAccepted() {
    long type = artifactType("Big");
    String big = "x".repeat(20 * 1024 * 1024);
    long id = mlmd.putArtifacts(PutArtifactsRequest.newBuilder().addArtifacts(Artifact.newBuilder().setTypeId(type)
        .putCustomProperties("blob", Value.newBuilder().setStringValue(big).build())).build()).getArtifactIds(0);
    assertThat(mlmd.getArtifactsByID(GetArtifactsByIDRequest.newBuilder().addArtifactIds(id).build())
        .getArtifacts(0).getCustomPropertiesMap().get("blob").getStringValue()).hasSize(big.length());
  }

  @Test
  void tlsIsServedWhenConfigured() throws Exception {
    TlsKeyPair pair = TlsKeyPair.ofSelfSigned("localhost");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.writeString(cert, pem("CERTIFICATE", pair.certificateChain().get(0).getEncoded()));
    Files.writeString(key, pem("PRIVATE KEY", pair.privateKey().getEncoded()));
    try (MetadataStore tlsStore = SqliteMetadataStore.open(dir.resolve("tls.db"), SqliteOptions.defaults());
        ClientFactory insecure = ClientFactory.builder().tlsNoVerify().build()) {
      PedigreeServer tls = PedigreeServer.builder().port(0).store(tlsStore).dataDir(dir).tls(cert, key).start();
      try {
        MetadataStoreServiceBlockingStub client = GrpcClients.builder("https://127.0.0.1:" + tls.port())
            .factory(insecure).build(MetadataStoreServiceBlockingStub.class);
        assertThat(client.getArtifactTypes(GetArtifactTypesRequest.getDefaultInstance()).getArtifactTypesCount())
            .isZero();
        MetadataStoreServiceBlockingStub plain = GrpcClients.builder("http://127.0.0.1:" + tls.port())
            .build(MetadataStoreServiceBlockingStub.class);
        assertThatThrownBy(() -> plain.getArtifactTypes(GetArtifactTypesRequest.getDefaultInstance()))
            .isInstanceOf(StatusRuntimeException.class);
      } finally {
        tls.close();
      }
    }
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }
}
