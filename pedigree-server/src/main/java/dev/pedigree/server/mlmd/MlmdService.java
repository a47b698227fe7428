package dev.pedigree.server.mlmd;

import static dev.pedigree.server.mlmd.MlmdProtos.listOptions;

import dev.pedigree.core.metadata.LineageGraph;
import dev.pedigree.core.metadata.LineageQuery;
import dev.pedigree.core.metadata.ListOptions;
import dev.pedigree.core.metadata.MetadataService;
import dev.pedigree.core.metadata.NodeListing;
import dev.pedigree.core.metadata.PutExecution;
import dev.pedigree.core.metadata.PutLineageSubgraph;
import dev.pedigree.core.metadata.PutOptions;
import dev.pedigree.core.metadata.TypeEvolution;
import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.Page;
import dev.pedigree.model.Context;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.TypeKind;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.LineageSubgraphQueryOptions;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceGrpc;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceProto.*;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code ml_metadata.MetadataStoreService}: each RPC decodes its request, calls the core metadata
 * service and encodes the answer. Errors leave as {@link PedigreeException}s, which {@link MlmdErrors}
 * turns into gRPC statuses.
 */
final class MlmdService extends MetadataStoreServiceGrpc.MetadataStoreServiceImplBase {
  /** GetLineageGraph's defaults when the request leaves them unset. */
  private static final int DEFAULT_LINEAGE_HOPS = 20;

  private final MetadataService metadata;

  MlmdService(MetadataService metadata) {
    this.metadata = metadata;
  }

  private static <T> void unary(StreamObserver<T> response, Supplier<T> call) {
    T answer;
    try {
      answer = call.get();
    } catch (RuntimeException e) {
      response.onError(e);
      return;
    }
    response.onNext(answer);
    response.onCompleted();
  }

  // Types

  private static TypeEvolution evolution(boolean canAdd, boolean canOmit, boolean allFieldsMatch,
      boolean canDelete) {
    if (!allFieldsMatch) {
      throw new PedigreeException(ErrorCode.UNIMPLEMENTED, "all_fields_match=false is not supported");
    }
    if (canDelete) {
      throw new PedigreeException(ErrorCode.UNIMPLEMENTED, "can_delete_fields is not supported");
    }
    return new TypeEvolution(canAdd, canOmit);
  }

  @Override
  public void putArtifactType(PutArtifactTypeRequest request, StreamObserver<PutArtifactTypeResponse> response) {
    unary(response, () -> {
      requirePresent(request.hasArtifactType(), "artifact_type");
      NodeType type = metadata.putType(MlmdProtos.type(request.getArtifactType()), evolution(
          request.getCanAddFields(), request.getCanOmitFields(), request.getAllFieldsMatch(), request.getCanDeleteFields()));
      return PutArtifactTypeResponse.newBuilder().setTypeId(type.requireId()).build();
    });
  }

  @Override
  public void putExecutionType(PutExecutionTypeRequest request, StreamObserver<PutExecutionTypeResponse> response) {
    unary(response, () -> {
      requirePresent(request.hasExecutionType(), "execution_type");
      NodeType type = metadata.putType(MlmdProtos.type(request.getExecutionType()), evolution(
          request.getCanAddFields(), request.getCanOmitFields(), request.getAllFieldsMatch(), request.getCanDeleteFields()));
      return PutExecutionTypeResponse.newBuilder().setTypeId(type.requireId()).build();
    });
  }

  @Override
  public void putContextType(PutContextTypeRequest request, StreamObserver<PutContextTypeResponse> response) {
    unary(response, () -> {
      requirePresent(request.hasContextType(), "context_type");
      NodeType type = metadata.putType(MlmdProtos.type(request.getContextType()), evolution(
          request.getCanAddFields(), request.getCanOmitFields(), request.getAllFieldsMatch(), request.getCanDeleteFields()));
      return PutContextTypeResponse.newBuilder().setTypeId(type.requireId()).build();
    });
  }

  @Override
  public void putTypes(PutTypesRequest request, StreamObserver<PutTypesResponse> response) {
    unary(response, () -> {
      TypeEvolution evolution = evolution(request.getCanAddFields(), request.getCanOmitFields(),
          request.getAllFieldsMatch(), request.getCanDeleteFields());
      List<NodeType> types = new ArrayList<>();
      request.getArtifactTypesList().forEach(t -> types.add(MlmdProtos.type(t)));
      request.getExecutionTypesList().forEach(t -> types.add(MlmdProtos.type(t)));
      request.getContextTypesList().forEach(t -> types.add(MlmdProtos.type(t)));
      List<NodeType> stored = metadata.putTypes(types, evolution);
      PutTypesResponse.Builder answer = PutTypesResponse.newBuilder();
      for (NodeType type : stored) {
        switch (type.kind()) {
          case ARTIFACT -> answer.addArtifactTypeIds(type.requireId());
          case EXECUTION -> answer.addExecutionTypeIds(type.requireId());
          case CONTEXT -> answer.addContextTypeIds(type.requireId());
        }
      }
      return answer.build();
    });
  }

