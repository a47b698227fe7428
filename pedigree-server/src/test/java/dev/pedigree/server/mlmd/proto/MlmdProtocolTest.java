package dev.pedigree.server.mlmd.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.Artifact;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.ListOperationOptions;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.ListOperationOptions.OrderByField;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.Value;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceProto.GetParentContextsByContextsRequest;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceProto.PutArtifactTypeRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated MLMD protocol classes speak the ml_metadata wire format (numbers, presence, defaults). */
class MlmdProtocolTest {

  @Test
  void artifactFieldsUseTheUpstreamFieldNumbers() throws IOException {
    Artifact artifact = Artifact.newBuilder()
        .setId(5)
        .setTypeId(7)
        .setUri("s3://bucket/data")
        .setState(Artifact.State.LIVE)
        .setName("train")
        .setExternalId("ext-1")
        .putCustomProperties("k", Value.newBuilder().setIntValue(3).build())
        .build();

    List<String> tags = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(artifact.toByteArray());
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int number = WireFormat.getTagFieldNumber(tag);
      switch (number) {
        case 1, 2, 6 -> tags.add(number + "=" + in.readInt64());
        case 3, 7, 11 -> tags.add(number + "=" + in.readString());
        default -> {
          tags.add(number + ":" + WireFormat.getTagWireType(tag));
          in.skipField(tag);
        }
      }
    }
    assertThat(tags).containsExactlyInAnyOrder(
        "1=5", "2=7", "3=s3://bucket/data", "6=2", "7=train", "11=ext-1",
        "5:" + WireFormat.WIRETYPE_LENGTH_DELIMITED);
  }

  @Test
  void proto2PresenceDistinguishesAnAbsentIdFromZero() throws IOException {
    assertThat(Artifact.parseFrom(new byte[0]).hasId()).isFalse();
    Artifact withZeroId = Artifact.parseFrom(new byte[] {0x08, 0x00});
    assertThat(withZeroId.hasId()).isTrue();
    assertThat(withZeroId.getId()).isZero();
  }

  @Test
  void listOptionsCarryTheUpstreamDefaults() throws IOException {
    ListOperationOptions empty = ListOperationOptions.parseFrom(new byte[0]);
    assertThat(empty.hasMaxResultSize()).isFalse();
    assertThat(empty.getMaxResultSize()).isEqualTo(20);
    assertThat(empty.getOrderByField().getField()).isEqualTo(OrderByField.Field.ID);
    assertThat(empty.getOrderByField().getIsAsc()).isTrue();
    // filter_query is field 4, a string: tag (4 << 3) | 2 = 0x22.
    ListOperationOptions filtered = ListOperationOptions.parseFrom(new byte[] {0x22, 0x02, 'i', 'd'});
    assertThat(filtered.getFilterQuery()).isEqualTo("id");
    assertThat(PutArtifactTypeRequest.getDefaultInstance().getAllFieldsMatch()).isTrue();
    assertThat(MetadataStoreProto.MigrationOptions.getDefaultInstance().getDowngradeToSchemaVersion())
        .isEqualTo(-1);
    assertThat(MetadataStoreProto.LineageGraphQueryOptions.getDefaultInstance().getMaxNodeSize())
        .isEqualTo(20);
  }

  @Test
  void batchContextIdsArePacked() throws IOException {
    byte[] bytes = GetParentContextsByContextsRequest.newBuilder()
        .addContextIds(1).addContextIds(300).build().toByteArray();
    // One length-delimited record for field 1 holding both varints: 0x0a, len 3, 0x01, 0xac 0x02.
    assertThat(bytes).containsExactly(0x0a, 0x03, 0x01, 0xac, 0x02);
    FieldDescriptor field = GetParentContextsByContextsRequest.getDescriptor().findFieldByName("context_ids");
    assertThat(field.isPacked()).isTrue();
  }

  @Test
  void serviceHasTheUpstreamNameAndAllFiftyTwoMethods() {
    var service = MetadataStoreServiceProto.getDescriptor().findServiceByName("MetadataStoreService");
    assertThat(service.getFullName()).isEqualTo("ml_metadata.MetadataStoreService");
    assertThat(service.getMethods()).hasSize(52);
    assertThat(MetadataStoreServiceGrpc.getPutExecutionMethod().getFullMethodName())
        .isEqualTo("ml_metadata.MetadataStoreService/PutExecution");
    assertThat(MetadataStoreServiceGrpc.getGetLineageSubgraphMethod().getFullMethodName())
        .isEqualTo("ml_metadata.MetadataStoreService/GetLineageSubgraph");
  }
}
