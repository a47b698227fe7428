package dev.pedigree.server.mlmd;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import dev.pedigree.core.metadata.ListOptions;
import dev.pedigree.model.Artifact;
import dev.pedigree.model.ArtifactState;
import dev.pedigree.model.Association;
import dev.pedigree.model.Attribution;
import dev.pedigree.model.Context;
import dev.pedigree.model.Event;
import dev.pedigree.model.EventType;
import dev.pedigree.model.Execution;
import dev.pedigree.model.ExecutionState;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.ParentContext;
import dev.pedigree.model.PathStep;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.PropertyType;
import dev.pedigree.model.TypeKind;
import dev.pedigree.model.Value;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto.ListOperationOptions;
import dev.pedigree.store.OrderBy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Translation between MLMD's protocol messages and Pedigree's model; no rules beyond the wire's. */
final class MlmdProtos {
  /** MLMD's page size when options are given without one. */
  static final int DEFAULT_PAGE_SIZE = 20;

  private MlmdProtos() {}

  // Values

  static Map<String, Value> values(Map<String, MetadataStoreProto.Value> proto, String field) {
    Map<String, Value> values = new TreeMap<>();
    proto.forEach((key, value) -> values.put(key, value(value, field + "." + key)));
    return values;
  }

  static Value value(MetadataStoreProto.Value value, String field) {
    return switch (value.getValueCase()) {
      case INT_VALUE -> Value.of(value.getIntValue());
      case DOUBLE_VALUE -> Value.of(value.getDoubleValue());
      case STRING_VALUE -> Value.of(value.getStringValue());
      case BOOL_VALUE -> Value.of(value.getBoolValue());
      case STRUCT_VALUE -> new Value.StructValue(structJson(value.getStructValue()));
      case PROTO_VALUE -> new Value.ProtoValue(value.getProtoValue().getTypeUrl(),
          value.getProtoValue().getValue().toByteArray());
      case VALUE_NOT_SET -> throw PedigreeException.invalidArgument(field + " has no value set");
    };
  }

  static MetadataStoreProto.Value value(Value value) {
    MetadataStoreProto.Value.Builder proto = MetadataStoreProto.Value.newBuilder();
    return switch (value) {
      case Value.IntValue v -> proto.setIntValue(v.value()).build();
      case Value.DoubleValue v -> proto.setDoubleValue(v.value()).build();
      case Value.StringValue v -> proto.setStringValue(v.value()).build();
      case Value.BoolValue v -> proto.setBoolValue(v.value()).build();
      case Value.StructValue v -> proto.setStructValue(struct(v.json())).build();
      case Value.ProtoValue v -> proto.setProtoValue(Any.newBuilder().setTypeUrl(v.typeUrl())
          .setValue(ByteString.copyFrom(v.bytes()))).build();
    };
  }

  private static Map<String, MetadataStoreProto.Value> values(Map<String, Value> values) {
    Map<String, MetadataStoreProto.Value> proto = new TreeMap<>();
    values.forEach((key, value) -> proto.put(key, value(value)));
    return proto;
  }

  private static String structJson(Struct struct) {
    return StructJson.json(struct);
  }

  private static Struct struct(String json) {
    return StructJson.struct(json);
  }

  // Types

  static NodeType type(MetadataStoreProto.ArtifactType proto) {
    return type(TypeKind.ARTIFACT, proto.hasId() ? proto.getId() : null, proto.getName(), proto.getVersion(),
        proto.hasDescription() ? proto.getDescription() : null, proto.getExternalId(),
        proto.hasBaseType() && proto.getBaseType().getNumber() != 0 ? proto.getBaseType().name() : null,
        proto.getPropertiesMap());
  }

  static NodeType type(MetadataStoreProto.ExecutionType proto) {
    return type(TypeKind.EXECUTION, proto.hasId() ? proto.getId() : null, proto.getName(), proto.getVersion(),
        proto.hasDescription() ? proto.getDescription() : null, proto.getExternalId(),
        proto.hasBaseType() && proto.getBaseType().getNumber() != 0 ? proto.getBaseType().name() : null,
        proto.getPropertiesMap());
  }