  private Optional<NodeType> findType(TypeKind kind, String name, String version) {
    return metadata.findType(kind, name, version.isEmpty() ? null : version);
  }

  private NodeType requireType(TypeKind kind, String name, String version) {
    return metadata.type(kind, name, version.isEmpty() ? null : version);
  }

  @Override
  public void getArtifactType(GetArtifactTypeRequest request, StreamObserver<GetArtifactTypeResponse> response) {
    unary(response, () -> GetArtifactTypeResponse.newBuilder().setArtifactType(MlmdProtos.artifactType(
        requireType(TypeKind.ARTIFACT, request.getTypeName(), request.getTypeVersion()))).build());
  }

  @Override
  public void getExecutionType(GetExecutionTypeRequest request, StreamObserver<GetExecutionTypeResponse> response) {
    unary(response, () -> GetExecutionTypeResponse.newBuilder().setExecutionType(MlmdProtos.executionType(
        requireType(TypeKind.EXECUTION, request.getTypeName(), request.getTypeVersion()))).build());
  }

  @Override
  public void getContextType(GetContextTypeRequest request, StreamObserver<GetContextTypeResponse> response) {
    unary(response, () -> GetContextTypeResponse.newBuilder().setContextType(MlmdProtos.contextType(
        requireType(TypeKind.CONTEXT, request.getTypeName(), request.getTypeVersion()))).build());
  }

  @Override
  public void getArtifactTypesByID(GetArtifactTypesByIDRequest request,
      StreamObserver<GetArtifactTypesByIDResponse> response) {
    unary(response, () -> GetArtifactTypesByIDResponse.newBuilder().addAllArtifactTypes(map(
        metadata.types(TypeKind.ARTIFACT, request.getTypeIdsList()), MlmdProtos::artifactType)).build());
  }

  @Override
  public void getExecutionTypesByID(GetExecutionTypesByIDRequest request,
      StreamObserver<GetExecutionTypesByIDResponse> response) {
    unary(response, () -> GetExecutionTypesByIDResponse.newBuilder().addAllExecutionTypes(map(
        metadata.types(TypeKind.EXECUTION, request.getTypeIdsList()), MlmdProtos::executionType)).build());
  }

  @Override
  public void getContextTypesByID(GetContextTypesByIDRequest request,
      StreamObserver<GetContextTypesByIDResponse> response) {
    unary(response, () -> GetContextTypesByIDResponse.newBuilder().addAllContextTypes(map(
        metadata.types(TypeKind.CONTEXT, request.getTypeIdsList()), MlmdProtos::contextType)).build());
  }

  @Override
  public void getArtifactTypes(GetArtifactTypesRequest request, StreamObserver<GetArtifactTypesResponse> response) {
    unary(response, () -> GetArtifactTypesResponse.newBuilder().addAllArtifactTypes(map(
        metadata.listTypes(TypeKind.ARTIFACT), MlmdProtos::artifactType)).build());
  }

  @Override
  public void getExecutionTypes(GetExecutionTypesRequest request, StreamObserver<GetExecutionTypesResponse> response) {
    unary(response, () -> GetExecutionTypesResponse.newBuilder().addAllExecutionTypes(map(
        metadata.listTypes(TypeKind.EXECUTION), MlmdProtos::executionType)).build());
  }

  @Override
  public void getContextTypes(GetContextTypesRequest request, StreamObserver<GetContextTypesResponse> response) {
    unary(response, () -> GetContextTypesResponse.newBuilder().addAllContextTypes(map(
        metadata.listTypes(TypeKind.CONTEXT), MlmdProtos::contextType)).build());
  }

  @Override
  public void getArtifactTypesByExternalIds(GetArtifactTypesByExternalIdsRequest request,
      StreamObserver<GetArtifactTypesByExternalIdsResponse> response) {
    unary(response, () -> GetArtifactTypesByExternalIdsResponse.newBuilder().addAllArtifactTypes(map(
        metadata.typesByExternalIds(TypeKind.ARTIFACT, request.getExternalIdsList()), MlmdProtos::artifactType))
        .build());
  }

  @Override
  public void getExecutionTypesByExternalIds(GetExecutionTypesByExternalIdsRequest request,
      StreamObserver<GetExecutionTypesByExternalIdsResponse> response) {
    unary(response, () -> GetExecutionTypesByExternalIdsResponse.newBuilder().addAllExecutionTypes(map(
        metadata.typesByExternalIds(TypeKind.EXECUTION, request.getExternalIdsList()), MlmdProtos::executionType))
        .build());
  }

