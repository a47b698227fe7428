package dev.pedigree.model.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ManifestPropertiesTest {

  @Property(tries = 200)
  void digestIsIndependentOfInputOrder(@ForAll("entries") List<ManifestEntry> entries,
      @ForAll long seed) {
    List<ManifestEntry> shuffled = new ArrayList<>(entries);
    Collections.shuffle(shuffled, new Random(seed));
    assertThat(Manifest.of(shuffled).digest()).isEqualTo(Manifest.of(entries).digest());
  }

  @Property(tries = 200)
  void canonicalBytesReadBackToTheSameManifest(@ForAll("entries") List<ManifestEntry> entries)
      throws Exception {
    Manifest manifest = Manifest.of(entries);
    Manifest read = Manifest.read(new ByteArrayInputStream(manifest.toBytes()));
    assertThat(read).isEqualTo(manifest);
    assertThat(read.digest()).isEqualTo(manifest.digest());
  }

  @Provide
  Arbitrary<List<ManifestEntry>> entries() {
    Arbitrary<String> segment = Arbitraries.strings()
        .withChars("abc.-_%: é日")
        .ofMinLength(1).ofMaxLength(4)
        .filter(s -> !s.equals(".") && !s.equals(".."));
    Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(3)
        .map(segments -> String.join("/", segments))
        .filter(p -> !(p.length() >= 2 && p.charAt(1) == ':'));
    Arbitrary<ManifestEntry> file = Arbitraries.longs().between(0, 1L << 40)
        .flatMap(size -> path.map(p -> (ManifestEntry) FileEntry.of(p, size,
            Sha256.hash(p.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
    Arbitrary<ManifestEntry> reference = path.map(p -> (ManifestEntry) new ReferenceEntry(p, 9,
        URI.create("s3://bucket/" + Math.abs(p.hashCode())), "etag-" + p, null, "text/plain"));
    return Arbitraries.oneOf(file, reference).list().ofMaxSize(30)
        .map(ManifestPropertiesTest::withoutClashes);
  }

  // Keep the first entry per path and drop any path that is a directory of another one.
  private static List<ManifestEntry> withoutClashes(List<ManifestEntry> entries) {
    Map<String, ManifestEntry> byPath = new LinkedHashMap<>();
    for (ManifestEntry entry : entries) {
      byPath.putIfAbsent(entry.path(), entry);
    }
    List<ManifestEntry> kept = new ArrayList<>();
    for (ManifestEntry entry : byPath.values()) {
      boolean isDirectory = byPath.keySet().stream()
          .anyMatch(other -> ManifestPaths.isBelow(other, entry.path()));
      if (!isDirectory) {
        kept.add(entry);
      }
    }
    return kept;
  }
}
