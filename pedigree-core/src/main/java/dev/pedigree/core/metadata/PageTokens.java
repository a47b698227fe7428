package dev.pedigree.core.metadata;

import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.Cursor;
import dev.pedigree.store.OrderBy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page tokens: the listing's options and scope plus the keyset position after the last row
 * returned. Clients must not parse them; a token used with another listing is rejected.
 */
final class PageTokens {
  private static final String VERSION = "p2";
  private static final char SEPARATOR = '\u0000';

  private PageTokens() {}

  record Decoded(ListOptions options, Cursor cursor) {}

  static String encode(ListOptions options, String scope, Cursor cursor) {
    String text = String.join(String.valueOf(SEPARATOR), VERSION, options.orderBy().name(),
        Boolean.toString(options.ascending()), Integer.toString(options.limit()),
        Long.toString(cursor.orderValue()), Long.toString(cursor.id()), filter(options), scope);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static Decoded decode(String token, String scope) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    String[] parts = text.split(String.valueOf(SEPARATOR), 8);
    if (parts.length != 8 || !parts[0].equals(VERSION)) {
      throw invalid();
    }
    if (!parts[7].equals(scope)) {
      throw PedigreeException.invalidArgument("the page token belongs to a different listing");
    }
    try {
      ListOptions options = new ListOptions(Integer.parseInt(parts[3]), OrderBy.valueOf(parts[1]),
          Boolean.parseBoolean(parts[2]), null, parts[6].isEmpty() ? null
              : new String(Base64.getUrlDecoder().decode(parts[6].substring(1)), StandardCharsets.UTF_8));
      return new Decoded(options, new Cursor(Long.parseLong(parts[4]), Long.parseLong(parts[5])));
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  /** The filter in a form free of separators: "" for none, else "f" + base64 of its text. */
  private static String filter(ListOptions options) {
    return options.filterQuery() == null ? "" : "f" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(options.filterQuery().getBytes(StandardCharsets.UTF_8));
  }

  private static PedigreeException invalid() {
    return PedigreeException.invalidArgument("invalid page token");
  }
}