  @Override
  public void getContextTypesByExternalIds(GetContextTypesByExternalIdsRequest request,
      StreamObserver<GetContextTypesByExternalIdsResponse> response) {
    unary(response, () -> GetContextTypesByExternalIdsResponse.newBuilder().addAllContextTypes(map(
        metadata.typesByExternalIds(TypeKind.CONTEXT, request.getExternalIdsList()), MlmdProtos::contextType))
        .build());
  }

  // Node writes

  private static PutOptions putOptions(boolean hasMask, com.google.protobuf.FieldMask mask, boolean abortIfChanged) {
    return new PutOptions(hasMask ? Set.copyOf(mask.getPathsList()) : Set.of(), abortIfChanged);
  }

  private List<Long> putNodes(List<? extends Node> nodes, PutOptions options) {
    return map(metadata.putNodes(nodes, options), Node::requireId);
  }

  @Override
  public void putArtifacts(PutArtifactsRequest request, StreamObserver<PutArtifactsResponse> response) {
    unary(response, () -> PutArtifactsResponse.newBuilder().addAllArtifactIds(putNodes(
        map(request.getArtifactsList(), MlmdProtos::artifact),
        putOptions(request.hasUpdateMask(), request.getUpdateMask(),
            request.getOptions().getAbortIfLatestUpdatedTimeChanged()))).build());
  }

  @Override
  public void putExecutions(PutExecutionsRequest request, StreamObserver<PutExecutionsResponse> response) {
    unary(response, () -> PutExecutionsResponse.newBuilder().addAllExecutionIds(putNodes(
        map(request.getExecutionsList(), MlmdProtos::execution),
        putOptions(request.hasUpdateMask(), request.getUpdateMask(), false))).build());
  }

  @Override
  public void putContexts(PutContextsRequest request, StreamObserver<PutContextsResponse> response) {
    unary(response, () -> PutContextsResponse.newBuilder().addAllContextIds(putNodes(
        map(request.getContextsList(), MlmdProtos::context),
        putOptions(request.hasUpdateMask(), request.getUpdateMask(), false))).build());
  }

  // Edge writes

  @Override
  public void putEvents(PutEventsRequest request, StreamObserver<PutEventsResponse> response) {
    unary(response, () -> {
      metadata.putEvents(map(request.getEventsList(), MlmdProtos::event));
      return PutEventsResponse.getDefaultInstance();
    });
  }

  @Override
  public void putAttributionsAndAssociations(PutAttributionsAndAssociationsRequest request,
      StreamObserver<PutAttributionsAndAssociationsResponse> response) {
    unary(response, () -> {
      metadata.putAttributionsAndAssociations(map(request.getAttributionsList(), MlmdProtos::attribution),
          map(request.getAssociationsList(), MlmdProtos::association));
      return PutAttributionsAndAssociationsResponse.getDefaultInstance();
    });
  }

  @Override
  public void putParentContexts(PutParentContextsRequest request, StreamObserver<PutParentContextsResponse> response) {
    unary(response, () -> {
      metadata.putParentContexts(map(request.getParentContextsList(), MlmdProtos::parentContext));
      return PutParentContextsResponse.getDefaultInstance();
    });
  }

  @Override
  public void putExecution(PutExecutionRequest request, StreamObserver<PutExecutionResponse> response) {
    unary(response, () -> {
      requirePresent(request.hasExecution(), "execution");
      List<PutExecution.ArtifactAndEvent> pairs = new ArrayList<>();
      for (PutExecutionRequest.ArtifactAndEvent pair : request.getArtifactEventPairsList()) {
        pairs.add(new PutExecution.ArtifactAndEvent(
            pair.hasArtifact() ? MlmdProtos.artifact(pair.getArtifact()) : null,
            pair.hasEvent() ? MlmdProtos.event(pair.getEvent()) : null));
      }
      PutExecution.Result result = metadata.putExecution(new PutExecution(
          MlmdProtos.execution(request.getExecution()), pairs, map(request.getContextsList(), MlmdProtos::context),
          request.getOptions().getReuseContextIfAlreadyExist(),
          request.getOptions().getReuseArtifactIfAlreadyExistByExternalId()));
      return PutExecutionResponse.newBuilder().setExecutionId(result.executionId())
          .addAllArtifactIds(result.artifactIds()).addAllContextIds(result.contextIds()).build();
    });
  }

