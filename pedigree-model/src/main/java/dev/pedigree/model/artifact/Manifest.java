package dev.pedigree.model.artifact;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A whole manifest in memory, for versions small enough to hold: the entries in canonical order.
 * Construction sorts the entries and rejects duplicate paths and file/directory clashes, so the
 * same set of entries always gives the same {@link #digest()}. For large versions use {@link
 * ManifestSorter} and {@link ManifestWriter}, which stream.
 */
public record Manifest(List<ManifestEntry> entries) {
  public Manifest {
    requireNonNull(entries, "entries");
    List<ManifestEntry> sorted = new ArrayList<>(entries);
    sorted.sort((a, b) -> ManifestPaths.compare(a.path(), b.path()));
    entries = List.copyOf(sorted);
    // Writing validates order, duplicates and clashes, exactly as a streamed manifest would be.
    encode(entries);
  }

  public static Manifest of(Collection<? extends ManifestEntry> entries) {
    return new Manifest(List.copyOf(entries));
  }

  public static Manifest of(ManifestEntry... entries) {
    return new Manifest(List.of(entries));
  }

  /** Reads and checks a canonical manifest. */
  public static Manifest read(InputStream in) throws IOException {
    List<ManifestEntry> entries = new ArrayList<>();
    try (ManifestReader reader = new ManifestReader(in)) {
      reader.forEachRemaining(entries::add);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return new Manifest(entries);
  }

  /** The canonical bytes. */
  public byte[] toBytes() {
    return encode(entries).bytes;
  }

  /** The version digest: SHA-256 of {@link #toBytes()}. */
  public Sha256 digest() {
    return summary().digest();
  }

  public ManifestSummary summary() {
    return encode(entries).summary;
  }

  public Optional<ManifestEntry> find(String path) {
    int low = 0;
    int high = entries.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int order = ManifestPaths.compare(entries.get(mid).path(), path);
      if (order == 0) {
        return Optional.of(entries.get(mid));
      }
      if (order < 0) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return Optional.empty();
  }

  private record Encoded(byte[] bytes, ManifestSummary summary) {}

  private static Encoded encode(List<ManifestEntry> entries) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (ManifestWriter writer = new ManifestWriter(buffer)) {
      for (ManifestEntry entry : entries) {
        writer.write(entry);
      }
      ManifestSummary summary = writer.finish();
      return new Encoded(buffer.toByteArray(), summary);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
  }
}
