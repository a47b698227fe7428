package dev.pedigree.model.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestPathsTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "data/train.parquet", "x/y/z.bin", "with space/ü/日本.txt",
      "100%/done", "..a/b..", ".hidden/.x", "a:b", "emoji/\uD83D\uDE00"})
  void acceptsRelativePaths(String path) {
    assertThat(ManifestPaths.check(path)).isEqualTo(path);
  }

  @Test
  void rejectsEachKindOfBadPathWithAClearMessage() {
    assertRejected("", "is empty");
    assertRejected("/etc/passwd", "is absolute");
    assertRejected("a/../b", "'..' segment");
    assertRejected("..", "'..' segment");
    assertRejected("./a", "'.' segment");
    assertRejected("a\\b", "backslash");
    assertRejected("a\u0000b", "control character U+0000");
    assertRejected("a\nb", "control character U+000A");
    assertRejected("a\u007fb", "control character U+007F");
    assertRejected("a//b", "empty segment");
    assertRejected("a/", "ends with '/'");
    assertRejected("C:/x", "drive prefix");
    assertRejected("c:", "drive prefix");
    assertRejected("bad\uD800", "unpaired surrogate");
    assertRejected("x".repeat(256), "segment of 256 bytes");
    assertRejected(("y".repeat(200) + "/").repeat(21) + "z", "bytes long");
  }

  @Test
  void controlCharactersAreEscapedInMessages() {
    assertThatThrownBy(() -> ManifestPaths.check("a\u0001b"))
        .hasMessageContaining("\"a\\u0001b\"");
  }

  @Test
  void orderComparesSegmentBySegment() {
    List<String> paths = new ArrayList<>(List.of("a.txt", "a/b", "a", "a-1/x", "b", "a/b/c", "A",
        "\u00e9", "z"));
    paths.sort(ManifestPaths.ORDER);
    // '/' ranks below '-' and '.', so a directory's children follow it directly.
    assertThat(paths).containsExactly("A", "a", "a/b", "a/b/c", "a-1/x", "a.txt", "b", "z",
        "\u00e9");
  }

  @Test
  void orderOfSupplementaryCharactersFollowsUtf8Bytes() {
    // U+FF5E (3 UTF-8 bytes, EF BD 9E) sorts before U+1F600 (F0 ...), unlike UTF-16 order.
    assertThat(ManifestPaths.compare("\uFF5E", "\uD83D\uDE00")).isNegative();
  }

  private static void assertRejected(String path, String reason) {
    assertThatThrownBy(() -> ManifestPaths.check(path))
        .isInstanceOfSatisfying(PedigreeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining(reason);
  }
}
