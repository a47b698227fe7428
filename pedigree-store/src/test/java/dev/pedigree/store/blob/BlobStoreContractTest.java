package dev.pedigree.store.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.artifact.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link BlobStore} implementation promises; subclassed once per backend. */
abstract class BlobStoreContractTest {
  protected BlobStore store;

  /** A fresh, empty store. */
  protected abstract BlobStore newStore() throws Exception;

  /** Changes one stored byte of the blob behind the store's back. */
  protected abstract void corrupt(Sha256 digest) throws Exception;

  /** Temporary files, objects or uploads the store has left behind. */
  protected abstract long leftovers() throws Exception;

  /** Whether racing puts of the same content are guaranteed to report exactly one creator. */
  protected boolean exactlyOneCreatorOnRace() {
    return false;
  }

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void storedBytesReadBackIdentically() throws Exception {
    byte[] content = bytes(100_000, 1);
    Sha256 digest = Sha256.hash(content);

    PutResult result = store.put(new ByteArrayInputStream(content), digest, content.length);

    assertThat(result).isEqualTo(new PutResult(digest, content.length, true));
    assertThat(store.exists(digest)).isTrue();
    assertThat(read(store.open(digest))).isEqualTo(content);
    BlobInfo info = store.stat(digest).orElseThrow();
    assertThat(info.size()).isEqualTo(content.length);
    assertThat(info.storedAtMs()).isGreaterThan(System.currentTimeMillis() - 600_000);
    assertThat(leftovers()).isZero();
  }

  @Test
  void emptyContentIsABlobToo() throws Exception {
    PutResult result = store.put(InputStream.nullInputStream(), Sha256.EMPTY, 0);
    assertThat(result.created()).isTrue();
    assertThat(read(store.open(Sha256.EMPTY))).isEmpty();
    assertThat(store.verify(Sha256.EMPTY).intact()).isTrue();
  }

  @Test
  void secondPutOfTheSameContentStoresNothingNew() throws Exception {
    byte[] content = "same bytes".getBytes(UTF_8);
    Sha256 digest = Sha256.hash(content);
    assertThat(store.put(new ByteArrayInputStream(content), digest, content.length).created())
        .isTrue();

    PutResult again = store.put(new ByteArrayInputStream(content), digest, content.length);
    PutResult computed = store.putAndDigest(new ByteArrayInputStream(content));

    assertThat(again).isEqualTo(new PutResult(digest, content.length, false));
    assertThat(computed).isEqualTo(new PutResult(digest, content.length, false));
    assertThat(listAll()).containsOnlyKeys(digest);
    assertThat(leftovers()).isZero();
  }

  @Test
  void putAllStoresABatchInOrderAndDeduplicates() throws Exception {
    byte[] a = bytes(3_000, 21);
    byte[] b = bytes(0, 22);
    byte[] c = bytes(9_000, 23);
    store.put(new ByteArrayInputStream(c), Sha256.hash(c), c.length);

    List<PutResult> results = store.putAll(List.of(new BlobContent(Sha256.hash(a), a),
        new BlobContent(Sha256.hash(b), b), new BlobContent(Sha256.hash(a), a.clone()),
        new BlobContent(Sha256.hash(c), c)));

    assertThat(results).containsExactly(new PutResult(Sha256.hash(a), a.length, true),
        new PutResult(Sha256.hash(b), 0, true), new PutResult(Sha256.hash(a), a.length, false),
        new PutResult(Sha256.hash(c), c.length, false));
    assertThat(read(store.open(Sha256.hash(a)))).isEqualTo(a);
    assertThat(read(store.open(Sha256.hash(b)))).isEmpty();
    assertThat(listAll()).containsOnlyKeys(Sha256.hash(a), Sha256.hash(b), Sha256.hash(c));
    assertThat(leftovers()).isZero();
  }

  @Test
  void putAllChecksEveryDigestBeforeStoringAnything() throws Exception {
    byte[] good = bytes(2_000, 24);
    byte[] bad = bytes(2_000, 25);
    Sha256 claimed = Sha256.hash("not these bytes".getBytes(UTF_8));

    assertRejected(() -> store.putAll(List.of(new BlobContent(Sha256.hash(good), good),
        new BlobContent(claimed, bad))), ErrorCode.INVALID_ARGUMENT, "does not match its digest");

    assertThat(store.exists(Sha256.hash(good))).isFalse();
    assertThat(store.exists(claimed)).isFalse();
    assertThat(listAll()).isEmpty();
    assertThat(leftovers()).isZero();
  }

