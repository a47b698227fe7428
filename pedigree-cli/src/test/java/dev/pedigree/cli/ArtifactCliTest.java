package dev.pedigree.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.model.artifact.FileEntry;
import dev.pedigree.model.artifact.Manifest;
import dev.pedigree.model.artifact.Sha256;
import dev.pedigree.server.PedigreeServer;
import dev.pedigree.store.testing.TestS3;
import dev.pedigree.store.jdbc.SqliteMetadataStore;
import dev.pedigree.store.jdbc.SqliteOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** The artifact commands against a real in-process server on loopback. */
class ArtifactCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path s3Dir;
  private static TestS3 s3;
  @TempDir Path tmp;
  /** The server's clock: real time, moved ahead by tests of age-based retention. */
  private final AheadClock clock = new AheadClock();
  private SqliteMetadataStore store;
  private PedigreeServer server;
  private String url;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  record Run(int code, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }

  @BeforeAll
  static void startS3() throws Exception {
    s3 = TestS3.start(s3Dir);
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  @BeforeEach
  void start() throws IOException {
    Path data = Files.createDirectories(tmp.resolve("data"));
    System.setProperty("pedigree.cache-dir", tmp.resolve("cache").toString());
    store = SqliteMetadataStore.open(data.resolve("pedigree.db"), SqliteOptions.defaults());
    server = PedigreeServer.builder().port(0).store(store).dataDir(data).clock(clock).start();
    url = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  // Round trip, dedup, diff

  @Test
  void pushThenPullGivesBackTheSameTree() throws Exception {
    Path source = tree("src", Map.of("a.txt", "alpha", "dir/b.bin", "bravo bytes", "dir/deeper/c", "", "d e f.txt", "spaces"));
    Run push = cli("artifact", "push", "datasets/churn", source.toString(), "--alias", "staging", "--json");
    assertThat(push.code()).as(push.err()).isZero();
    JsonNode version = push.json().path("version");
    assertThat(version.path("version").asInt()).isEqualTo(1);
    assertThat(push.json().path("files").asInt()).isEqualTo(4);

    Path target = tmp.resolve("out");
    Run pull = cli("artifact", "pull", "datasets/churn@staging", target.toString());
    assertThat(pull.code()).as(pull.err()).isZero();
    assertThat(pull.out()).contains("pulled datasets/churn:v1");
    assertSameTree(source, target);

    Run ls = cli("artifact", "ls", "datasets/churn");
    assertThat(ls.out()).contains("v1").contains("latest").contains("staging");
    assertThat(cli("artifact", "ls").out()).contains("datasets/churn");
  }

  @Test
  void secondPushOfUnchangedContentStoresNoNewBytesAndChangesShowInDiff() throws IOException {
    Path source = tree("src", Map.of("a.txt", "alpha", "b.txt", "bravo", "c.txt", "charlie"));
    Run first = cli("artifact", "push", "models/m", source.toString(), "--json");
    assertThat(first.json().path("new_bytes").asLong()).isEqualTo(17);
    Run second = cli("artifact", "push", "models/m", source.toString(), "--json");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.json().path("created").asBoolean()).isFalse();
    assertThat(second.json().path("uploaded_blobs").asLong()).isZero();
    assertThat(second.json().path("new_bytes").asLong()).isZero();
    assertThat(second.json().path("version").path("version").asInt()).isEqualTo(1);

    Files.writeString(source.resolve("b.txt"), "BRAVO!");
    Files.delete(source.resolve("c.txt"));
    Files.writeString(source.resolve("d.txt"), "delta");
    Run third = cli("artifact", "push", "models/m", source.toString(), "--json", "--no-cache");
    assertThat(third.json().path("version").path("version").asInt()).isEqualTo(2);
    assertThat(third.json().path("uploaded_blobs").asLong()).isEqualTo(2);

    Run diff = cli("artifact", "diff", "models/m:v1", "models/m:v2");
    assertThat(diff.out().lines()).containsExactly("A d.txt", "D c.txt", "M b.txt");

    // Content equal to an older version: a new version, no new bytes.
    Files.writeString(source.resolve("b.txt"), "bravo");
    Files.writeString(source.resolve("c.txt"), "charlie");
    Files.delete(source.resolve("d.txt"));
    Run back = cli("artifact", "push", "models/m", source.toString(), "--json", "--no-cache");
    assertThat(back.json().path("version").path("version").asInt()).isEqualTo(3);
    assertThat(back.json().path("version").path("digest").asText())
        .isEqualTo(first.json().path("version").path("digest").asText());
    assertThat(back.json().path("new_bytes").asLong()).isZero();
  }

  @Test
  void largeFilesAndRepeatedSmallFilesRoundTrip() throws Exception {
    Path source = tree("big", Map.of("same/1.txt", "repeated content", "same/2.txt", "repeated content", "other", "x"));
    byte[] large = new byte[17 << 20]; // above the size from which files travel one request each
    new java.util.Random(5).nextBytes(large);
    Files.write(source.resolve("large.bin"), large);

    Run push = cli("artifact", "push", "mixed", source.toString(), "--json");
    assertThat(push.code()).as(push.err()).isZero();
    assertThat(push.json().path("files").asInt()).isEqualTo(4);
    assertThat(push.json().path("uploaded_blobs").asLong()).isEqualTo(3);
    assertThat(push.json().path("new_bytes").asLong()).isEqualTo(large.length + 16 + 1);
    assertThat(server.artifacts().blobs().exists(Sha256.hash(large))).isTrue();

    Path target = tmp.resolve("mixed-out");
    Run pull = cli("artifact", "pull", "mixed", target.toString(), "--json");
    assertThat(pull.code()).as(pull.err()).isZero();
    assertThat(pull.json().path("files").asInt()).isEqualTo(4);
    assertSameTree(source, target);

    Run again = cli("artifact", "push", "mixed", source.toString(), "--json", "--no-cache");
    assertThat(again.json().path("uploaded_blobs").asLong()).isZero();
    assertThat(again.json().path("new_bytes").asLong()).isZero();
  }

  // Upload protocol

  @Test
  void blobBatchWithAMismatchedRecordIsRejectedAndNothingOfItIsStored() throws Exception {
    byte[] good = "good record".getBytes(StandardCharsets.UTF_8);
    byte[] bad = "bad record".getBytes(StandardCharsets.UTF_8);
    Sha256 claimed = Sha256.hash("what it claims".getBytes(StandardCharsets.UTF_8));
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream records = new java.io.DataOutputStream(body);
    records.write(Sha256.hash(good).bytes());
    records.writeLong(good.length);
    records.write(good);
    records.write(claimed.bytes());
    records.writeLong(bad.length);
    records.write(bad);
    HttpResponse<String> rejected = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/blobs/batch"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(rejected.statusCode()).isEqualTo(400);
    assertThat(rejected.body()).contains("does not match its digest");
    assertThat(server.artifacts().blobs().exists(Sha256.hash(good))).isFalse();
    assertThat(server.artifacts().blobs().exists(claimed)).isFalse();

    HttpResponse<String> truncated = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/blobs/batch"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(java.util.Arrays.copyOf(body.toByteArray(), 45))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(truncated.statusCode()).isEqualTo(400);
    assertThat(server.artifacts().blobs().exists(Sha256.hash(good))).isFalse();

    HttpResponse<String> missing = raw("POST", "/api/v1/blobs/fetch", "{\"digests\":[\"" + claimed.hex() + "\"]}");
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void blobWhoseBytesDoNotMatchItsDigestIsRejectedAndNothingIsStored() throws Exception {
    Sha256 claimed = Sha256.hash("the real content".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/blobs/" + claimed.hex()))
        .PUT(HttpRequest.BodyPublishers.ofString("other content!!!")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(put.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    assertThat(server.artifacts().blobs().exists(claimed)).isFalse();
    assertThat(send("GET", "/api/v1/collections", null).path("collections")).isEmpty();
  }

  @Test
  void interruptedPushLeavesNoVersionAndCanBeResumedOrRetried() throws Exception {
    byte[] a = "first file".getBytes(StandardCharsets.UTF_8);
    byte[] b = "second file".getBytes(StandardCharsets.UTF_8);
    Manifest manifest = Manifest.of(FileEntry.of("a", a.length, Sha256.hash(a)), FileEntry.of("b", b.length, Sha256.hash(b)));
    putBlob(manifest.toBytes());
    JsonNode upload = send("POST", "/api/v1/collections/interrupted/uploads",
        "{\"manifest\":\"" + manifest.digest().hex() + "\"}");
    assertThat(upload.path("missing")).hasSize(2);
    putBlob(a);
    // The client dies here. Committing now fails and shows nothing.
    HttpResponse<String> early = raw("POST", "/api/v1/uploads/" + upload.path("upload_id").asText() + "/commit", "{}");
    assertThat(early.statusCode()).isEqualTo(412);
    assertThat(raw("GET", "/api/v1/collections/interrupted/versions", null).statusCode()).isEqualTo(404);
    // Resume: ask again, upload what is missing, commit.
    JsonNode again = send("GET", "/api/v1/uploads/" + upload.path("upload_id").asText(), null);
    assertThat(again.path("missing")).hasSize(1);
    assertThat(again.path("missing").get(0).asText()).isEqualTo(Sha256.hash(b).hex());
    putBlob(b);
    JsonNode committed = send("POST", "/api/v1/uploads/" + upload.path("upload_id").asText() + "/commit", "{}");
    assertThat(committed.path("version").path("version").asInt()).isEqualTo(1);

    // A failed CLI push (a file vanishes between hashing and upload is hard to stage; a dead server is not).
    Path source = tree("src", Map.of("x", "x content"));
    Run dead = cliAt("http://127.0.0.1:1", "artifact", "push", "retry/c", source.toString());
    assertThat(dead.code()).isNotZero();
    assertThat(dead.err()).contains("cannot reach");
    Run retry = cli("artifact", "push", "retry/c", source.toString());
    assertThat(retry.code()).as(retry.err()).isZero();
  }

  @Test
  void uploadWhoseBlobsWereStoredAtStartCommitsOnlyWhileOpenAndAfterARestartIsCheckedAgain() throws Exception {
    byte[] a = "stored before the upload".getBytes(StandardCharsets.UTF_8);
    putBlob(a);
    Manifest manifest = Manifest.of(FileEntry.of("a", a.length, Sha256.hash(a)));
    putBlob(manifest.toBytes());
    String start = "{\"manifest\":\"" + manifest.digest().hex() + "\"}";

    // Aborted: its blobs were released, so the commit is refused although they were stored at the start.
    JsonNode aborted = send("POST", "/api/v1/collections/held/uploads", start);
    assertThat(aborted.path("missing")).isEmpty();
    send("DELETE", "/api/v1/uploads/" + aborted.path("upload_id").asText(), null);
    assertThat(raw("POST", "/api/v1/uploads/" + aborted.path("upload_id").asText() + "/commit", "{}").statusCode())
        .isEqualTo(412);

    // A restarted server does not know what the start found, so it checks every blob again.
    JsonNode upload = send("POST", "/api/v1/collections/held/uploads", start);
    assertThat(upload.path("missing")).isEmpty();
    assertThat(upload.path("blob_count").asLong()).isEqualTo(1);
    Path blob = tmp.resolve("data/blobs/sha256").resolve(Sha256.hash(a).hex().substring(0, 2))
        .resolve(Sha256.hash(a).hex().substring(2));
    Files.delete(blob);
    server.close();
    server = PedigreeServer.builder().port(0).store(store).dataDir(tmp.resolve("data")).start();
    url = "http://127.0.0.1:" + server.port();
    HttpResponse<String> commit = raw("POST", "/api/v1/uploads/" + upload.path("upload_id").asText() + "/commit", "{}");
    assertThat(commit.statusCode()).isEqualTo(412);
    assertThat(commit.body()).contains(Sha256.hash(a).hex());
    putBlob(a);
    JsonNode committed = send("POST", "/api/v1/uploads/" + upload.path("upload_id").asText() + "/commit", "{}");
    assertThat(committed.path("version").path("version").asInt()).isEqualTo(1);
  }

  // Pull

  @Test
  void pullIntoANonEmptyDirectoryIsRefusedWithoutForce() throws Exception {
    Path source = tree("src", Map.of("a", "alpha"));
    cli("artifact", "push", "c", source.toString());
    Path target = tree("target", Map.of("keep.txt", "mine"));
    Run refused = cli("artifact", "pull", "c", target.toString());
    assertThat(refused.code()).isNotZero();
    assertThat(refused.err()).contains("not empty").contains("--force");
    assertThat(target.resolve("a")).doesNotExist();
    Run forced = cli("artifact", "pull", "c:v1", target.toString(), "--force");
    assertThat(forced.code()).as(forced.err()).isZero();
    assertThat(target.resolve("a")).hasContent("alpha");
    assertThat(target.resolve("keep.txt")).hasContent("mine");
  }

  @Test
  void corruptedBlobIsReportedByVerifyAndRefusedByPull() throws IOException {
    Path source = tree("src", Map.of("good", "good bytes", "bad", "these will rot"));
    cli("artifact", "push", "rot", source.toString());
    Sha256 bad = Sha256.hash("these will rot".getBytes(StandardCharsets.UTF_8));
    Path blob = tmp.resolve("data/blobs/sha256").resolve(bad.hex().substring(0, 2)).resolve(bad.hex().substring(2));
    assertThat(blob).exists();
    Files.delete(blob); // the store hard-links; replace the file instead of writing through the link
    Files.writeString(blob, "these will ROT");

    Run verify = cli("artifact", "verify", "rot");
    assertThat(verify.code()).isEqualTo(2);
    assertThat(verify.out()).contains("CORRUPT " + bad.hex()).contains("rot:v1");
    Run verifyAll = cli("artifact", "verify", "--all", "--json");
    assertThat(verifyAll.json().path("ok").asBoolean()).isFalse();

    Path target = tmp.resolve("out");
    Run pull = cli("artifact", "pull", "rot", target.toString());
    assertThat(pull.code()).isNotZero();
    assertThat(target.resolve("bad")).doesNotExist();
    try (Stream<Path> files = Files.walk(target)) {
      assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(n -> n.contains("partial"));
    }

    Files.delete(blob);
    Run missing = cli("artifact", "verify", "rot", "--json");
    assertThat(missing.json().path("problems").get(0).path("status").asText()).isEqualTo("missing");
  }

  @Test
  void aCorruptedLargeBlobIsRefusedByTheClientsOwnCheck() throws IOException {
    // Files over 1 MiB are fetched as a range, which the server streams without hashing: the pull's
    // own hash must catch the corruption.
    byte[] content = new byte[(2 << 20) + 123];
    new java.util.Random(7).nextBytes(content);
    Path source = tmp.resolve("large-src");
    Files.createDirectories(source);
    Files.write(source.resolve("weights.bin"), content);
    assertThat(cli("artifact", "push", "large-rot", source.toString()).code()).isZero();
    Sha256 digest = Sha256.hash(content);
    Path blob = tmp.resolve("data/blobs/sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex().substring(2));
    content[1 << 20] ^= 1;
    Files.delete(blob);
    Files.write(blob, content);

    Path target = tmp.resolve("large-out");
    Run pull = cli("artifact", "pull", "large-rot", target.toString());
    assertThat(pull.code()).isNotZero();
    assertThat(pull.err()).contains("refusing 'weights.bin'").contains(digest.hex());
    assertThat(target.resolve("weights.bin")).doesNotExist();
    try (Stream<Path> files = Files.walk(target)) {
      assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(n -> n.contains("partial"));
    }

    content[1 << 20] ^= 1;
    Files.delete(blob);
    Files.write(blob, content);
    Path again = tmp.resolve("large-out-2");
    assertThat(cli("artifact", "pull", "large-rot", again.toString()).code()).isZero();
    assertThat(again.resolve("weights.bin")).hasBinaryContent(content);
  }

  // Aliases

  @Test
  void protectedAliasMovesOnlyWithForceAndEveryMoveIsRecorded() throws Exception {
    Path source = tree("src", Map.of("a", "one"));
    cli("artifact", "push", "reg/model", source.toString());
    Files.writeString(source.resolve("a"), "two");
    cli("artifact", "push", "reg/model", source.toString(), "--no-cache");

    assertThat(cli("artifact", "alias", "reg/model", "production", "v1", "--protected").code()).isZero();
    Run blocked = cli("artifact", "alias", "reg/model", "production", "v2");
    assertThat(blocked.code()).isNotZero();
    assertThat(blocked.err()).contains("protected");
    Run blockedDelete = cli("artifact", "alias", "reg/model", "production", "--delete");
    assertThat(blockedDelete.code()).isNotZero();
    Run pushToProtected = cli("artifact", "push", "reg/model", tree("other", Map.of("z", "zz")).toString(),
        "--alias", "production");
    assertThat(pushToProtected.code()).isNotZero();
    assertThat(cli("artifact", "ls", "reg/model").out()).doesNotContain("v3");

    Run forced = cli("artifact", "alias", "reg/model", "production", "v2", "--force", "--json");
    assertThat(forced.code()).as(forced.err()).isZero();
    assertThat(forced.json().path("version").asInt()).isEqualTo(2);
    assertThat(forced.json().path("protected").asBoolean()).isTrue();

    Run history = cli("artifact", "alias", "reg/model", "production", "--history", "--json");
    JsonNode moves = history.json().path("history");
    assertThat(moves).hasSize(2);
    assertThat(moves.get(0).path("from_version").isNull()).isTrue();
    assertThat(moves.get(0).path("to_version").asInt()).isEqualTo(1);
    assertThat(moves.get(1).path("from_version").asInt()).isEqualTo(1);
    assertThat(moves.get(1).path("to_version").asInt()).isEqualTo(2);
    assertThat(moves.get(1).path("changed_by").asText()).isNotEmpty();
    JsonNode latest = send("GET", "/api/v1/collections/reg/model/alias-history?alias=latest", null).path("history");
    assertThat(latest).hasSize(2);
  }

  // Garbage collection

  @Test
  void gcKeepsReferencedBlobsBlobsHeldByOpenUploadsAndYoungBlobs() throws Exception {
    Path source = tree("src", Map.of("kept", "referenced by v1"));
    cli("artifact", "push", "gc/c", source.toString());
    byte[] orphan = "nobody needs me".getBytes(StandardCharsets.UTF_8);
    putBlob(orphan);
    byte[] held = "an upload said it has me".getBytes(StandardCharsets.UTF_8);
    putBlob(held);
    Manifest manifest = Manifest.of(FileEntry.of("h", held.length, Sha256.hash(held)));
    putBlob(manifest.toBytes());
    JsonNode upload = send("POST", "/api/v1/collections/gc/c/uploads", "{\"manifest\":\"" + manifest.digest().hex() + "\"}");
    assertThat(upload.path("missing")).isEmpty();

    // Young: the default grace period keeps everything just stored.
    Run young = cli("gc", "--json");
    assertThat(young.json().path("freed_blobs").asLong()).isZero();
    assertThat(young.json().path("young").asLong()).isGreaterThanOrEqualTo(4);

    Run dry = cli("gc", "--dry-run", "--grace", "PT0S");
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("would free 1 blob (").contains(Sha256.hash(orphan).hex());
    assertThat(server.artifacts().blobs().exists(Sha256.hash(orphan))).isTrue();

    Run real = cli("gc", "--grace", "PT0S", "--json");
    assertThat(real.json().path("freed_blobs").asLong()).isEqualTo(1);
    assertThat(server.artifacts().blobs().exists(Sha256.hash(orphan))).isFalse();
    assertThat(server.artifacts().blobs().exists(Sha256.hash(held))).isTrue();
    assertThat(server.artifacts().blobs().exists(manifest.digest())).isTrue();
    assertThat(server.artifacts().blobs().exists(Sha256.hash("referenced by v1".getBytes(StandardCharsets.UTF_8)))).isTrue();

    // The upload still commits, and the committed version keeps its blobs through the next GC.
    send("POST", "/api/v1/uploads/" + upload.path("upload_id").asText() + "/commit", "{}");
    cli("gc", "--grace", "PT0S");
    assertThat(server.artifacts().blobs().exists(Sha256.hash(held))).isTrue();
    assertThat(cli("artifact", "verify", "--all").code()).isZero();

    // An aborted upload releases its blobs.
    byte[] abandoned = "abandoned".getBytes(StandardCharsets.UTF_8);
    Manifest second = Manifest.of(FileEntry.of("x", abandoned.length, Sha256.hash(abandoned)));
    putBlob(second.toBytes());
    putBlob(abandoned);
    JsonNode up2 = send("POST", "/api/v1/collections/gc/c/uploads", "{\"manifest\":\"" + second.digest().hex() + "\"}");
    send("DELETE", "/api/v1/uploads/" + up2.path("upload_id").asText(), null);
    cli("gc", "--grace", "PT0S");
    assertThat(server.artifacts().blobs().exists(Sha256.hash(abandoned))).isFalse();
  }

  @Test
  void uploadOfTheLatestContentHoldsNothingAndRegistersItsBlobsIfTheLatestChangesBeforeTheCommit()
      throws Exception {
    Path source = tree("src", Map.of("a", "first content", "b", "shared"));
    JsonNode v1 = cli("artifact", "push", "fast/c", source.toString(), "--json").json();
    String manifest = v1.path("version").path("digest").asText();
    String start = "{\"manifest\":\"" + manifest + "\"}";

    // Unchanged content: nothing to upload, nothing held, the commit answers v1.
    JsonNode same = send("POST", "/api/v1/collections/fast/c/uploads", start);
    assertThat(same.path("missing")).isEmpty();
    assertThat(same.path("blob_count").asLong()).isZero();
    JsonNode answered = send("POST", "/api/v1/uploads/" + same.path("upload_id").asText() + "/commit", "{}");
    assertThat(answered.path("created").asBoolean()).isFalse();
    assertThat(answered.path("version").path("version").asInt()).isEqualTo(1);

    // Started while v1 was the latest, committed after v2 replaced it: a new version v3 with v1's
    // content, whose blobs are registered at the commit and so survive garbage collection.
    JsonNode raced = send("POST", "/api/v1/collections/fast/c/uploads", start);
    Files.writeString(source.resolve("a"), "second content");
    cli("artifact", "push", "fast/c", source.toString());
    JsonNode v3 = send("POST", "/api/v1/uploads/" + raced.path("upload_id").asText() + "/commit", "{}");
    assertThat(v3.path("created").asBoolean()).isTrue();
    assertThat(v3.path("version").path("version").asInt()).isEqualTo(3);
    assertThat(cli("artifact", "rm", "fast/c:v1").code()).isZero();
    assertThat(cli("gc", "--grace", "PT0S").code()).isZero();
    assertThat(server.artifacts().blobs().exists(hash("first content"))).isTrue();
    Path out = tmp.resolve("out");
    Run pull = cli("artifact", "pull", "fast/c:v3", out.toString());
    assertThat(pull.code()).as(pull.err()).isZero();
    assertThat(Files.readString(out.resolve("a"))).isEqualTo("first content");

    // Started while v3 was the latest; v3 deleted and its only blob collected before the commit:
    // the commit is refused and creates nothing.
    JsonNode lost = send("POST", "/api/v1/collections/fast/c/uploads", start);
    assertThat(lost.path("blob_count").asLong()).isZero();
    assertThat(cli("artifact", "rm", "fast/c:v3").code()).isZero();
    assertThat(cli("gc", "--grace", "PT0S").code()).isZero();
    assertThat(server.artifacts().blobs().exists(hash("first content"))).isFalse();
    HttpResponse<String> refused = raw("POST", "/api/v1/uploads/" + lost.path("upload_id").asText() + "/commit", "{}");
    assertThat(refused.statusCode()).isEqualTo(412);
    assertThat(refused.body()).contains("push again");
    assertThat(cli("artifact", "ls", "fast/c").out()).doesNotContain("v4");
  }

  // Deleting versions and retention

  @Test
  void deletedVersionIsGoneKeepsItsNumberAndGcFreesOnlyWhatNoOtherVersionNeeds() throws Exception {
    Path source = tree("src", Map.of("shared", "in both versions", "a", "only in v1"));
    JsonNode v1 = cli("artifact", "push", "d/c", source.toString(), "--alias", "staging", "--json").json().path("version");
    Files.delete(source.resolve("a"));
    Files.writeString(source.resolve("b"), "only in v2");
    cli("artifact", "push", "d/c", source.toString());

    Run aliased = cli("artifact", "rm", "d/c:v1");
    assertThat(aliased.code()).isNotZero();
    assertThat(aliased.err()).contains("alias 'staging' points at it");
    assertThat(cli("artifact", "rm", "d/c@staging").err()).contains("COLLECTION:vN");
    HttpResponse<String> byAlias = raw("DELETE", "/api/v1/collections/d/c/versions/staging", null);
    assertThat(byAlias.statusCode()).isEqualTo(400);
    assertThat(byAlias.body()).contains("deleted by its number");
    cli("artifact", "alias", "d/c", "staging", "--delete");
    Run rm = cli("artifact", "rm", "d/c:v1");
    assertThat(rm.code()).as(rm.err()).isZero();
    assertThat(rm.out()).contains("deleted d/c:v1");

    Run pull = cli("artifact", "pull", "d/c:v1", tmp.resolve("out").toString());
    assertThat(pull.code()).isNotZero();
    assertThat(pull.err()).contains("d/c:v1 was deleted by anonymous");
    assertThat(cli("artifact", "rm", "d/c:v1").err()).contains("was deleted");
    assertThat(cli("artifact", "ls", "d/c").out()).doesNotContain("v1 ").contains("v2");
    JsonNode node = send("GET", "/api/v1/artifacts/" + v1.path("artifact_id").asLong(), null);
    assertThat(node.toString()).contains("DELETED");

    Run gc = cli("gc", "--grace", "PT0S", "--json");
    assertThat(gc.json().path("freed_blobs").asLong()).isEqualTo(2); // "only in v1" and v1's manifest
    assertThat(server.artifacts().blobs().exists(hash("only in v1"))).isFalse();
    assertThat(server.artifacts().blobs().exists(hash("in both versions"))).isTrue();
    assertThat(cli("artifact", "verify", "--all").code()).isZero();

    // Deleting the newest version takes `latest` away; the next push gets a new number.
    assertThat(cli("artifact", "rm", "d/c:v2").code()).isZero();
    assertThat(cli("artifact", "pull", "d/c", tmp.resolve("out2").toString()).err()).contains("has no versions");
    JsonNode again = cli("artifact", "push", "d/c", source.toString(), "--json").json();
    assertThat(again.path("version").path("version").asInt()).isEqualTo(3);
    assertThat(again.path("created").asBoolean()).isTrue();
    assertThat(cli("artifact", "alias", "d/c", "latest", "--history").out()).contains("v2 -> (deleted)");
  }

  @Test
  void retentionRuleDeletesUnaliasedVersionsBeyondTheNewestOrPastTheAge() throws Exception {
    Path source = tree("src", Map.of("f", "content 1"));
    for (int i = 1; i <= 5; i++) {
      Files.writeString(source.resolve("f"), "content " + i);
      assertThat(cli("artifact", "push", "r/c", source.toString()).code()).isZero();
    }
    cli("artifact", "alias", "r/c", "production", "v1");
    assertThat(cli("artifact", "retention", "r/c", "--keep-last", "0").err()).contains("keep_last: 0");
    assertThat(cli("artifact", "retention", "r/c").err()).contains("has no retention rule");
    HttpResponse<String> empty = raw("PUT", "/api/v1/collections/r/c/retention", "{}");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("needs keep_last, keep_for or both");
    Run set = cli("artifact", "retention", "r/c", "--keep-last", "2");
    assertThat(set.out()).contains("r/c: keep aliased versions, the newest 2");

    Run dry = cli("gc", "--dry-run", "--grace", "PT0S", "--json");
    assertThat(dry.json().path("deleted_versions")).extracting(JsonNode::asText).containsExactly("r/c:v2", "r/c:v3");
    assertThat(dry.json().path("freed_blobs").asLong()).isEqualTo(4); // a file and a manifest each
    assertThat(cli("artifact", "ls", "r/c").out().lines()).hasSize(5);

    Run gc = cli("gc", "--grace", "PT0S");
    assertThat(gc.out()).contains("deleted 2 versions by retention rules").contains("r/c:v2").contains("freed 4 blobs");
    assertThat(cli("artifact", "ls", "r/c").out().lines()).extracting(line -> line.substring(0, 2))
        .containsExactly("v1", "v4", "v5");

    // By age: nothing is old yet; 31 days later only the aliased versions are left.
    cli("artifact", "retention", "r/c", "--keep-for", "P30D");
    assertThat(cli("gc", "--grace", "PT0S", "--json").json().path("deleted_versions")).isEmpty();
    clock.advance(Duration.ofDays(31));
    assertThat(cli("gc", "--grace", "PT0S", "--json").json().path("deleted_versions"))
        .extracting(JsonNode::asText).containsExactly("r/c:v4");
    assertThat(cli("artifact", "ls", "r/c").out().lines()).extracting(line -> line.substring(0, 2))
        .containsExactly("v1", "v5");
    assertThat(send("GET", "/api/v1/retention-rules", null).path("rules").get(0).path("keep_for_seconds").asLong())
        .isEqualTo(Duration.ofDays(30).toSeconds());
    assertThat(cli("artifact", "retention", "r/c", "--clear").code()).isZero();
    assertThat(raw("GET", "/api/v1/collections/r/c/retention", null).statusCode()).isEqualTo(404);
  }

  // References to S3 objects

  @Test
  void s3ObjectsArePushedAsReferencesAndPulledBackOnlyWhileTheirEtagStillMatches() throws Exception {
    S3Client admin = s3.admin();
    admin.createBucket(b -> b.bucket("lake"));
    putObject("lake", "data/train.csv", "a,b\n1,2\n");
    putObject("lake", "data/nested/x y.bin", "with a space");
    putObject("lake", "data/empty-folder/", "");
    putObject("lake", "elsewhere/z", "not under the prefix");

    Run push = cli("artifact", "push", "datasets/lake", "s3://lake/data", "--json");
    assertThat(push.code()).as(push.err()).isZero();
    assertThat(push.json().path("files").asLong()).isEqualTo(2);
    assertThat(push.json().path("uploaded_bytes").asLong()).isZero();
    HttpResponse<String> manifest = raw("GET", "/api/v1/collections/datasets/lake/versions/v1/manifest", null);
    assertThat(manifest.body()).contains("s3://lake/data/train.csv").contains("nested/x y.bin");
    assertThat(cli("artifact", "push", "datasets/lake", "s3://lake/data/", "--json").json().path("created").asBoolean())
        .isFalse();

    Path target = tmp.resolve("pulled");
    Run pull = cli("artifact", "pull", "datasets/lake", target.toString());
    assertThat(pull.code()).as(pull.err()).isZero();
    assertThat(target.resolve("train.csv")).hasContent("a,b\n1,2\n");
    assertThat(target.resolve("nested/x y.bin")).hasContent("with a space");

    // Overwritten in S3 since it was referenced: refused, nothing half-written left behind.
    putObject("lake", "data/train.csv", "a,b\n9,9\n");
    Path again = tmp.resolve("again");
    Run changed = cli("artifact", "pull", "datasets/lake", again.toString());
    assertThat(changed.code()).isNotZero();
    assertThat(changed.err()).contains("refusing 'train.csv'").contains("changed since it was referenced");
    assertThat(again.resolve("train.csv")).doesNotExist();
    admin.deleteObject(b -> b.bucket("lake").key("data/nested/x y.bin"));
    assertThat(cli("artifact", "pull", "datasets/lake", tmp.resolve("third").toString()).err())
        .contains("no longer exists");

    Run single = cli("artifact", "push", "datasets/one", "s3://lake/elsewhere/z", "--json");
    assertThat(single.json().path("files").asLong()).isEqualTo(1);
    assertThat(raw("GET", "/api/v1/collections/datasets/one/versions/v1/manifest", null).body()).contains("ref\tz\t20\ts3://lake/elsewhere/z\t");
    assertThat(cli("artifact", "push", "datasets/none", "s3://lake/missing").err()).contains("does not exist");
    assertThat(cli("artifact", "push", "datasets/none", "s3:///key").err()).contains("names no bucket");
    assertThat(cli("artifact", "ls").out()).doesNotContain("datasets/none");
  }

  @Test
  void inAVersionedBucketReferencesPinObjectVersionsAndPullThoseBytesAfterOverwritesAndDeletes() throws Exception {
    try (TestVersionedS3 versioned = TestVersionedS3.start(tmp)) {
      S3Client admin = versioned.admin();
      admin.createBucket(b -> b.bucket("lake-v"));
      admin.putBucketVersioning(b -> b.bucket("lake-v").versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
      String firstA = admin.putObject(b -> b.bucket("lake-v").key("data/a.csv"), RequestBody.fromString("first a")).versionId();
      admin.putObject(b -> b.bucket("lake-v").key("data/b.csv"), RequestBody.fromString("bee"));
      admin.putObject(b -> b.bucket("lake-v").key("data/gone.csv"), RequestBody.fromString("deleted before the push"));
      admin.deleteObject(b -> b.bucket("lake-v").key("data/gone.csv"));

      Run push = cliWith(url, versioned.endpoint(), "artifact", "push", "datasets/v", "s3://lake-v/data", "--json");
      assertThat(push.code()).as(push.err()).isZero();
      assertThat(push.json().path("files").asLong()).as("the deleted key is not listed").isEqualTo(2);
      assertThat(push.json().path("pinned_versions").asLong()).isEqualTo(2);
      assertThat(raw("GET", "/api/v1/collections/datasets/v/versions/v1/manifest", null).body())
          .contains("s3://lake-v/data/a.csv\t").contains(firstA).doesNotContain("gone.csv");

      // Overwritten and deleted since: the pinned versions are still there, and those are pulled.
      admin.putObject(b -> b.bucket("lake-v").key("data/a.csv"), RequestBody.fromString("second a, longer"));
      admin.deleteObject(b -> b.bucket("lake-v").key("data/b.csv"));
      Path target = tmp.resolve("pulled");
      Run pull = cliWith(url, versioned.endpoint(), "artifact", "pull", "datasets/v", target.toString());
      assertThat(pull.code()).as(pull.err()).isZero();
      assertThat(target.resolve("a.csv")).hasContent("first a");
      assertThat(target.resolve("b.csv")).hasContent("bee");

      // One object: pinned to its current version.
      String current = admin.headObject(b -> b.bucket("lake-v").key("data/a.csv")).versionId();
      Run single = cliWith(url, versioned.endpoint(), "artifact", "push", "datasets/one-v", "s3://lake-v/data/a.csv", "--json");
      assertThat(single.json().path("pinned_versions").asLong()).isEqualTo(1);
      assertThat(raw("GET", "/api/v1/collections/datasets/one-v/versions/v1/manifest", null).body()).contains(current);
    }
  }

  @Test
  void anEntryPinnedByEtagAloneIsServedFromAVersionTheBucketKeptAfterItsKeyWasOverwritten() throws Exception {
    try (TestVersionedS3 versioned = TestVersionedS3.start(tmp)) {
      S3Client admin = versioned.admin();
      admin.createBucket(b -> b.bucket("lake-e"));
      admin.putObject(b -> b.bucket("lake-e").key("k.csv"), RequestBody.fromString("as referenced"));
      // Pushed while the bucket kept no versions: the entry records the ETag only.
      Run push = cliWith(url, versioned.endpoint(), "artifact", "push", "datasets/e", "s3://lake-e/k.csv", "--json");
      assertThat(push.code()).as(push.err()).isZero();
      assertThat(push.json().path("pinned_versions").asLong()).isZero();
      assertThat(cliWith(url, versioned.endpoint(), "artifact", "push", "datasets/e2", "s3://lake-e/k.csv").out())
          .contains("0 of 1 references pinned to an object version id").contains("by ETag");

      // Versioning turned on, the same bytes written once more (S3 would also keep the object from
      // before as its "null" version; S3Mock does not), then overwritten.
      admin.putBucketVersioning(b -> b.bucket("lake-e").versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
      admin.putObject(b -> b.bucket("lake-e").key("k.csv"), RequestBody.fromString("as referenced"));
      admin.putObject(b -> b.bucket("lake-e").key("k.csv"), RequestBody.fromString("overwritten since"));
      Path target = tmp.resolve("pulled");
      Run pull = cliWith(url, versioned.endpoint(), "artifact", "pull", "datasets/e", target.toString());
      assertThat(pull.code()).as(pull.err()).isZero();
      assertThat(target.resolve("k.csv")).hasContent("as referenced");

      // No kept version with those bytes: refused as before.
      admin.putObject(b -> b.bucket("lake-e").key("k.csv"), RequestBody.fromString("and again"));
      for (var version : admin.listObjectVersions(b -> b.bucket("lake-e")).versions()) {
        if (!Boolean.TRUE.equals(version.isLatest())) {
          admin.deleteObject(b -> b.bucket("lake-e").key(version.key()).versionId(version.versionId()));
        }
      }
      Run refused = cliWith(url, versioned.endpoint(), "artifact", "pull", "datasets/e", tmp.resolve("again").toString());
      assertThat(refused.code()).isNotZero();
      assertThat(refused.err()).contains("refusing 'k.csv'").contains("changed since it was referenced");
    }
  }

  // Bad input

  @Test
  void symlinkLeavingTheTreeIsRejectedBeforeAnythingIsStored() throws Exception {
    Path outside = Files.writeString(tmp.resolve("secret.txt"), "secret");
    Path source = tree("src", Map.of("a", "alpha"));
    Files.createSymbolicLink(source.resolve("link"), outside);
    Run push = cli("artifact", "push", "leak", source.toString());
    assertThat(push.code()).isNotZero();
    assertThat(push.err()).contains("points outside");
    assertThat(send("GET", "/api/v1/collections", null).path("collections")).isEmpty();
    try (Stream<Path> blobs = Files.walk(tmp.resolve("data/blobs"))) {
      assertThat(blobs.filter(Files::isRegularFile)).isEmpty();
    }

    // A link to a file inside the tree is followed.
    Files.delete(source.resolve("link"));
    Files.createSymbolicLink(source.resolve("link"), source.resolve("a"));
    assertThat(cli("artifact", "push", "inside", source.toString()).code()).isZero();
  }

  @Test
  void badCollectionOrAliasNamesAreRejectedBeforeAnythingIsUploaded() throws Exception {
    Path source = tree("src", Map.of("a", "alpha"));
    Run traversal = cli("artifact", "push", "datasets/../x", source.toString());
    assertThat(traversal.code()).isNotZero();
    assertThat(traversal.err()).contains("collection name: 'datasets/../x'");
    Run alias = cli("artifact", "push", "datasets/x", source.toString(), "--alias", "v2");
    assertThat(alias.code()).isNotZero();
    assertThat(alias.err()).contains("alias: 'v2'");
    Run pull = cli("artifact", "pull", "../x", tmp.resolve("out").toString());
    assertThat(pull.code()).isNotZero();
    assertThat(pull.err()).contains("collection name: '..");
    assertThat(send("GET", "/api/v1/collections", null).path("collections")).isEmpty();
    try (Stream<Path> blobs = Files.walk(tmp.resolve("data/blobs"))) {
      assertThat(blobs.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void fileNameWithControlCharactersIsRejectedBeforeAnythingIsStored() throws Exception {
    Path source = tree("src", Map.of("ok", "fine"));
    Files.writeString(source.resolve("bad\nname"), "x");
    Run push = cli("artifact", "push", "ctl", source.toString());
    assertThat(push.code()).isNotZero();
    assertThat(push.err()).contains("cannot push");
    assertThat(send("GET", "/api/v1/collections", null).path("collections")).isEmpty();
  }

  @Test
  void manifestsWithTraversalAbsoluteOrDuplicatePathsAreRejected() throws Exception {
    Sha256 x = Sha256.hash("xyz".getBytes(StandardCharsets.UTF_8));
    for (String body : new String[] {
        "file\t../escape\t3\t" + x.hex() + "\t\n",
        "file\t/etc/passwd\t3\t" + x.hex() + "\t\n",
        "file\ta/../../b\t3\t" + x.hex() + "\t\n",
        "file\ta%00b\t3\t" + x.hex() + "\t\n",
        "file\tsame\t3\t" + x.hex() + "\t\nfile\tsame\t3\t" + x.hex() + "\t\n"}) {
      long count = body.lines().count();
      byte[] manifest = ("pedigree-manifest 1\n" + body + "end\t" + count + "\t" + (3 * count) + "\n")
          .getBytes(StandardCharsets.UTF_8);
      putBlob(manifest);
      HttpResponse<String> start = raw("POST", "/api/v1/collections/bad/uploads",
          "{\"manifest\":\"" + Sha256.hash(manifest).hex() + "\"}");
      assertThat(start.statusCode()).as(body).isEqualTo(400);
      assertThat(start.body()).contains("INVALID_ARGUMENT");
    }
    assertThat(send("GET", "/api/v1/collections", null).path("collections")).isEmpty();
  }

  // Graph, URIs, ranges

  @Test
  void versionsAreArtifactsInTheGraphAndPedigreeUrisResolve() throws Exception {
    Path source = tree("src", Map.of("data/train.csv", "0123456789"));
    JsonNode version = cli("artifact", "push", "datasets/iris", source.toString(), "--json").json().path("version");
    JsonNode node = send("GET", "/api/v1/artifacts/" + version.path("artifact_id").asLong(), null);
    assertThat(node.toString()).contains("pedigree.ArtifactVersion").contains(version.path("digest").asText())
        .contains("pedigree://datasets/iris:v1");
    assertThat(server.artifacts().aliasesPointingAt(java.util.List.of(version.path("artifact_id").asLong())))
        .extracting(a -> a.name()).containsExactly("latest");

    JsonNode resolved = send("GET", "/api/v1/resolve?uri=pedigree://datasets/iris@latest/data/train.csv", null);
    assertThat(resolved.path("version").path("version").asInt()).isEqualTo(1);
    assertThat(resolved.path("entry").path("size").asInt()).isEqualTo(10);

    HttpResponse<String> range = http.send(HttpRequest.newBuilder(URI.create(url
        + "/api/v1/collections/datasets/iris/versions/v1/files/data/train.csv")).header("Range", "bytes=2-5").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).isEqualTo("2345");
    assertThat(range.headers().firstValue("content-range")).hasValue("bytes 2-5/10");
  }

  // Helpers

  /** Real time plus an offset that tests move forward. */
  private static final class AheadClock extends Clock {
    private volatile long aheadMs;

    void advance(Duration by) {
      aheadMs += by.toMillis();
    }

    @Override
    public long millis() {
      return System.currentTimeMillis() + aheadMs;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the test clock is UTC only");
    }
  }

  private static void putObject(String bucket, String key, String content) {
    s3.admin().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
  }

  private static Sha256 hash(String content) {
    return Sha256.hash(content.getBytes(StandardCharsets.UTF_8));
  }

  private Run cli(String... args) {
    return cliAt(url, args);
  }

  private Run cliAt(String serverUrl, String... args) {
    return cliWith(serverUrl, s3.endpoint(), args);
  }

  /** The CLI against the server at {@code serverUrl}, its S3 client against {@code s3Endpoint}. */
  private static Run cliWith(String serverUrl, URI s3Endpoint, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new Main())
        .setDefaultValueProvider(new ConfigDefaults(args, Map.of("PEDIGREE_URL", serverUrl,
            "PEDIGREE_S3_ENDPOINT", s3Endpoint.toString(), "PEDIGREE_S3_PATH_STYLE", "true",
            "PEDIGREE_S3_ACCESS_KEY_ID", TestS3.ACCESS_KEY, "PEDIGREE_S3_SECRET_ACCESS_KEY", TestS3.SECRET_KEY)))
        .setExecutionExceptionHandler(new CliErrors());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path tree(String name, Map<String, String> files) throws IOException {
    Path root = Files.createDirectories(tmp.resolve(name));
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = root.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    return root;
  }

  private static void assertSameTree(Path expected, Path actual) throws IOException {
    try (Stream<Path> files = Files.walk(expected)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path other = actual.resolve(expected.relativize(file).toString());
        assertThat(other).exists();
        assertThat(Files.readAllBytes(other)).isEqualTo(Files.readAllBytes(file));
      }
    }
    try (Stream<Path> a = Files.walk(expected); Stream<Path> b = Files.walk(actual)) {
      assertThat(b.filter(Files::isRegularFile).count()).isEqualTo(a.filter(Files::isRegularFile).count());
    }
  }

  private void putBlob(byte[] content) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/blobs/"
        + Sha256.hash(content).hex())).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
  }

  private HttpResponse<String> raw(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json");
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode send(String method, String path, String body) throws Exception {
    HttpResponse<String> response = raw(method, path, body);
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
    return JSON.readTree(response.body());
  }
}