  @Override
  public void putLineageSubgraph(PutLineageSubgraphRequest request,
      StreamObserver<PutLineageSubgraphResponse> response) {
    unary(response, () -> {
      List<PutLineageSubgraph.EventEdge> edges = new ArrayList<>();
      for (PutLineageSubgraphRequest.EventEdge edge : request.getEventEdgesList()) {
        edges.add(new PutLineageSubgraph.EventEdge(
            edge.hasExecutionIndex() ? edge.getExecutionIndex() : null,
            edge.hasArtifactIndex() ? edge.getArtifactIndex() : null,
            edge.hasEvent() ? MlmdProtos.event(edge.getEvent()) : null));
      }
      PutLineageSubgraph.Result result = metadata.putLineageSubgraph(new PutLineageSubgraph(
          map(request.getExecutionsList(), MlmdProtos::execution), map(request.getArtifactsList(), MlmdProtos::artifact),
          map(request.getContextsList(), MlmdProtos::context), edges,
          request.getOptions().getReuseContextIfAlreadyExist(),
          request.getOptions().getReuseArtifactIfAlreadyExistByExternalId()));
      return PutLineageSubgraphResponse.newBuilder().addAllExecutionIds(result.executionIds())
          .addAllArtifactIds(result.artifactIds()).addAllContextIds(result.contextIds()).build();
    });
  }

  // Node reads

  private Page<Node> list(NodeListing listing, boolean hasOptions, MetadataStoreProto.ListOperationOptions options) {
    return metadata.listNodes(listing, listOptions(hasOptions, options));
  }

  /** Nodes of the named type; a missing type lists nothing, as in MLMD. */
  private Page<Node> listByType(TypeKind kind, String typeName, String typeVersion, boolean hasOptions,
      MetadataStoreProto.ListOperationOptions options) {
    ListOptions listOptions = listOptions(hasOptions, options);
    Optional<NodeType> type = findType(kind, typeName, typeVersion);
    if (type.isEmpty()) {
      return new Page<>(List.of(), null);
    }
    return metadata.listNodes(NodeListing.ofType(kind, type.get().requireId()), listOptions);
  }

  @Override
  public void getArtifacts(GetArtifactsRequest request, StreamObserver<GetArtifactsResponse> response) {
    unary(response, () -> {
      Page<Node> page = list(NodeListing.all(TypeKind.ARTIFACT), request.hasOptions(), request.getOptions());
      GetArtifactsResponse.Builder answer = GetArtifactsResponse.newBuilder()
          .addAllArtifacts(map(page.items(), MlmdProtos::artifact));
      if (page.nextPageToken() != null) {
        answer.setNextPageToken(page.nextPageToken());
      }
      return answer.build();
    });
  }

  @Override
  public void getExecutions(GetExecutionsRequest request, StreamObserver<GetExecutionsResponse> response) {
    unary(response, () -> {
      Page<Node> page = list(NodeListing.all(TypeKind.EXECUTION), request.hasOptions(), request.getOptions());
      GetExecutionsResponse.Builder answer = GetExecutionsResponse.newBuilder()
          .addAllExecutions(map(page.items(), MlmdProtos::execution));
      if (page.nextPageToken() != null) {
        answer.setNextPageToken(page.nextPageToken());
      }
      return answer.build();
    });
  }

  @Override
  public void getContexts(GetContextsRequest request, StreamObserver<GetContextsResponse> response) {
    unary(response, () -> {
      Page<Node> page = list(NodeListing.all(TypeKind.CONTEXT), request.hasOptions(), request.getOptions());
      GetContextsResponse.Builder answer = GetContextsResponse.newBuilder()
          .addAllContexts(map(page.items(), MlmdProtos::context));
      if (page.nextPageToken() != null) {
        answer.setNextPageToken(page.nextPageToken());
      }
      return answer.build();
    });
  }

  @Override
  public void getArtifactsByID(GetArtifactsByIDRequest request, StreamObserver<GetArtifactsByIDResponse> response) {
    unary(response, () -> {
      List<Node> nodes = metadata.nodes(TypeKind.ARTIFACT, request.getArtifactIdsList());
      GetArtifactsByIDResponse.Builder answer = GetArtifactsByIDResponse.newBuilder()
          .addAllArtifacts(map(nodes, MlmdProtos::artifact));
      if (request.getPopulateArtifactTypes()) {
        Set<Long> typeIds = new TreeSet<>();
        nodes.forEach(node -> typeIds.add(node.typeId()));
        answer.addAllArtifactTypes(map(metadata.types(TypeKind.ARTIFACT, typeIds), MlmdProtos::artifactType));
      }
      return answer.build();
    });
  }

  @Override
  public void getExecutionsByID(GetExecutionsByIDRequest request, StreamObserver<GetExecutionsByIDResponse> response) {
    unary(response, () -> GetExecutionsByIDResponse.newBuilder().addAllExecutions(map(
        metadata.nodes(TypeKind.EXECUTION, request.getExecutionIdsList()), MlmdProtos::execution)).build());
  }

