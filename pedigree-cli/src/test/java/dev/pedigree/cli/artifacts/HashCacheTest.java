package dev.pedigree.cli.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.model.artifact.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashCacheTest {
  @TempDir Path tmp;

  @Test
  void aPushKeepsOnlyTheEntriesItUsed() throws IOException {
    Path cacheFile = tmp.resolve("cache/hashes.tsv");
    Path a = file("a", "alpha");
    Path b = file("b", "beta");

    HashCache first = HashCache.at(cacheFile);
    first.remember(a, attributes(a), Sha256.hash("alpha".getBytes(StandardCharsets.UTF_8)));
    first.remember(b, attributes(b), Sha256.hash("beta".getBytes(StandardCharsets.UTF_8)));
    first.save();
    assertThat(Files.readAllLines(cacheFile)).hasSize(2);

    // The next push finds a; b was deleted in between, so the walk never asks for it.
    Files.delete(b);
    HashCache second = HashCache.at(cacheFile);
    assertThat(second.find(a, attributes(a))).isEqualTo(Sha256.hash("alpha".getBytes(StandardCharsets.UTF_8)));
    second.save();
    assertThat(Files.readAllLines(cacheFile)).hasSize(1).allMatch(line -> line.startsWith(a.toString() + "|"));

    // A push that uses every entry leaves the file as it was.
    Files.setLastModifiedTime(cacheFile, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    HashCache third = HashCache.at(cacheFile);
    assertThat(third.find(a, attributes(a))).isNotNull();
    third.save();
    assertThat(Files.getLastModifiedTime(cacheFile)).isEqualTo(FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
  }

  @Test
  void aChangedFileIsHashedAgainAndItsOldEntryDropped() throws IOException {
    Path cacheFile = tmp.resolve("cache/hashes.tsv");
    Path a = file("a", "one");
    HashCache first = HashCache.at(cacheFile);
    first.remember(a, attributes(a), Sha256.hash("one".getBytes(StandardCharsets.UTF_8)));
    first.save();

    Files.writeString(a, "two, longer");
    Files.setLastModifiedTime(a, FileTime.from(Instant.parse("2021-01-01T00:00:00Z")));
    HashCache second = HashCache.at(cacheFile);
    assertThat(second.find(a, attributes(a))).isNull();
    second.remember(a, attributes(a), Sha256.hash("two, longer".getBytes(StandardCharsets.UTF_8)));
    second.save();

    assertThat(Files.readAllLines(cacheFile)).hasSize(1)
        .allMatch(line -> line.endsWith(Sha256.hash("two, longer".getBytes(StandardCharsets.UTF_8)).hex()));
  }

  /** A file with an old modification time, so the cache may remember it. */
  private Path file(String name, String content) throws IOException {
    Path path = tmp.resolve(name);
    Files.writeString(path, content);
    Files.setLastModifiedTime(path, FileTime.from(Instant.parse("2020-06-01T00:00:00Z")));
    return path;
  }

  private static BasicFileAttributes attributes(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class);
  }
}
