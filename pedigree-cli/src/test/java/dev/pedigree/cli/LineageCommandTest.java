package dev.pedigree.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.server.PedigreeServer;
import dev.pedigree.store.MetadataStore;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageCommandTest {
  @TempDir static Path dir;
  static MetadataStore store;
  static PedigreeServer server;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    store = SqliteMetadataStore.open(dir.resolve("pedigree.db"), SqliteOptions.defaults());
    server = PedigreeServer.builder().port(0).store(store).dataDir(dir).start();
    url = "http://127.0.0.1:" + server.port();
    ingest("s3://b", "raw", "clean");
    ingest("s3://m", "raw", "features");
  }

  static void ingest(String namespace, String input, String output) throws Exception {
    String event = "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2026-01-01T00:00:00Z\",\"producer\":\"p\","
        + "\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json\",\"run\":{\"runId\":\""
        + UUID.randomUUID() + "\"},\"job\":{\"namespace\":\"ns\",\"name\":\"build \\\"quoted\\\"\"},"
        + "\"inputs\":[{\"namespace\":\"" + namespace + "\",\"name\":\"" + input + "\"}],\"outputs\":[{\"namespace\":\""
        + namespace + "\",\"name\":\"" + output + "\"}]}";
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/v1/lineage"))
        .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
    store.close();
  }

  record Run(int exitCode, String out, String err) {}

  static Run cli(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void lineageOfAnOpenLineageDatasetInEveryFormat() {
    Run text = cli("lineage", "--namespace", "s3://b", "--name", "clean", "--server", url);
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).contains("upstream lineage", "3 nodes, 2 edges", "s3://b/raw@v1", "openlineage.Run");

    Run dot = cli("lineage", "--namespace", "s3://b", "--name", "raw", "--downstream", "--format", "dot", "--server", url);
    assertThat(dot.out()).startsWith("digraph lineage {").contains("-> ", "[label=\"INPUT\"]", "[label=\"OUTPUT\"]");

    Run mermaid = cli("lineage", "--namespace", "s3://b", "--name", "raw", "--downstream", "--format", "mermaid",
        "--server", url);
    assertThat(mermaid.out()).startsWith("flowchart LR").contains("-->|INPUT|", "-->|OUTPUT|");

    Run json = cli("lineage", "artifact:1", "--json", "--depth", "1", "--downstream", "--server", url);
    assertThat(json.exitCode()).isZero();
    assertThat(json.out()).contains("\"nodes\"", "\"edges\"", "\"truncated\" : false");
  }

  @Test
  void impactGroupsByType() {
    Run impact = cli("impact", "--namespace", "s3://b", "--name", "raw", "--server", url);
    assertThat(impact.exitCode()).as(impact.err()).isZero();
    assertThat(impact.out()).contains("2 downstream nodes", "artifact openlineage.Dataset (1)",
        "execution openlineage.Run (1)");
  }

  /** A model version pushed to a collection, trained from the OpenLineage dataset: impact names its alias. */
  @Test
  void impactNamesTheAliasesOfAffectedCollectionVersions() throws Exception {
    Path tree = java.nio.file.Files.createDirectories(dir.resolve("model-files"));
    java.nio.file.Files.writeString(tree.resolve("weights.bin"), "0101");
    Run push = cli("artifact", "push", "models/churn", tree.toString(), "--alias", "production", "--json",
        "--server", url);
    assertThat(push.exitCode()).as(push.err()).isZero();
    long model = NativeClient.JSON.readTree(push.out()).path("version").path("artifact_id").asLong();
    assertThat(model).isPositive();
    Run lineageOfRaw = cli("lineage", "--namespace", "s3://m", "--name", "features", "--depth", "0", "--json",
        "--server", url);
    long clean = NativeClient.JSON.readTree(lineageOfRaw.out()).path("nodes").get(0).path("id").asLong();
    HttpClient http = HttpClient.newHttpClient();
    for (String body : new String[] {"{\"name\":\"Train\"}"}) {
      http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/types/execution"))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/put-execution"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"execution\":{\"type\":\"Train\",\"name\":\"fit\"},"
            + "\"artifacts\":[{\"event\":{\"artifact_id\":" + clean + ",\"type\":\"INPUT\"}},"
            + "{\"event\":{\"artifact_id\":" + model + ",\"type\":\"OUTPUT\"}}]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

    Run impact = cli("impact", "--namespace", "s3://m", "--name", "features", "--server", url);
    assertThat(impact.out()).contains("aliases pointing at affected versions:", "models/churn@production -> artifact:" + model);
    Run up = cli("lineage", "models/churn@production", "--server", url);
    assertThat(up.exitCode()).as(up.err()).isZero();
    assertThat(up.out()).contains("s3://m/features@v1", "s3://m/raw@v1");
  }

  @Test
  void errorsAreOneClearLine() {
    Run unknown = cli("lineage", "artifact:999", "--server", url);
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("artifact:999 not found");
    Run alias = cli("lineage", "datasets/none:v3", "--server", url);
    assertThat(alias.exitCode()).isEqualTo(1);
    assertThat(alias.err()).contains("datasets/none");
    Run down = cli("lineage", "artifact:1", "--server", "http://127.0.0.1:1");
    assertThat(down.err()).contains("cannot reach Pedigree");
    Run tooDeep = cli("lineage", "artifact:1", "--depth", "5000", "--server", url);
    assertThat(tooDeep.err()).contains("lineage.max-depth");
  }
}