  @Test
  void putAndDigestNamesTheBlobByItsContent() throws Exception {
    byte[] content = bytes(5_000, 2);
    PutResult result = store.putAndDigest(new ByteArrayInputStream(content));
    assertThat(result).isEqualTo(new PutResult(Sha256.hash(content), content.length, true));
    assertThat(read(store.open(result.digest()))).isEqualTo(content);
  }

  @Test
  void contentNotMatchingItsDigestIsRejectedAndNothingIsVisible() throws Exception {
    byte[] content = bytes(70_000, 3);
    Sha256 claimed = Sha256.hash("something else".getBytes(UTF_8));

    assertRejected(() -> store.put(new ByteArrayInputStream(content), claimed, content.length),
        ErrorCode.INVALID_ARGUMENT, "does not match its digest");

    assertThat(store.exists(claimed)).isFalse();
    assertThat(store.exists(Sha256.hash(content))).isFalse();
    assertThat(listAll()).isEmpty();
    assertThat(leftovers()).isZero();
  }

  @Test
  void contentOfTheWrongSizeIsRejected() throws Exception {
    byte[] content = bytes(1_000, 4);
    Sha256 digest = Sha256.hash(content);

    assertRejected(() -> store.put(new ByteArrayInputStream(content), digest, 999),
        ErrorCode.INVALID_ARGUMENT, "longer than the expected 999 bytes");
    assertRejected(() -> store.put(new ByteArrayInputStream(content), digest, 1_001),
        ErrorCode.INVALID_ARGUMENT, "does not match");

    assertThat(store.exists(digest)).isFalse();
    assertThat(leftovers()).isZero();
  }

