package dev.pedigree.model.artifact;

import dev.pedigree.model.PedigreeException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The line format of canonical manifests (documented in docs/artifacts.md). Each entry is one line
 * of tab-separated fields; text fields escape {@code %} and control characters as {@code %XX}.
 */
final class ManifestCodec {
  static final String HEADER = "pedigree-manifest 1";
  static final int MAX_LINE_BYTES = 128 * 1024;

  private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

  private ManifestCodec() {}

  /** The entry's line, without the terminating newline. */
  static String encode(ManifestEntry entry) {
    StringBuilder sb = new StringBuilder(160);
    switch (entry) {
      case FileEntry f -> {
        sb.append("file\t");
        escape(sb, f.path());
        sb.append('\t').append(f.size()).append('\t').append(f.sha256().hex()).append('\t');
        escapeOptional(sb, f.mediaType());
      }
      case ReferenceEntry r -> {
        sb.append("ref\t");
        escape(sb, r.path());
        sb.append('\t').append(r.size()).append('\t');
        escape(sb, r.uri().toString());
        sb.append('\t');
        escapeOptional(sb, r.etag());
        sb.append('\t');
        escapeOptional(sb, r.versionId());
        sb.append('\t');
        escapeOptional(sb, r.mediaType());
      }
    }
    return sb.toString();
  }

  static String footer(long entryCount, long totalSize) {
    return "end\t" + entryCount + "\t" + totalSize;
  }

  /**
   * Parses one entry line and insists that it is in canonical form, so two manifests with the same
   * entries always have the same bytes.
   */
  static ManifestEntry decode(String line, long lineNumber) {
    List<String> fields = split(line);
    ManifestEntry entry;
    try {
      entry = switch (fields.get(0)) {
        case "file" -> {
          expectFields(fields, 5, lineNumber);
          yield new FileEntry(unescape(fields.get(1), lineNumber), parseSize(fields.get(2), lineNumber),
              new Sha256(fields.get(3)), unescapeOptional(fields.get(4), lineNumber));
        }
        case "ref" -> {
          expectFields(fields, 7, lineNumber);
          yield new ReferenceEntry(unescape(fields.get(1), lineNumber),
              parseSize(fields.get(2), lineNumber), parseUri(fields.get(3), lineNumber),
              unescapeOptional(fields.get(4), lineNumber), unescapeOptional(fields.get(5), lineNumber),
              unescapeOptional(fields.get(6), lineNumber));
        }
        default -> throw malformed(lineNumber, "unknown entry kind " + ManifestPaths.quote(fields.get(0))
            + " (expected: file or ref)");
      };
    } catch (PedigreeException e) {
      if (e.getMessage().startsWith("manifest line")) {
        throw e;
      }
      throw malformed(lineNumber, e.getMessage());
    }
    if (!encode(entry).equals(line)) {
      throw malformed(lineNumber, "entry is not in canonical form");
    }
    return entry;
  }

  static PedigreeException malformed(long lineNumber, String reason) {
    return PedigreeException.invalidArgument("manifest line " + lineNumber + ": " + reason);
  }

  static List<String> split(String line) {
    List<String> fields = new ArrayList<>(8);
    int start = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '\t') {
        fields.add(line.substring(start, i));
        start = i + 1;
      }
    }
    fields.add(line.substring(start));
    return fields;
  }

  static long parseSize(String text, long lineNumber) {
    if (text.isEmpty() || text.length() > 19 || (text.length() > 1 && text.charAt(0) == '0')) {
      throw malformed(lineNumber, "size " + ManifestPaths.quote(text)
          + " (expected: a decimal number without sign or leading zeros)");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw malformed(lineNumber, "size " + ManifestPaths.quote(text) + " is not a number");
      }
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw malformed(lineNumber, "size " + ManifestPaths.quote(text) + " is out of range");
    }
  }

  private static URI parseUri(String escaped, long lineNumber) {
    String text = unescape(escaped, lineNumber);
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw malformed(lineNumber, "invalid URI " + ManifestPaths.quote(text) + ": " + e.getReason());
    }
  }

  private static void expectFields(List<String> fields, int count, long lineNumber) {
    if (fields.size() != count) {
      throw malformed(lineNumber, "a " + fields.get(0) + " entry has " + count
          + " tab-separated fields, found " + fields.size());
    }
  }

  private static void escapeOptional(StringBuilder sb, @Nullable String text) {
    if (text != null) {
      escape(sb, text);
    }
  }

  static void escape(StringBuilder sb, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' || c < 0x20 || c == 0x7f) {
        sb.append('%').append(HEX_DIGITS[c >> 4]).append(HEX_DIGITS[c & 0xf]);
      } else {
        sb.append(c);
      }
    }
  }

  private static @Nullable String unescapeOptional(String text, long lineNumber) {
    return text.isEmpty() ? null : unescape(text, lineNumber);
  }

  static String unescape(String text, long lineNumber) {
    int percent = text.indexOf('%');
    if (percent < 0) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length());
    sb.append(text, 0, percent);
    for (int i = percent; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '%') {
        sb.append(c);
        continue;
      }
      int hi = i + 2 < text.length() ? hexValue(text.charAt(i + 1)) : -1;
      int lo = hi >= 0 ? hexValue(text.charAt(i + 2)) : -1;
      if (lo < 0) {
        throw malformed(lineNumber, "bad escape in " + ManifestPaths.quote(text)
            + " (expected: %XX with uppercase hex digits)");
      }
      sb.append((char) (hi << 4 | lo));
      i += 2;
    }
    return sb.toString();
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  static byte[] utf8(String line) {
    return (line + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
