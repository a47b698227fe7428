package dev.pedigree.model.artifact;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTest {
  private static final Sha256 A = Sha256.hash("a".getBytes(UTF_8));
  private static final Sha256 B = Sha256.hash("b".getBytes(UTF_8));

  @Test
  void canonicalBytesAreExactlyAsDocumented() {
    Manifest manifest = Manifest.of(
        new FileEntry("model/weights.bin", 1, A, "application/octet-stream"),
        new ReferenceEntry("raw/100%.csv", 42, URI.create("s3://bucket/raw/100%25.csv"), "\"etag1\"",
            "v7", null),
        FileEntry.of("README", 1, B));
    String expected = "pedigree-manifest 1\n"
        + "file\tREADME\t1\t" + B.hex() + "\t\n"
        + "file\tmodel/weights.bin\t1\t" + A.hex() + "\tapplication/octet-stream\n"
        + "ref\traw/100%25.csv\t42\ts3://bucket/raw/100%2525.csv\t\"etag1\"\tv7\t\n"
        + "end\t3\t44\n";
    assertThat(new String(manifest.toBytes(), UTF_8)).isEqualTo(expected);
    assertThat(manifest.digest()).isEqualTo(Sha256.hash(expected.getBytes(UTF_8)));
    assertThat(manifest.summary().totalSize()).isEqualTo(44);
  }

  @Test
  void digestDoesNotDependOnInputOrder() {
    Manifest one = Manifest.of(FileEntry.of("b", 1, B), FileEntry.of("a", 1, A));
    Manifest two = Manifest.of(FileEntry.of("a", 1, A), FileEntry.of("b", 1, B));
    assertThat(one.digest()).isEqualTo(two.digest());
    assertThat(one).isEqualTo(two);
  }

  @Test
  void digestChangesWithAnyField() {
    Sha256 base = Manifest.of(FileEntry.of("a", 1, A)).digest();
    assertThat(Manifest.of(FileEntry.of("a", 2, A)).digest()).isNotEqualTo(base);
    assertThat(Manifest.of(FileEntry.of("a", 1, B)).digest()).isNotEqualTo(base);
    assertThat(Manifest.of(FileEntry.of("b", 1, A)).digest()).isNotEqualTo(base);
    assertThat(Manifest.of(new FileEntry("a", 1, A, "text/plain")).digest()).isNotEqualTo(base);
  }

  @Test
  void duplicatePathsAreRejected() {
    assertThatThrownBy(() -> Manifest.of(FileEntry.of("x/y", 1, A), FileEntry.of("x/y", 1, B)))
        .isInstanceOf(PedigreeException.class)
        .hasMessage("duplicate path \"x/y\" in manifest");
  }

  @Test
  void aFileThatIsAlsoADirectoryIsRejected() {
    assertThatThrownBy(() -> Manifest.of(FileEntry.of("x", 1, A), FileEntry.of("x.txt", 1, A),
        FileEntry.of("x/y", 1, B)))
        .hasMessageContaining("\"x\" is both a file and a directory");
  }

  @Test
  void entriesValidateTheirFields() {
    assertThatThrownBy(() -> FileEntry.of("../x", 1, A)).hasMessageContaining("'..'");
    assertThatThrownBy(() -> FileEntry.of("x", -1, A)).hasMessageContaining("size of \"x\": -1");
    assertThatThrownBy(() -> new FileEntry("x", 1, A, "nonsense"))
        .hasMessageContaining("type/subtype");
    assertThatThrownBy(() -> ReferenceEntry.of("x", 1, URI.create("relative/path"), null))
        .hasMessageContaining("has no scheme");
    assertThatThrownBy(() -> new Sha256("ABC")).hasMessageContaining("64 lowercase");
    assertThatThrownBy(() -> new Sha256(A.hex().toUpperCase())).isInstanceOf(PedigreeException.class);
  }

  @Test
  void readRoundTripsAndRecomputesTheDigest() throws Exception {
    Manifest manifest = Manifest.of(
        new ReferenceEntry("r", 5, URI.create("https://example.com/a?b=c%20d"), "e", null, "text/csv"),
        FileEntry.of("dir/%41", 3, A));
    Manifest read = Manifest.read(new ByteArrayInputStream(manifest.toBytes()));
    assertThat(read).isEqualTo(manifest);
    assertThat(read.find("dir/%41")).contains(FileEntry.of("dir/%41", 3, A));
    assertThat(read.find("nope")).isEmpty();
  }

  @Test
  void readerRejectsNonCanonicalOrDamagedInput() {
    String good = new String(Manifest.of(FileEntry.of("a", 1, A), FileEntry.of("b", 1, B))
        .toBytes(), UTF_8);
    assertUnreadable(good.replace("pedigree-manifest 1", "pedigree-manifest 2"),
        "not a Pedigree manifest");
    assertUnreadable(good.replace("\t1\t", "\t01\t"), "leading zeros");
    assertUnreadable(good.replace("end\t2\t2\n", ""), "without its closing line");
    assertUnreadable(good.replace("end\t2\t2", "end\t3\t2"), "does not match");
    assertUnreadable(good + "x", "after the closing line");
    assertUnreadable(good.substring(0, good.length() - 1), "no terminating newline");
    String swapped = good.replace("file\ta\t", "file\tc\t");
    assertUnreadable(swapped, "out of canonical order");
    String dup = good.replace("file\tb\t", "file\ta\t");
    assertUnreadable(dup, "duplicate path");
    assertUnreadable(good.replace("file\ta\t1\t", "file\ta\t1\tx\t"), "fields");
    assertUnreadable(good.replace("file\ta", "file\ta%2f"), "bad escape");
    assertUnreadable(good.replace("file\ta", "file\t%61"), "canonical form");
    assertUnreadable(good.replace("file\ta", "file\t../a"), "'..' segment");
  }

  @Test
  void readerTakesLinesSplitAcrossReadsAndChecksTheirBytes() throws Exception {
    List<ManifestEntry> entries = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      entries.add(FileEntry.of(String.format("d\u00e9j\u00e0/%05d", i), i, A));
    }
    Manifest manifest = new Manifest(entries);
    // One byte per read: every line ends up split between reads.
    InputStream trickle = new FilterInputStream(new ByteArrayInputStream(manifest.toBytes())) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 1));
      }
    };
    assertThat(Manifest.read(trickle)).isEqualTo(manifest);
    assertThat(Manifest.read(new ByteArrayInputStream(manifest.toBytes()))).isEqualTo(manifest);

    byte[] bad = new String(Manifest.of(FileEntry.of("ab", 1, A)).toBytes(), UTF_8).getBytes(UTF_8);
    int at = new String(bad, UTF_8).indexOf("ab");
    bad[at + 1] = (byte) 0xC3; // a lead byte followed by a tab: not UTF-8
    assertThatThrownBy(() -> Manifest.read(new ByteArrayInputStream(bad))).hasMessageContaining("not valid UTF-8");
    String good = new String(Manifest.of(FileEntry.of("a", 1, A)).toBytes(), UTF_8);
    assertUnreadable(good.replace("file\ta", "file\t" + "a".repeat(200_000)), "line longer than");
  }

  @Test
  void writerRejectsUnsortedInputAndReportsTotals() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ManifestWriter writer = new ManifestWriter(out)) {
      writer.write(FileEntry.of("b", 7, A));
      assertThatThrownBy(() -> writer.write(FileEntry.of("a", 1, A)))
          .hasMessageContaining("out of order: \"a\" after \"b\"");
      writer.write(FileEntry.of("c", 3, A));
      ManifestSummary summary = writer.finish();
      assertThat(summary.entryCount()).isEqualTo(2);
      assertThat(summary.totalSize()).isEqualTo(10);
      assertThat(summary.byteLength()).isEqualTo(out.size());
      assertThat(summary.digest()).isEqualTo(Sha256.hash(out.toByteArray()));
    }
  }

  @Test
  void emptyManifestHasAStableDigest() {
    Manifest empty = new Manifest(List.of());
    assertThat(new String(empty.toBytes(), UTF_8)).isEqualTo("pedigree-manifest 1\nend\t0\t0\n");
  }

  private static void assertUnreadable(String text, String reason) {
    assertThatThrownBy(() -> Manifest.read(new ByteArrayInputStream(text.getBytes(UTF_8))))
        .isInstanceOfSatisfying(PedigreeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining(reason);
  }
}
