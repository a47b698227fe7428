package dev.pedigree.cli.artifacts;

import dev.pedigree.model.artifact.Sha256;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Remembers the SHA-256 of local files by absolute path, size, modification time and file key, so
 * pushing unchanged content again does not re-read it. A file modified within two seconds of being
 * hashed is not remembered (its time stamp could hide a later write in the same tick). There is one
 * cache per pushed root and a push walks all of it, so saving keeps only the entries this push looked
 * up or added: files deleted or changed since leave the cache with the next push.
 */
final class HashCache {
  private static final long RACY_MS = 2000;

  private final @Nullable Path file;
  private final Map<String, Sha256> entries = new ConcurrentHashMap<>();
  /** Keys found or added by this push: what {@link #save} keeps. */
  private final Set<String> used = ConcurrentHashMap.newKeySet();
  private volatile boolean changed;

  private HashCache(@Nullable Path file) {
    this.file = file;
  }

  static HashCache disabled() {
    return new HashCache(null);
  }

  /** The cache for pushes of {@code root}, under {@code PEDIGREE_CACHE_DIR} (system property {@code pedigree.cache-dir}) or {@code ~/.cache/pedigree}. */
  static HashCache forRoot(Path root) {
    String dir = System.getProperty("pedigree.cache-dir", System.getenv("PEDIGREE_CACHE_DIR"));
    Path base = dir != null && !dir.isEmpty() ? Path.of(dir)
        : Path.of(System.getProperty("user.home"), ".cache", "pedigree");
    String name = Sha256.hash(root.toString().getBytes(StandardCharsets.UTF_8)).hex() + ".tsv";
    return at(base.resolve("hashes").resolve(name));
  }

  /** The cache kept in {@code file}, loaded if it exists. */
  static HashCache at(Path file) {
    HashCache cache = new HashCache(file);
    cache.load();
    return cache;
  }

  @Nullable Sha256 find(Path path, BasicFileAttributes attributes) {
    String key = key(path, attributes);
    Sha256 digest = entries.get(key);
    if (digest != null && file != null) {
      used.add(key);
    }
    return digest;
  }

  void remember(Path path, BasicFileAttributes attributes, Sha256 digest) {
    if (file != null && System.currentTimeMillis() - attributes.lastModifiedTime().toMillis() > RACY_MS) {
      String key = key(path, attributes);
      used.add(key);
      if (!digest.equals(entries.put(key, digest))) {
        changed = true;
      }
    }
  }

  /** Writes back the entries this push used, if it added any or left any unused. */
  void save() {
    if (file == null || (!changed && used.size() == entries.size())) {
      return;
    }
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        for (Map.Entry<String, Sha256> entry : entries.entrySet()) {
          if (!used.contains(entry.getKey())) {
            continue;
          }
          out.write(entry.getKey());
          out.write('\t');
          out.write(entry.getValue().hex());
          out.write('\n');
        }
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      changed = false;
    } catch (IOException e) {
      // A cache that cannot be written only costs time on the next push.
    }
  }

  private void load() {
    if (file == null || !Files.isRegularFile(file)) {
      return;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        int tab = line.lastIndexOf('\t');
        String hex = line.substring(tab + 1);
        if (tab > 0 && Sha256.isValidHex(hex)) {
          entries.put(line.substring(0, tab), new Sha256(hex));
        }
      }
    } catch (IOException e) {
      entries.clear();
    }
  }

  private static String key(Path path, BasicFileAttributes attributes) {
    // Escape tabs and newlines so a strange file name cannot break the line format.
    String name = path.toString().replace("%", "%25").replace("\t", "%09").replace("\n", "%0A").replace("\r", "%0D");
    return name + "|" + attributes.size() + "|" + attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)
        + "|" + attributes.fileKey();
  }
}
