package dev.pedigree.store.jdbc;

import dev.pedigree.model.PathStep;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Event paths as a compact JSON array: numbers are index steps, strings are key steps. Kept in one
 * column so reading events needs no second table.
 */
final class EventPaths {
  private EventPaths() {}

  static @Nullable String encode(List<PathStep> path) {
    if (path.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder("[");
    for (PathStep step : path) {
      if (out.length() > 1) {
        out.append(',');
      }
      switch (step) {
        case PathStep.Index index -> out.append(index.index());
        case PathStep.Key key -> appendString(out, key.key());
      }
    }
    return out.append(']').toString();
  }

  static List<PathStep> decode(@Nullable String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<PathStep> steps = new ArrayList<>();
    int i = 1;
    int end = text.length() - 1;
    while (i < end) {
      char c = text.charAt(i);
      if (c == ',') {
        i++;
      } else if (c == '"') {
        StringBuilder key = new StringBuilder();
        i++;
        while (text.charAt(i) != '"') {
          char ch = text.charAt(i);
          if (ch == '\\') {
            char escaped = text.charAt(i + 1);
            if (escaped == 'u') {
              key.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
              i += 6;
            } else {
              key.append(switch (escaped) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'b' -> '\b';
                case 'f' -> '\f';
                default -> escaped;
              });
              i += 2;
            }
          } else {
            key.append(ch);
            i++;
          }
        }
        i++;
        steps.add(PathStep.key(key.toString()));
      } else {
        int start = i;
        while (i < end && text.charAt(i) != ',') {
          i++;
        }
        steps.add(PathStep.index(Long.parseLong(text.substring(start, i))));
      }
    }
    return steps;
  }

  private static void appendString(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