  @Test
  void failingContentAbortsThePutAndLeavesNothing() throws Exception {
    InputStream failing = new java.io.SequenceInputStream(
        new ByteArrayInputStream(bytes(10_000, 5)), new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset by client");
          }
        });
    assertRejected(() -> store.putAndDigest(failing), ErrorCode.ABORTED,
        "connection reset by client");
    assertThat(listAll()).isEmpty();
    assertThat(leftovers()).isZero();
  }

  @Test
  void rangesAreCutAtTheEndAndMayNotStartPastIt() throws Exception {
    byte[] content = bytes(1_000, 6);
    Sha256 digest = store.putAndDigest(new ByteArrayInputStream(content)).digest();

    assertThat(read(store.open(digest, ByteRange.of(10, 20))))
        .isEqualTo(java.util.Arrays.copyOfRange(content, 10, 30));
    assertThat(read(store.open(digest, ByteRange.from(990))))
        .isEqualTo(java.util.Arrays.copyOfRange(content, 990, 1_000));
    assertThat(read(store.open(digest, ByteRange.of(900, 500))))
        .isEqualTo(java.util.Arrays.copyOfRange(content, 900, 1_000));
    assertThat(read(store.open(digest, ByteRange.of(0, 1_000)))).isEqualTo(content);
    assertThat(read(store.open(digest, ByteRange.of(1_000, 10)))).isEmpty();
    assertThat(read(store.open(digest, ByteRange.of(5, 0)))).isEmpty();
    assertRejected(() -> store.open(digest, ByteRange.of(1_001, 1)), ErrorCode.OUT_OF_RANGE,
        "past the end");
  }

  @Test
  void aMissingBlobIsNotFound() {
    Sha256 missing = Sha256.hash("never stored".getBytes(UTF_8));
    assertRejected(() -> store.open(missing), ErrorCode.NOT_FOUND, "not found");
    assertRejected(() -> store.open(missing, ByteRange.of(0, 1)), ErrorCode.NOT_FOUND, "not found");
    assertThat(store.exists(missing)).isFalse();
    assertThat(store.stat(missing)).isEmpty();
    assertThat(store.verify(missing).status()).isEqualTo(BlobVerification.Status.MISSING);
    assertThat(store.delete(missing)).isFalse();
  }

  @Test
  void deletedBlobsAreGone() {
    Sha256 digest = store.putAndDigest(new ByteArrayInputStream(bytes(10, 7))).digest();
    assertThat(store.delete(digest)).isTrue();
    assertThat(store.delete(digest)).isFalse();
    assertThat(store.exists(digest)).isFalse();
    assertRejected(() -> store.open(digest), ErrorCode.NOT_FOUND, "not found");
    assertThat(listAll()).isEmpty();
  }

  @Test
  void listStreamsEveryBlobWithItsSize() {
    Map<Sha256, Long> expected = new java.util.HashMap<>();
    for (int i = 0; i < 40; i++) {
      byte[] content = bytes(i * 37, 100 + i);
      expected.put(store.putAndDigest(new ByteArrayInputStream(content)).digest(),
          (long) content.length);
    }
    assertThat(listAll()).isEqualTo(expected);
  }

  @Test
  void verifyAndVerifiedReadsDetectCorruption() throws Exception {
    byte[] content = bytes(50_000, 8);
    Sha256 digest = store.putAndDigest(new ByteArrayInputStream(content)).digest();
    assertThat(store.verify(digest).status()).isEqualTo(BlobVerification.Status.INTACT);
    assertThat(read(store.openVerified(digest))).isEqualTo(content);

    corrupt(digest);

    BlobVerification verification = store.verify(digest);
    assertThat(verification.status()).isEqualTo(BlobVerification.Status.CORRUPT);
    assertThat(verification.actualDigest()).isNotEqualTo(digest);
    assertThatThrownBy(() -> read(store.openVerified(digest)))
        .isInstanceOf(CorruptBlobException.class)
        .hasMessageContaining("is corrupt");
  }

  @Test
  void concurrentPutsOfTheSameContentAllSucceed() throws Exception {
    byte[] content = bytes(3 * 1024 * 1024 + 17, 9);
    Sha256 digest = Sha256.hash(content);
    int writers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<PutResult>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        Callable<PutResult> put = () -> {
          start.await();
          return store.put(new ByteArrayInputStream(content), digest, content.length);
        };
        results.add(pool.submit(put));
      }
      start.countDown();
      int created = 0;
      for (Future<PutResult> result : results) {
        PutResult put = result.get(60, TimeUnit.SECONDS);
        assertThat(put.digest()).isEqualTo(digest);
        created += put.created() ? 1 : 0;
      }
      if (exactlyOneCreatorOnRace()) {
        assertThat(created).isEqualTo(1);
      } else {
        assertThat(created).isBetween(1, writers);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.verify(digest).intact()).isTrue();
    assertThat(listAll()).containsOnlyKeys(digest);
    assertThat(leftovers()).isZero();
  }

  @Test
  void largeBlobsStreamInAndOut() throws Exception {
    long size = 64L * 1024 * 1024 + 12_345;
    Sha256 digest = GeneratedContent.digestOf(42, size);

    PutResult result = store.put(new GeneratedContent(42, size), digest, size);

    assertThat(result).isEqualTo(new PutResult(digest, size, true));
    assertThat(store.stat(digest).orElseThrow().size()).isEqualTo(size);
    long read = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = store.openVerified(digest)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        read += n;
      }
    }
    assertThat(read).isEqualTo(size);
    try (InputStream tail = store.open(digest, ByteRange.from(size - 10))) {
      byte[] expected = new byte[10];
      try (InputStream generated = new GeneratedContent(42, size)) {
        generated.skipNBytes(size - 10);
        generated.readNBytes(expected, 0, 10);
      }
      assertThat(tail.readAllBytes()).isEqualTo(expected);
    }
    assertThat(leftovers()).isZero();
  }

  @Test
  void largeContentWithAWrongDigestLeavesNothing() throws Exception {
    long size = 20L * 1024 * 1024;
    Sha256 wrong = GeneratedContent.digestOf(1, size);
    assertRejected(() -> store.put(new GeneratedContent(2, size), wrong, size),
        ErrorCode.INVALID_ARGUMENT, "does not match its digest");
    assertThat(listAll()).isEmpty();
    assertThat(leftovers()).isZero();
  }

  protected Map<Sha256, Long> listAll() {
    try (Stream<BlobInfo> blobs = store.list()) {
      return blobs.collect(Collectors.toMap(BlobInfo::digest, BlobInfo::size));
    }
  }

  protected static byte[] bytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  protected static byte[] read(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  protected static void assertRejected(ThrowingCallable call, ErrorCode code, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(PedigreeException.class,
            e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code))
        .hasMessageContaining(message);
  }
}
