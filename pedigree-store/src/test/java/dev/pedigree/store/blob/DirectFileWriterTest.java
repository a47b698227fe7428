package dev.pedigree.store.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectFileWriterTest {
  @TempDir Path dir;

  /** Lengths around the block size and the buffer size, written in uneven pieces. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 511, 4095, 4096, 4097, 65_536, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3_000_017})
  void writesExactlyTheBytesGivenWhateverTheLength(int length) throws IOException {
    writeAndRead(dir.resolve("direct"), length, true);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4097, (1 << 20) + 1})
  void writesTheSameBytesBuffered(int length) throws IOException {
    writeAndRead(dir.resolve("buffered"), length, false);
  }

  private static void writeAndRead(Path file, int length, boolean tryDirect) throws IOException {
    byte[] content = new byte[length];
    new SplittableRandom(length).nextBytes(content);
    try (DirectFileWriter writer = DirectFileWriter.create(file, length, tryDirect)) {
      if (!tryDirect) {
        assertThat(writer.direct()).isFalse();
      }
      int offset = 0;
      int piece = 1;
      while (offset < length) {
        int n = Math.min(piece, length - offset);
        writer.write(content, offset, n);
        offset += n;
        piece = piece * 3 + 7;
      }
      writer.finish();
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(content);
  }

  @Test
  void bypassesThePageCacheOnAnOrdinaryDiskFileSystem() throws IOException {
    assumeThat(System.getProperty("os.name")).startsWith("Linux");
    assumeThat(Files.getFileStore(dir).type()).isIn("ext4", "xfs", "btrfs");
    try (DirectFileWriter writer = DirectFileWriter.create(dir.resolve("blob"), 10)) {
      assertThat(writer.direct()).isTrue();
    }
  }

  /** tmpfs refuses direct I/O on older kernels and accepts it on newer ones: the bytes are right either way. */
  @Test
  void writesCorrectlyOnTmpfsWhetherOrNotItTakesDirectIo() throws IOException {
    Path shm = Path.of("/dev/shm");
    assumeThat(Files.isDirectory(shm) && Files.isWritable(shm)).isTrue();
    Path tmpfs = Files.createTempDirectory(shm, "pedigree-direct");
    try {
      writeAndRead(tmpfs.resolve("blob"), 5000, true);
    } finally {
      Files.deleteIfExists(tmpfs.resolve("blob"));
      Files.delete(tmpfs);
    }
  }

  @Test
  void neverOverwritesAnExistingFile() throws IOException {
    Path file = Files.writeString(dir.resolve("blob"), "kept");
    assertThatThrownBy(() -> DirectFileWriter.create(file, 10)).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(file)).isEqualTo("kept");
  }
}
