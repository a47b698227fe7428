package dev.pedigree.store.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.artifact.Sha256;
import dev.pedigree.store.testing.TestS3;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Runs the contract against a real S3 API: s3proxy over a directory, on a loopback port. */
class S3BlobStoreTest extends BlobStoreContractTest {
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  @TempDir static Path backendDir;
  private static TestS3 s3;
  private static S3Client admin;

  private String bucket;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = TestS3.start(backendDir);
    admin = s3.admin();
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  @AfterEach
  void restartIfStopped() throws Exception {
    s3.restart();
  }

  @Override
  protected BlobStore newStore() {
    bucket = "blobs-" + BUCKETS.incrementAndGet();
    admin.createBucket(b -> b.bucket(bucket));
    return S3BlobStore.create(config().build());
  }

  private S3BlobStoreConfig.Builder config() {
    return S3BlobStoreConfig.builder(bucket)
        .keyPrefix("pedigree")
        .endpoint(s3.endpoint())
        .region("us-east-1")
        .credentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY)
        .pathStyleAccess(true)
        .partSize(S3BlobStoreConfig.MIN_PART_SIZE)
        .copyPartSize(S3BlobStoreConfig.MIN_PART_SIZE)
        .maxSingleCopySize(8L * 1024 * 1024);
  }

  @Override
  protected void corrupt(Sha256 digest) throws IOException {
    String key = ((S3BlobStore) store).keyOf(digest);
    byte[] bytes;
    try (InputStream in = admin.getObject(b -> b.bucket(bucket).key(key))) {
      bytes = in.readAllBytes();
    }
    bytes[100] ^= 0x01;
    admin.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  @Override
  protected long leftovers() {
    long objects = admin.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("pedigree/tmp/"))
        .contents().stream().count();
    long uploads = admin.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads().stream()
        .count();
    return objects + uploads;
  }

  @Test
  void blobsLiveUnderThePrefixInShardsNamedByTheirDigest() {
    Sha256 digest = store.putAndDigest(new ByteArrayInputStream(new byte[] {1, 2, 3})).digest();
    String key = "pedigree/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex().substring(2);
    assertThat(admin.headObject(b -> b.bucket(bucket).key(key)).contentLength()).isEqualTo(3);
  }

  @Test
  void largeContentOfUnknownDigestIsCopiedInPartsToItsKey() throws Exception {
    // 12 MiB exceeds the 8 MiB single-copy limit configured above: a multipart copy.
    long size = 12L * 1024 * 1024 + 3;
    PutResult result = store.putAndDigest(new GeneratedContent(5, size));
    assertThat(result).isEqualTo(new PutResult(GeneratedContent.digestOf(5, size), size, true));
    assertThat(store.verify(result.digest()).intact()).isTrue();
    assertThat(leftovers()).isZero();
    assertThat(store.putAndDigest(new GeneratedContent(5, size)).created()).isFalse();
    assertThat(leftovers()).isZero();
  }

  @Test
  void anUnreachableEndpointIsUnavailable() {
    try (S3BlobStore down = S3BlobStore.create(config().endpoint(URI.create("http://127.0.0.1:9"))
        .build())) {
      assertRejected(() -> down.putAndDigest(new ByteArrayInputStream(new byte[10])),
          ErrorCode.UNAVAILABLE, "is unreachable");
      assertRejected(() -> down.open(Sha256.EMPTY), ErrorCode.UNAVAILABLE, "is unreachable");
    }
  }

  @Test
  void aMissingBucketIsUnavailable() {
    try (S3BlobStore missing = S3BlobStore.create(S3BlobStoreConfig.builder("no-such-bucket")
        .endpoint(s3.endpoint()).credentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY).pathStyleAccess(true).build())) {
      assertRejected(() -> missing.putAndDigest(new ByteArrayInputStream(new byte[10])),
          ErrorCode.UNAVAILABLE, "does not exist");
    }
  }

  @Test
  void s3GoingDownMidUploadFailsCleanlyAndARetrySucceeds() throws Exception {
    long size = 12L * 1024 * 1024;
    Sha256 digest = GeneratedContent.digestOf(9, size);
    InputStream dying = new FilterInputStream(new GeneratedContent(9, size)) {
      private long read;

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        if (read > 6L * 1024 * 1024 && s3.isRunning()) {
          try {
            s3.stop();
          } catch (Exception e) {
            throw new IOException(e);
          }
        }
        int n = super.read(buffer, offset, length);
        read += Math.max(n, 0);
        return n;
      }
    };

    assertRejected(() -> store.put(dying, digest, size), ErrorCode.UNAVAILABLE, "unreachable");

    s3.restart();
    assertThat(store.exists(digest)).isFalse();
    assertThat(store.put(new GeneratedContent(9, size), digest, size).created()).isTrue();
    assertThat(store.verify(digest).intact()).isTrue();
    // The upload abandoned while S3 was down is removed by the purge.
    store.purgeTemporaries(Instant.now().plusSeconds(60));
    assertThat(leftovers()).isZero();
  }
}