  @Override
  public void getContextsByID(GetContextsByIDRequest request, StreamObserver<GetContextsByIDResponse> response) {
    unary(response, () -> GetContextsByIDResponse.newBuilder().addAllContexts(map(
        metadata.nodes(TypeKind.CONTEXT, request.getContextIdsList()), MlmdProtos::context)).build());
  }

  @Override
  public void getArtifactsByType(GetArtifactsByTypeRequest request, StreamObserver<GetArtifactsByTypeResponse> response) {
    unary(response, () -> {
      Page<Node> page = listByType(TypeKind.ARTIFACT, request.getTypeName(), request.getTypeVersion(),
          request.hasOptions(), request.getOptions());
      GetArtifactsByTypeResponse.Builder answer = GetArtifactsByTypeResponse.newBuilder()
          .addAllArtifacts(map(page.items(), MlmdProtos::artifact));
      if (page.nextPageToken() != null) {
        answer.setNextPageToken(page.nextPageToken());
      }
      return answer.build();
    });
  }

  @Override
  public void getExecutionsByType(GetExecutionsByTypeRequest request,
      StreamObserver<GetExecutionsByTypeResponse> response) {
    unary(response, () -> {
      Page<Node> page = listByType(TypeKind.EXECUTION, request.getTypeName(), request.getTypeVersion(),
          request.hasOptions(), request.getOptions());
      GetExecutionsByTypeResponse.Builder answer = GetExecutionsByTypeResponse.newBuilder()
          .addAllExecutions(map(page.items(), MlmdProtos::execution));
      if (page.nextPageToken() != null) {
        answer.setNextPageToken(page.nextPageToken());
      }
      return answer.build();
    });
  }

  @Override
  public void getContextsByType(GetContextsByTypeRequest request, StreamObserver<GetContextsByTypeResponse> response) {
    unary(response, () -> {
      Page<Node> page = listByType(TypeKind.CONTEXT, request.getTypeName(), request.getTypeVersion(),
          request.hasOptions(), request.getOptions());
      GetContextsByTypeResponse.Builder answer = GetContextsByTypeResponse.newBuilder()
          .addAllContexts(map(page.items(), MlmdProtos::context));
      if (page.nextPageToken() != null) {
        answer.setNextPageToken(page.nextPageToken());
      }
      return answer.build();
    });
  }

  private Optional<Node> byTypeAndName(TypeKind kind, String typeName, String typeVersion, String name) {
    return metadata.nodeByTypeAndName(kind, typeName, typeVersion.isEmpty() ? null : typeVersion, name);
  }

  @Override
  public void getArtifactByTypeAndName(GetArtifactByTypeAndNameRequest request,
      StreamObserver<GetArtifactByTypeAndNameResponse> response) {
    unary(response, () -> {
      GetArtifactByTypeAndNameResponse.Builder answer = GetArtifactByTypeAndNameResponse.newBuilder();
      byTypeAndName(TypeKind.ARTIFACT, request.getTypeName(), request.getTypeVersion(), request.getArtifactName())
          .ifPresent(node -> answer.setArtifact(MlmdProtos.artifact(node)));
      return answer.build();
    });
  }

  @Override
  public void getExecutionByTypeAndName(GetExecutionByTypeAndNameRequest request,
      StreamObserver<GetExecutionByTypeAndNameResponse> response) {
    unary(response, () -> {
      GetExecutionByTypeAndNameResponse.Builder answer = GetExecutionByTypeAndNameResponse.newBuilder();
      byTypeAndName(TypeKind.EXECUTION, request.getTypeName(), request.getTypeVersion(), request.getExecutionName())
          .ifPresent(node -> answer.setExecution(MlmdProtos.execution(node)));
      return answer.build();
    });
  }

  @Override
  public void getContextByTypeAndName(GetContextByTypeAndNameRequest request,
      StreamObserver<GetContextByTypeAndNameResponse> response) {
    unary(response, () -> {
      GetContextByTypeAndNameResponse.Builder answer = GetContextByTypeAndNameResponse.newBuilder();
      byTypeAndName(TypeKind.CONTEXT, request.getTypeName(), request.getTypeVersion(), request.getContextName())
          .ifPresent(node -> answer.setContext(MlmdProtos.context(node)));
      return answer.build();
    });
  }

