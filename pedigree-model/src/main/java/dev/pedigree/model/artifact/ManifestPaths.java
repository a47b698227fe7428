package dev.pedigree.model.artifact;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.PedigreeException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * Rules for the paths of manifest entries, and their canonical order.
 *
 * <p>A path is relative, {@code /}-separated, UTF-8, and names a file inside the version's tree:
 * no leading or trailing {@code /}, no empty, {@code .} or {@code ..} segments, no backslash, no
 * drive prefix such as {@code C:}, no NUL or other control characters, at most {@value
 * #MAX_PATH_BYTES} bytes in all and {@value #MAX_SEGMENT_BYTES} bytes per segment.
 *
 * <p>The canonical order compares paths segment by segment, each by its UTF-8 bytes (equivalently:
 * by UTF-8 bytes with {@code /} ranked below every other byte). In that order a path is directly
 * followed by the paths below it, which makes a file that is also a directory detectable in one
 * pass.
 */
public final class ManifestPaths {
  public static final int MAX_PATH_BYTES = 4096;
  public static final int MAX_SEGMENT_BYTES = 255;

  /** The canonical order of manifest paths. */
  public static final Comparator<String> ORDER = ManifestPaths::compare;

  private ManifestPaths() {}

  /** Returns {@code path} if it is a valid manifest path; throws INVALID_ARGUMENT otherwise. */
  public static String check(String path) {
    requireNonNull(path, "path");
    if (path.isEmpty()) {
      throw invalid(path, "is empty");
    }
    int segmentStart = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        throw invalid(path, "contains the control character " + String.format("U+%04X", (int) c)
            + " at index " + i);
      }
      if (c == '\\') {
        throw invalid(path, "contains a backslash; use '/' to separate segments");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= path.length() || !Character.isLowSurrogate(path.charAt(i + 1))) {
          throw invalid(path, "contains an unpaired surrogate at index " + i);
        }
        i++;
        continue;
      }
      if (Character.isLowSurrogate(c)) {
        throw invalid(path, "contains an unpaired surrogate at index " + i);
      }
      if (c == '/') {
        checkSegment(path, segmentStart, i);
        segmentStart = i + 1;
      }
    }
    checkSegment(path, segmentStart, path.length());
    if (path.length() >= 2 && path.charAt(1) == ':' && isAsciiLetter(path.charAt(0))
        && (path.length() == 2 || path.charAt(2) == '/')) {
      throw invalid(path, "starts with a drive prefix; paths must be relative");
    }
    int bytes = path.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PATH_BYTES) {
      throw invalid(path, "is " + bytes + " bytes long (expected: at most " + MAX_PATH_BYTES + ")");
    }
    return path;
  }

  /** Compares two paths in canonical order (see the class comment). */
  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(rank(ca), rank(cb));
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /** Whether {@code child} lies below {@code parent}, that is starts with {@code parent + "/"}. */
  public static boolean isBelow(String child, String parent) {
    return child.length() > parent.length() && child.charAt(parent.length()) == '/'
        && child.startsWith(parent);
  }

  /** The path with control characters escaped, quoted, for error messages. */
  static String quote(String path) {
    String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
    StringBuilder sb = new StringBuilder(shown.length() + 2).append('"');
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  // Code points compare like UTF-8 bytes; '/' ranks below everything (NUL is never allowed).
  private static int rank(int codePoint) {
    return codePoint == '/' ? -1 : codePoint;
  }

  private static void checkSegment(String path, int start, int end) {
    if (start == end) {
      if (start == 0) {
        throw invalid(path, "is absolute; paths must be relative (no leading '/')");
      }
      throw invalid(path, end == path.length()
          ? "ends with '/'; a path names a file, not a directory"
          : "contains an empty segment ('//')");
    }
    String segment = path.substring(start, end);
    if (segment.equals(".") || segment.equals("..")) {
      throw invalid(path, "contains a '" + segment + "' segment; paths must not navigate");
    }
    int bytes = segment.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_SEGMENT_BYTES) {
      throw invalid(path, "has a segment of " + bytes + " bytes (expected: at most "
          + MAX_SEGMENT_BYTES + ")");
    }
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static PedigreeException invalid(String path, String reason) {
    return PedigreeException.invalidArgument("path " + quote(path) + " " + reason);
  }
}
