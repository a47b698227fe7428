package dev.pedigree.server.mlmd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.pedigree.server.mlmd.proto.MetadataStoreProto;
import dev.pedigree.server.mlmd.proto.MetadataStoreServiceProto;
import dev.pedigree.server.testing.PythonResult;
import dev.pedigree.server.testing.PythonVenv;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official MLMD Python package, run from its pinned environment, as the reference for Pedigree. */
class OfficialMlmdClientTest {

  private static final Path SCRIPTS = Path.of("src/test/python/mlmd");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static PythonVenv venv;

  @BeforeAll
  static void createEnvironment() {
    venv = PythonVenv.forRequirements(SCRIPTS.resolve("requirements.txt"));
  }

  @Test
  void officialInProcessStorePutsATypeAndAnArtifact(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("mlmd.sqlite");

    PythonResult result = venv.run(SCRIPTS.resolve("inprocess_store_smoke.py"), TIMEOUT, db.toString());

    assertThat(result.succeeded()).as(result.describe()).isTrue();
    JsonNode out = JSON.readTree(result.stdout());
    assertThat(out.get("ml_metadata_version").asText()).isEqualTo("1.17.1");
    JsonNode artifact = out.get("artifact");
    assertThat(artifact.get("id").asLong()).isEqualTo(out.get("artifact_id").asLong());
    assertThat(artifact.get("type_id").asLong()).isEqualTo(out.get("type_id").asLong());
    assertThat(artifact.get("type").asText()).isEqualTo("Dataset");
    assertThat(artifact.get("state").asText()).isEqualTo("LIVE");
    assertThat(artifact.at("/properties/day/int_value").asText()).isEqualTo("7");
    assertThat(artifact.at("/custom_properties/owner/string_value").asText()).isEqualTo("ada");
    // The store really wrote the SQLite file named in the ConnectionConfig.
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT uri FROM Artifact")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("file:///data/train");
    }
  }

  @Test
  void pedigreeProtocolMatchesTheOfficialDescriptors() throws Exception {
    PythonResult result = venv.run(SCRIPTS.resolve("dump_descriptors.py"), TIMEOUT);
    assertThat(result.succeeded()).as(result.describe()).isTrue();
    JsonNode files = JSON.readTree(result.stdout());

    Set<String> official = new TreeSet<>();
    for (String name : new String[] {"ml_metadata/proto/metadata_store.proto",
        "ml_metadata/proto/metadata_store_service.proto"}) {
      official.addAll(wireFacts(FileDescriptorProto.parseFrom(
          Base64.getDecoder().decode(files.get(name).asText()))));
    }
    Set<String> ours = new TreeSet<>();
    ours.addAll(wireFacts(MetadataStoreProto.getDescriptor()));
    ours.addAll(wireFacts(MetadataStoreServiceProto.getDescriptor()));

    Set<String> missing = new TreeSet<>(official);
    missing.removeAll(ours);
    Set<String> extra = new TreeSet<>(ours);
    extra.removeAll(official);
    assertThat(official).hasSizeGreaterThan(700);
    assertThat(missing).as("facts of the official protocol that Pedigree's lacks").isEmpty();
    assertThat(extra).as("facts of Pedigree's protocol that the official one lacks").isEmpty();
  }

  private static Set<String> wireFacts(FileDescriptor file) {
    return wireFacts(file.toProto());
  }

  /** Everything about a file that reaches the wire or the clients' view of defaults, one line per fact. */
  private static Set<String> wireFacts(FileDescriptorProto file) {
    Set<String> facts = new TreeSet<>();
    facts.add("file " + file.getName() + " package=" + file.getPackage() + " syntax=" + file.getSyntax());
    for (DescriptorProto message : file.getMessageTypeList()) {
      messageFacts("." + file.getPackage() + "." + message.getName(), message, facts);
    }
    for (EnumDescriptorProto e : file.getEnumTypeList()) {
      enumFacts("." + file.getPackage() + "." + e.getName(), e, facts);
    }
    for (FieldDescriptorProto extension : file.getExtensionList()) {
      facts.add("extension " + extension.getExtendee() + " " + extension.getName() + "=" + extension.getNumber()
          + " " + extension.getTypeName());
    }
    file.getServiceList().forEach(service -> service.getMethodList().forEach(method -> facts.add(
        "rpc " + file.getPackage() + "." + service.getName() + "/" + method.getName() + " " + method.getInputType()
            + " -> " + method.getOutputType() + " cs=" + method.getClientStreaming()
            + " ss=" + method.getServerStreaming())));
    return facts;
  }

  private static void messageFacts(String name, DescriptorProto message, Set<String> facts) {
    facts.add("message " + name + " deprecated=" + message.getOptions().getDeprecated()
        + " reserved=" + message.getReservedRangeList().stream().map(r -> r.getStart() + ".." + r.getEnd()).toList()
        + " extensions=" + message.getExtensionRangeList().stream()
            .map(r -> r.getStart() + ".." + r.getEnd()).toList()
        + " map=" + message.getOptions().getMapEntry());
    for (FieldDescriptorProto field : message.getFieldList()) {
      String oneof = field.hasOneofIndex() ? message.getOneofDecl(field.getOneofIndex()).getName() : "";
      facts.add("field " + name + "." + field.getName() + "=" + field.getNumber() + " " + field.getLabel()
          + " " + field.getType() + " " + field.getTypeName() + " default=" + field.getDefaultValue()
          + " oneof=" + oneof + " packed=" + field.getOptions().getPacked()
          + " deprecated=" + field.getOptions().getDeprecated());
    }
    for (DescriptorProto nested : message.getNestedTypeList()) {
      messageFacts(name + "." + nested.getName(), nested, facts);
    }
    for (EnumDescriptorProto e : message.getEnumTypeList()) {
      enumFacts(name + "." + e.getName(), e, facts);
    }
  }

  private static void enumFacts(String name, EnumDescriptorProto e, Set<String> facts) {
    e.getValueList().forEach(value -> facts.add("enum " + name + "." + value.getName() + "=" + value.getNumber()));
  }
}