  @Override
  public void getArtifactsByURI(GetArtifactsByURIRequest request, StreamObserver<GetArtifactsByURIResponse> response) {
    unary(response, () -> {
      if (request.getUnknownFields().hasField(1)) {
        throw PedigreeException.invalidArgument("the singular uri field (1) is deprecated; use uris");
      }
      List<Node> nodes = request.getUrisCount() == 0 ? List.of() : metadata.listNodes(
          new NodeListing(TypeKind.ARTIFACT, null, List.copyOf(new LinkedHashSet<>(request.getUrisList())), null),
          ListOptions.all()).items();
      return GetArtifactsByURIResponse.newBuilder().addAllArtifacts(map(nodes, MlmdProtos::artifact)).build();
    });
  }

  @Override
  public void getArtifactsByExternalIds(GetArtifactsByExternalIdsRequest request,
      StreamObserver<GetArtifactsByExternalIdsResponse> response) {
    unary(response, () -> GetArtifactsByExternalIdsResponse.newBuilder().addAllArtifacts(map(
        metadata.nodesByExternalIds(TypeKind.ARTIFACT, request.getExternalIdsList()), MlmdProtos::artifact)).build());
  }

  @Override
  public void getExecutionsByExternalIds(GetExecutionsByExternalIdsRequest request,
      StreamObserver<GetExecutionsByExternalIdsResponse> response) {
    unary(response, () -> GetExecutionsByExternalIdsResponse.newBuilder().addAllExecutions(map(
        metadata.nodesByExternalIds(TypeKind.EXECUTION, request.getExternalIdsList()), MlmdProtos::execution))
        .build());
  }

  @Override
  public void getContextsByExternalIds(GetContextsByExternalIdsRequest request,
      StreamObserver<GetContextsByExternalIdsResponse> response) {
    unary(response, () -> GetContextsByExternalIdsResponse.newBuilder().addAllContexts(map(
        metadata.nodesByExternalIds(TypeKind.CONTEXT, request.getExternalIdsList()), MlmdProtos::context)).build());
  }

  // Edge reads

  @Override
  public void getEventsByExecutionIDs(GetEventsByExecutionIDsRequest request,
      StreamObserver<GetEventsByExecutionIDsResponse> response) {
    unary(response, () -> GetEventsByExecutionIDsResponse.newBuilder().addAllEvents(map(
        metadata.eventsByExecutions(request.getExecutionIdsList()), MlmdProtos::event)).build());
  }

  @Override
  public void getEventsByArtifactIDs(GetEventsByArtifactIDsRequest request,
      StreamObserver<GetEventsByArtifactIDsResponse> response) {
    unary(response, () -> GetEventsByArtifactIDsResponse.newBuilder().addAllEvents(map(
        metadata.eventsByArtifacts(request.getArtifactIdsList()), MlmdProtos::event)).build());
  }

  @Override
  public void getContextsByArtifact(GetContextsByArtifactRequest request,
      StreamObserver<GetContextsByArtifactResponse> response) {
    unary(response, () -> GetContextsByArtifactResponse.newBuilder().addAllContexts(map(
        contextsOrNotFound(TypeKind.ARTIFACT, request.getArtifactId()), MlmdProtos::context)).build());
  }

  @Override
  public void getContextsByExecution(GetContextsByExecutionRequest request,
      StreamObserver<GetContextsByExecutionResponse> response) {
    unary(response, () -> GetContextsByExecutionResponse.newBuilder().addAllContexts(map(
        contextsOrNotFound(TypeKind.EXECUTION, request.getExecutionId()), MlmdProtos::context)).build());
  }

  /** MLMD answers NOT_FOUND, not an empty list, when a node belongs to no context (or does not exist). */
  private List<Context> contextsOrNotFound(TypeKind kind, long nodeId) {
    List<Context> contexts = metadata.contextsOf(kind, nodeId);
    if (contexts.isEmpty()) {
      throw PedigreeException.notFound("No contexts found for " + kind.label() + "_id: " + nodeId);
    }
    return contexts;
  }

  @Override
  public void getParentContextsByContext(GetParentContextsByContextRequest request,
      StreamObserver<GetParentContextsByContextResponse> response) {
    unary(response, () -> GetParentContextsByContextResponse.newBuilder().addAllContexts(map(
        metadata.parentContexts(request.getContextId()), MlmdProtos::context)).build());
  }

  @Override
  public void getChildrenContextsByContext(GetChildrenContextsByContextRequest request,
      StreamObserver<GetChildrenContextsByContextResponse> response) {
    unary(response, () -> GetChildrenContextsByContextResponse.newBuilder().addAllContexts(map(
        metadata.childContexts(request.getContextId()), MlmdProtos::context)).build());
  }