  static NodeType type(MetadataStoreProto.ContextType proto) {
    return type(TypeKind.CONTEXT, proto.hasId() ? proto.getId() : null, proto.getName(), proto.getVersion(),
        proto.hasDescription() ? proto.getDescription() : null, proto.getExternalId(), null,
        proto.getPropertiesMap());
  }

  private static NodeType type(TypeKind kind, @Nullable Long id, String name, String version,
      @Nullable String description, String externalId, @Nullable String baseType,
      Map<String, MetadataStoreProto.PropertyType> properties) {
    if (name.isEmpty()) {
      throw PedigreeException.invalidArgument(kind.label() + " type name is missing");
    }
    Map<String, PropertyType> schema = new TreeMap<>();
    properties.forEach((key, type) -> {
      if (type == MetadataStoreProto.PropertyType.UNKNOWN || type.getNumber() <= 0) {
        throw PedigreeException.invalidArgument("property '" + key + "' of " + kind.label() + " type " + name
            + " has type UNKNOWN; declare INT, DOUBLE, STRING, STRUCT, PROTO or BOOLEAN");
      }
      schema.put(key, PropertyType.ofNumber(type.getNumber()));
    });
    return new NodeType(id, kind, name, version, description, externalId, baseType, schema);
  }

  static MetadataStoreProto.ArtifactType artifactType(NodeType type) {
    MetadataStoreProto.ArtifactType.Builder proto = MetadataStoreProto.ArtifactType.newBuilder()
        .setId(type.requireId()).setName(type.name());
    if (type.version() != null) {
      proto.setVersion(type.version());
    }
    if (type.description() != null) {
      proto.setDescription(type.description());
    }
    if (type.externalId() != null) {
      proto.setExternalId(type.externalId());
    }
    type.properties().forEach((key, value) -> proto.putProperties(key, propertyType(value)));
    if (type.baseType() != null) {
      proto.setBaseType(MetadataStoreProto.ArtifactType.SystemDefinedBaseType.valueOf(type.baseType()));
    }
    return proto.build();
  }

  static MetadataStoreProto.ExecutionType executionType(NodeType type) {
    MetadataStoreProto.ExecutionType.Builder proto = MetadataStoreProto.ExecutionType.newBuilder()
        .setId(type.requireId()).setName(type.name());
    if (type.version() != null) {
      proto.setVersion(type.version());
    }
    if (type.description() != null) {
      proto.setDescription(type.description());
    }
    if (type.externalId() != null) {
      proto.setExternalId(type.externalId());
    }
    type.properties().forEach((key, value) -> proto.putProperties(key, propertyType(value)));
    if (type.baseType() != null) {
      proto.setBaseType(MetadataStoreProto.ExecutionType.SystemDefinedBaseType.valueOf(type.baseType()));
    }
    return proto.build();
  }

  static MetadataStoreProto.ContextType contextType(NodeType type) {
    MetadataStoreProto.ContextType.Builder proto = MetadataStoreProto.ContextType.newBuilder()
        .setId(type.requireId()).setName(type.name());
    if (type.version() != null) {
      proto.setVersion(type.version());
    }
    if (type.description() != null) {
      proto.setDescription(type.description());
    }
    if (type.externalId() != null) {
      proto.setExternalId(type.externalId());
    }
    type.properties().forEach((key, value) -> proto.putProperties(key, propertyType(value)));
    return proto.build();
  }

  private static MetadataStoreProto.PropertyType propertyType(PropertyType type) {
    return MetadataStoreProto.PropertyType.forNumber(type.number());
  }

  // Nodes

  static Artifact artifact(MetadataStoreProto.Artifact proto) {
    return new Artifact(proto.hasId() ? proto.getId() : null, proto.getTypeId(), null,
        proto.hasName() ? proto.getName() : null, proto.hasUri() ? proto.getUri() : null,
        ArtifactState.ofNumber(proto.getState().getNumber()), proto.hasExternalId() ? proto.getExternalId() : null,
        values(proto.getPropertiesMap(), "properties"), values(proto.getCustomPropertiesMap(), "custom_properties"),
        0, proto.getLastUpdateTimeSinceEpoch());
  }

