package dev.pedigree.model.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestSorterTest {
  @TempDir Path temp;

  @Test
  void spilledRunsMergeIntoTheSameBytesAsAnInMemorySort() throws Exception {
    List<ManifestEntry> entries = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      entries.add(FileEntry.of("d" + (i % 37) + "/f" + i, i, Sha256.hash(new byte[] {(byte) i})));
    }
    Collections.shuffle(entries, new Random(7));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ManifestSummary summary;
    try (ManifestSorter sorter = new ManifestSorter(temp, 300)) {
      for (ManifestEntry entry : entries) {
        sorter.add(entry);
      }
      assertThat(sorter.spilledRuns()).isEqualTo(6);
      summary = sorter.writeTo(out);
    }
    Manifest expected = Manifest.of(entries);
    assertThat(out.toByteArray()).isEqualTo(expected.toBytes());
    assertThat(summary).isEqualTo(expected.summary());
    try (Stream<Path> left = Files.list(temp)) {
      assertThat(left).as("runs are deleted on close").isEmpty();
    }
  }

  @Test
  void duplicatesInDifferentRunsAreRejected() throws Exception {
    try (ManifestSorter sorter = new ManifestSorter(temp, 2)) {
      sorter.add(FileEntry.of("x", 1, Sha256.EMPTY));
      sorter.add(FileEntry.of("y", 1, Sha256.EMPTY));
      sorter.add(FileEntry.of("x", 2, Sha256.EMPTY));
      assertThatThrownBy(() -> sorter.writeTo(OutputStream.nullOutputStream()))
          .hasMessageContaining("duplicate path \"x\"");
    }
  }

  @Test
  void aMillionEntriesAreSortedWithBoundedMemory() throws Exception {
    // Paths generated in a scrambled order; only 50,000 entries are ever held at once.
    int count = 1_000_000;
    Path manifestFile = temp.resolve("manifest");
    ManifestSummary summary;
    long start = System.nanoTime();
    try (ManifestSorter sorter = new ManifestSorter(temp, 50_000);
        OutputStream out = Files.newOutputStream(manifestFile)) {
      for (int i = 0; i < count; i++) {
        int scrambled = (int) ((i * 2_654_435_761L) % count);
        sorter.add(FileEntry.of("shard-" + (scrambled % 100) + "/file-" + scrambled + ".bin",
            scrambled, Sha256.EMPTY));
      }
      summary = sorter.writeTo(out);
    }
    long writeMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(summary.entryCount()).isEqualTo(count);
    long read = 0;
    try (ManifestReader reader = new ManifestReader(Files.newInputStream(manifestFile))) {
      while (reader.hasNext()) {
        reader.next();
        read++;
      }
      assertThat(reader.summary()).isEqualTo(summary);
    }
    assertThat(read).isEqualTo(count);
    System.out.printf("1M-entry manifest: %d bytes, sorted+written in %d ms%n",
        summary.byteLength(), writeMs);
  }

  @Test
  void smallInputNeverTouchesTheDisk() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ManifestSorter sorter = new ManifestSorter(temp, 10)) {
      sorter.add(FileEntry.of("b", 1, Sha256.EMPTY));
      sorter.add(FileEntry.of("a", 1, Sha256.EMPTY));
      sorter.writeTo(out);
      assertThat(sorter.spilledRuns()).isZero();
    }
    assertThat(Manifest.read(new ByteArrayInputStream(out.toByteArray())).entries())
        .extracting(ManifestEntry::path).containsExactly("a", "b");
  }
}