  @Override
  public void getParentContextsByContexts(GetParentContextsByContextsRequest request,
      StreamObserver<GetParentContextsByContextsResponse> response) {
    unary(response, () -> {
      GetParentContextsByContextsResponse.Builder answer = GetParentContextsByContextsResponse.newBuilder();
      metadata.parentContexts(request.getContextIdsList()).forEach((child, parents) -> {
        if (!parents.isEmpty()) {
          answer.putContexts(child, GetParentContextsByContextsResponse.ParentContextsPerChild.newBuilder()
              .addAllParentContexts(map(parents, MlmdProtos::context)).build());
        }
      });
      return answer.build();
    });
  }

  @Override
  public void getChildrenContextsByContexts(GetChildrenContextsByContextsRequest request,
      StreamObserver<GetChildrenContextsByContextsResponse> response) {
    unary(response, () -> {
      GetChildrenContextsByContextsResponse.Builder answer = GetChildrenContextsByContextsResponse.newBuilder();
      metadata.childContexts(request.getContextIdsList()).forEach((parent, children) -> {
        if (!children.isEmpty()) {
          answer.putContexts(parent, GetChildrenContextsByContextsResponse.ChildrenContextsPerParent.newBuilder()
              .addAllChildrenContexts(map(children, MlmdProtos::context)).build());
        }
      });
      return answer.build();
    });
  }

  @Override
  public void getArtifactsByContext(GetArtifactsByContextRequest request,
      StreamObserver<GetArtifactsByContextResponse> response) {
    unary(response, () -> {
      Page<Node> page = list(NodeListing.inContext(TypeKind.ARTIFACT, request.getContextId()),
          request.hasOptions(), request.getOptions());
      GetArtifactsByContextResponse.Builder answer = GetArtifactsByContextResponse.newBuilder()
          .addAllArtifacts(map(page.items(), MlmdProtos::artifact));
      if (page.nextPageToken() != null) {
        answer.setNextPageToken(page.nextPageToken());
      }
      return answer.build();
    });
  }

  @Override
  public void getExecutionsByContext(GetExecutionsByContextRequest request,
      StreamObserver<GetExecutionsByContextResponse> response) {
    unary(response, () -> {
      Page<Node> page = list(NodeListing.inContext(TypeKind.EXECUTION, request.getContextId()),
          request.hasOptions(), request.getOptions());
      GetExecutionsByContextResponse.Builder answer = GetExecutionsByContextResponse.newBuilder()
          .addAllExecutions(map(page.items(), MlmdProtos::execution));
      if (page.nextPageToken() != null) {
        answer.setNextPageToken(page.nextPageToken());
      }
      return answer.build();
    });
  }

  // Lineage

  @Override
  public void getLineageSubgraph(GetLineageSubgraphRequest request,
      StreamObserver<GetLineageSubgraphResponse> response) {
    unary(response, () -> {
      LineageSubgraphQueryOptions options = request.getLineageSubgraphQueryOptions();
      TypeKind startKind;
      String startFilter;
      switch (options.getStartingNodesCase()) {
        case STARTING_ARTIFACTS -> {
          startKind = TypeKind.ARTIFACT;
          startFilter = options.getStartingArtifacts().getFilterQuery();
        }
        case STARTING_EXECUTIONS -> {
          startKind = TypeKind.EXECUTION;
          startFilter = options.getStartingExecutions().getFilterQuery();
        }
        default -> throw PedigreeException.invalidArgument(
            "lineage_subgraph_query_options needs starting_artifacts or starting_executions");
      }
      if (startFilter.isBlank()) {
        throw PedigreeException.invalidArgument("the starting nodes need a filter_query");
      }
      LineageQuery.Direction direction = switch (options.getDirection()) {
        case UPSTREAM -> LineageQuery.Direction.UPSTREAM;
        case DOWNSTREAM -> LineageQuery.Direction.DOWNSTREAM;
        case BIDIRECTIONAL, DIRECTION_UNSPECIFIED -> LineageQuery.Direction.BOTH;
      };
      LineageGraph graph = metadata.lineage(new LineageQuery(startKind, startFilter,
          hops(options.getMaxNumHops()), direction, null, null,
          ending(options.hasEndingArtifacts(), options.getEndingArtifacts()),
          ending(options.hasEndingExecutions(), options.getEndingExecutions()), 0));
      Set<String> mask = request.hasReadMask() && request.getReadMask().getPathsCount() > 0
          ? Set.copyOf(request.getReadMask().getPathsList()) : null;
      return GetLineageSubgraphResponse.newBuilder().setLineageSubgraph(lineageGraph(graph, mask)).build();
    });
  }

