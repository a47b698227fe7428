package dev.pedigree.store.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.artifact.Sha256;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest extends BlobStoreContractTest {
  @TempDir Path root;

  @Override
  protected BlobStore newStore() {
    return LocalBlobStore.open(root);
  }

  @Override
  protected void corrupt(Sha256 digest) throws Exception {
    try (FileChannel channel = FileChannel.open(local().pathOf(digest), StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, 100);
      one.put(0, (byte) (one.get(0) ^ 0x01)).rewind();
      channel.write(one, 100);
    }
  }

  @Override
  protected long leftovers() throws Exception {
    try (Stream<Path> files = Files.list(root.resolve("tmp"))) {
      return files.count();
    }
  }

  @Override
  protected boolean exactlyOneCreatorOnRace() {
    return true;
  }

  @Test
  void blobsLiveInShardDirectoriesNamedByTheirDigest() {
    Sha256 digest = store.putAndDigest(new ByteArrayInputStream(new byte[] {1, 2, 3})).digest();
    Path expected = root.resolve("sha256").resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex().substring(2));
    assertThat(expected).isRegularFile().hasBinaryContent(new byte[] {1, 2, 3});
  }

  @Test
  void aFullDiskRefusesUploadsClearlyAndLeavesNothing() throws Exception {
    try (LocalBlobStore full = LocalBlobStore.open(root, Long.MAX_VALUE / 2)) {
      byte[] content = bytes(1_000, 11);
      assertRejected(() -> full.put(new ByteArrayInputStream(content), Sha256.hash(content),
          content.length), ErrorCode.UNAVAILABLE, "is out of disk space");
      assertThat(full.exists(Sha256.hash(content))).isFalse();
    }
    assertThat(leftovers()).isZero();
    // With room again, the same upload succeeds.
    byte[] content = bytes(1_000, 11);
    assertThat(store.put(new ByteArrayInputStream(content), Sha256.hash(content), content.length)
        .created()).isTrue();
  }

  @Test
  void aDeduplicatedPutRefreshesTheStoreTime() throws Exception {
    byte[] content = bytes(100, 12);
    Sha256 digest = store.putAndDigest(new ByteArrayInputStream(content)).digest();
    Files.setLastModifiedTime(local().pathOf(digest), FileTime.fromMillis(1_000_000));

    store.putAndDigest(new ByteArrayInputStream(content));

    assertThat(store.stat(digest).orElseThrow().storedAtMs()).isGreaterThan(1_000_000);
  }

  @Test
  void purgeRemovesOnlyStaleTemporaryFiles() throws Exception {
    Path stale = Files.writeString(root.resolve("tmp").resolve("crashed.upload"), "partial");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    Path fresh = Files.writeString(root.resolve("tmp").resolve("running.upload"), "partial");

    assertThat(store.purgeTemporaries(Instant.now().minusSeconds(3600))).isEqualTo(1);

    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
    Files.delete(fresh);
  }

  @Test
  void strayFilesInTheBlobTreeAreNotListed() throws Exception {
    Files.createDirectories(root.resolve("sha256/zz"));
    Files.writeString(root.resolve("sha256/zz/not-a-blob"), "x");
    Files.createDirectories(root.resolve("sha256/ab"));
    Files.writeString(root.resolve("sha256/ab/short"), "x");
    assertThat(listAll()).isEmpty();
  }

  private LocalBlobStore local() {
    return (LocalBlobStore) store;
  }
}
