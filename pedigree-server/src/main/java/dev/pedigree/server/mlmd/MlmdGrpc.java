package dev.pedigree.server.mlmd;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;
import dev.pedigree.core.metadata.MetadataService;

/**
 * The MLMD front door as one Armeria service: gRPC over HTTP/2, gRPC-Web (binary and text, so a
 * browser such as the Kubeflow Pipelines UI needs no Envoy), with blocking calls on the blocking
 * executor and MLMD-sized message limits.
 */
public final class MlmdGrpc {
  /** KFP's own setting for the upstream server: 100 MiB each way. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

  private MlmdGrpc() {}

  /**
   * Mounts every RPC of {@code ml_metadata.MetadataStoreService} on the server being built.
   *
   * @param maxMessageBytes largest request or response message accepted, in bytes
   */
  public static void mount(ServerBuilder server, MetadataService metadata, int maxMessageBytes) {
    requireNonNull(metadata, "metadata");
    if (maxMessageBytes < 4 * 1024 * 1024) {
      throw new IllegalArgumentException("maxMessageBytes: " + maxMessageBytes + " (expected: >= 4 MiB)");
    }
    GrpcService grpc = GrpcService.builder()
        .addService(new MlmdService(metadata))
        // Binary protobuf only (gRPC, gRPC-Web, gRPC-Web-Text): MLMD's proto2 maps of closed enums
        // (type properties) cannot go through the JSON marshaller, and no MLMD client speaks JSON.
        .supportedSerializationFormats(GrpcSerializationFormats.PROTO, GrpcSerializationFormats.PROTO_WEB,
            GrpcSerializationFormats.PROTO_WEB_TEXT)
        .enableUnframedRequests(true)
        .useBlockingTaskExecutor(true)
        .maxRequestMessageLength(maxMessageBytes)
        .maxResponseMessageLength(maxMessageBytes)
        .exceptionHandler(new MlmdErrors())
        .build();
    // The server's HTTP body limit is sized for REST; this service's routes admit whole MLMD messages.
    var binding = server.route();
    grpc.routes().forEach(binding::addRoute);
    binding.maxRequestLength((long) maxMessageBytes + 1024).build(grpc);
  }
}