  @Override
  @SuppressWarnings("deprecation")
  public void getLineageGraph(GetLineageGraphRequest request, StreamObserver<GetLineageGraphResponse> response) {
    unary(response, () -> {
      MetadataStoreProto.LineageGraphQueryOptions options = request.getOptions();
      if (!options.hasArtifactsOptions()) {
        throw PedigreeException.invalidArgument("options.artifacts_options is required");
      }
      List<Long> startIds = map(metadata.listNodes(NodeListing.all(TypeKind.ARTIFACT),
          listOptions(true, options.getArtifactsOptions())).items(), Node::requireId);
      MetadataStoreProto.LineageGraphQueryOptions.BoundaryConstraint stop = options.getStopConditions();
      int hops = stop.hasMaxNumHops() ? hops(stop.getMaxNumHops()) : DEFAULT_LINEAGE_HOPS;
      long maxNodes = options.getMaxNodeSize();
      if (startIds.isEmpty()) {
        return GetLineageGraphResponse.newBuilder()
            .setSubgraph(MetadataStoreProto.LineageGraph.getDefaultInstance()).build();
      }
      LineageGraph graph = metadata.lineage(new LineageQuery(TypeKind.ARTIFACT, "", hops,
          LineageQuery.Direction.BOTH, blankToNull(stop.getBoundaryArtifacts()),
          blankToNull(stop.getBoundaryExecutions()), null, null,
          maxNodes <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, maxNodes), startIds));
      return GetLineageGraphResponse.newBuilder().setSubgraph(lineageGraph(graph, null)).build();
    });
  }

  private static int hops(long hops) {
    if (hops < 0) {
      throw PedigreeException.invalidArgument("max_num_hops must not be negative, got " + hops);
    }
    return (int) Math.min(hops, 10_000);
  }

  private static LineageQuery.@Nullable Ending ending(boolean present,
      LineageSubgraphQueryOptions.EndingNodes ending) {
    if (!present || ending.getFilterQuery().isBlank()) {
      return null;
    }
    return new LineageQuery.Ending(ending.getFilterQuery(), ending.getIncludeEndingNodes());
  }

  private static @Nullable String blankToNull(String text) {
    return text.isBlank() ? null : text;
  }

  /** The graph as MLMD's message, with only the parts named in {@code mask} (null: all). */
  private MetadataStoreProto.LineageGraph lineageGraph(LineageGraph graph, @Nullable Set<String> mask) {
    for (String path : mask == null ? Set.<String>of() : mask) {
      if (!MetadataStoreProto.LineageGraph.getDescriptor().getFields().stream()
          .anyMatch(field -> field.getName().equals(path))) {
        throw PedigreeException.invalidArgument("read_mask path '" + path + "' is not a field of LineageGraph");
      }
    }
    MetadataStoreProto.LineageGraph.Builder proto = MetadataStoreProto.LineageGraph.newBuilder();
    if (wants(mask, "artifacts")) {
      proto.addAllArtifacts(map(graph.artifacts(), MlmdProtos::artifact));
    }
    if (wants(mask, "executions")) {
      proto.addAllExecutions(map(graph.executions(), MlmdProtos::execution));
    }
    if (wants(mask, "contexts")) {
      proto.addAllContexts(map(graph.contexts(), MlmdProtos::context));
    }
    if (wants(mask, "events")) {
      proto.addAllEvents(map(graph.events(), MlmdProtos::event));
    }
    if (wants(mask, "attributions")) {
      proto.addAllAttributions(map(graph.attributions(), MlmdProtos::attribution));
    }
    if (wants(mask, "associations")) {
      proto.addAllAssociations(map(graph.associations(), MlmdProtos::association));
    }
    if (wants(mask, "artifact_types")) {
      proto.addAllArtifactTypes(map(metadata.types(TypeKind.ARTIFACT, typeIds(graph.artifacts())),
          MlmdProtos::artifactType));
    }
    if (wants(mask, "execution_types")) {
      proto.addAllExecutionTypes(map(metadata.types(TypeKind.EXECUTION, typeIds(graph.executions())),
          MlmdProtos::executionType));
    }
    if (wants(mask, "context_types")) {
      proto.addAllContextTypes(map(metadata.types(TypeKind.CONTEXT, typeIds(graph.contexts())),
          MlmdProtos::contextType));
    }
    return proto.build();
  }

  private static boolean wants(@Nullable Set<String> mask, String part) {
    return mask == null || mask.contains(part);
  }

  private static Set<Long> typeIds(Collection<? extends Node> nodes) {
    Set<Long> ids = new TreeSet<>();
    nodes.forEach(node -> ids.add(node.typeId()));
    return ids;
  }

  // Helpers

  private static void requirePresent(boolean present, String field) {
    if (!present) {
      throw PedigreeException.invalidArgument(field + " is missing from the request");
    }
  }

  private static <A, B> List<B> map(Collection<? extends A> items, Function<? super A, ? extends B> f) {
    List<B> mapped = new ArrayList<>(items.size());
    for (A item : items) {
      mapped.add(f.apply(item));
    }
    return mapped;
  }
}