  static Execution execution(MetadataStoreProto.Execution proto) {
    return new Execution(proto.hasId() ? proto.getId() : null, proto.getTypeId(), null,
        proto.hasName() ? proto.getName() : null, ExecutionState.ofNumber(proto.getLastKnownState().getNumber()),
        proto.hasExternalId() ? proto.getExternalId() : null,
        values(proto.getPropertiesMap(), "properties"), values(proto.getCustomPropertiesMap(), "custom_properties"),
        0, proto.getLastUpdateTimeSinceEpoch());
  }

  static Context context(MetadataStoreProto.Context proto) {
    return new Context(proto.hasId() ? proto.getId() : null, proto.getTypeId(), null,
        proto.hasName() ? proto.getName() : null, proto.hasExternalId() ? proto.getExternalId() : null,
        values(proto.getPropertiesMap(), "properties"), values(proto.getCustomPropertiesMap(), "custom_properties"),
        0, proto.getLastUpdateTimeSinceEpoch());
  }

  static MetadataStoreProto.Artifact artifact(Node node) {
    Artifact a = (Artifact) node;
    MetadataStoreProto.Artifact.Builder proto = MetadataStoreProto.Artifact.newBuilder()
        .setId(a.requireId()).setTypeId(a.typeId())
        .putAllProperties(values(a.properties())).putAllCustomProperties(values(a.customProperties()))
        .setCreateTimeSinceEpoch(a.createTimeMs()).setLastUpdateTimeSinceEpoch(a.updateTimeMs());
    if (a.typeName() != null) {
      proto.setType(a.typeName());
    }
    if (a.name() != null) {
      proto.setName(a.name());
    }
    if (a.uri() != null) {
      proto.setUri(a.uri());
    }
    if (a.externalId() != null) {
      proto.setExternalId(a.externalId());
    }
    if (a.state() != ArtifactState.UNKNOWN) {
      proto.setState(MetadataStoreProto.Artifact.State.forNumber(a.state().number()));
    }
    return proto.build();
  }

  static MetadataStoreProto.Execution execution(Node node) {
    Execution e = (Execution) node;
    MetadataStoreProto.Execution.Builder proto = MetadataStoreProto.Execution.newBuilder()
        .setId(e.requireId()).setTypeId(e.typeId())
        .putAllProperties(values(e.properties())).putAllCustomProperties(values(e.customProperties()))
        .setCreateTimeSinceEpoch(e.createTimeMs()).setLastUpdateTimeSinceEpoch(e.updateTimeMs());
    if (e.typeName() != null) {
      proto.setType(e.typeName());
    }
    if (e.name() != null) {
      proto.setName(e.name());
    }
    if (e.externalId() != null) {
      proto.setExternalId(e.externalId());
    }
    if (e.lastKnownState() != ExecutionState.UNKNOWN) {
      proto.setLastKnownState(MetadataStoreProto.Execution.State.forNumber(e.lastKnownState().number()));
    }
    return proto.build();
  }

  static MetadataStoreProto.Context context(Node node) {
    Context c = (Context) node;
    MetadataStoreProto.Context.Builder proto = MetadataStoreProto.Context.newBuilder()
        .setId(c.requireId()).setTypeId(c.typeId())
        .putAllProperties(values(c.properties())).putAllCustomProperties(values(c.customProperties()))
        .setCreateTimeSinceEpoch(c.createTimeMs()).setLastUpdateTimeSinceEpoch(c.updateTimeMs());
    if (c.typeName() != null) {
      proto.setType(c.typeName());
    }
    if (c.name() != null) {
      proto.setName(c.name());
    }
    if (c.externalId() != null) {
      proto.setExternalId(c.externalId());
    }
    return proto.build();
  }

  // Edges

  static Event event(MetadataStoreProto.Event proto) {
    List<PathStep> path = new ArrayList<>();
    for (MetadataStoreProto.Event.Path.Step step : proto.getPath().getStepsList()) {
      switch (step.getValueCase()) {
        case INDEX -> path.add(PathStep.index(step.getIndex()));
        case KEY -> path.add(PathStep.key(step.getKey()));
        case VALUE_NOT_SET -> throw PedigreeException.invalidArgument("event path step has neither index nor key");
      }
    }
    return new Event(proto.hasArtifactId() ? proto.getArtifactId() : null,
        proto.hasExecutionId() ? proto.getExecutionId() : null, EventType.ofNumber(proto.getType().getNumber()),
        path, proto.getMillisecondsSinceEpoch());
  }

  static MetadataStoreProto.Event event(Event event) {
    MetadataStoreProto.Event.Path.Builder path = MetadataStoreProto.Event.Path.newBuilder();
    for (PathStep step : event.path()) {
      switch (step) {
        case PathStep.Index index -> path.addStepsBuilder().setIndex(index.index());
        case PathStep.Key key -> path.addStepsBuilder().setKey(key.key());
      }
    }
    MetadataStoreProto.Event.Builder proto = MetadataStoreProto.Event.newBuilder()
        .setType(MetadataStoreProto.Event.Type.forNumber(event.type().number()))
        .setMillisecondsSinceEpoch(event.timeMs());
    if (event.artifactId() != null) {
      proto.setArtifactId(event.artifactId());
    }
    if (event.executionId() != null) {
      proto.setExecutionId(event.executionId());
    }
    if (!event.path().isEmpty()) {
      proto.setPath(path);
    }
    return proto.build();
  }

  static Attribution attribution(MetadataStoreProto.Attribution proto) {
    if (!proto.hasArtifactId() || !proto.hasContextId()) {
      throw PedigreeException.invalidArgument("an attribution needs artifact_id and context_id");
    }
    return new Attribution(proto.getContextId(), proto.getArtifactId());
  }

  static Association association(MetadataStoreProto.Association proto) {
    if (!proto.hasExecutionId() || !proto.hasContextId()) {
      throw PedigreeException.invalidArgument("an association needs execution_id and context_id");
    }
    return new Association(proto.getContextId(), proto.getExecutionId());
  }

  static MetadataStoreProto.Attribution attribution(Attribution attribution) {
    return MetadataStoreProto.Attribution.newBuilder().setArtifactId(attribution.artifactId())
        .setContextId(attribution.contextId()).build();
  }

  static MetadataStoreProto.Association association(Association association) {
    return MetadataStoreProto.Association.newBuilder().setExecutionId(association.executionId())
        .setContextId(association.contextId()).build();
  }

  static ParentContext parentContext(MetadataStoreProto.ParentContext proto) {
    if (!proto.hasChildId() || !proto.hasParentId()) {
      throw PedigreeException.invalidArgument("a parent context needs child_id and parent_id");
    }
    return new ParentContext(proto.getChildId(), proto.getParentId());
  }

  // Listing

  /**
   * MLMD's listing options: absent options mean every row unpaged; given options default to pages
   * of 20, capped at 100, in id order.
   */
  static ListOptions listOptions(boolean present, ListOperationOptions options) {
    if (!present) {
      return ListOptions.all();
    }
    int size = options.getMaxResultSize();
    if (size <= 0) {
      throw PedigreeException.invalidArgument("max_result_size must be positive, got " + size);
    }
    ListOperationOptions.OrderByField order = options.getOrderByField();
    OrderBy orderBy = switch (order.getField()) {
      case CREATE_TIME -> OrderBy.CREATE_TIME;
      case LAST_UPDATE_TIME -> OrderBy.UPDATE_TIME;
      case ID, FIELD_UNSPECIFIED -> OrderBy.ID;
    };
    return new ListOptions(Math.min(size, ListOptions.MAX_LIMIT), orderBy, order.getIsAsc(),
        options.hasNextPageToken() ? options.getNextPageToken() : null,
        options.hasFilterQuery() ? options.getFilterQuery() : null);
  }
}
