package dev.pedigree.core.mlflow;

import dev.pedigree.model.PedigreeException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/** Opaque page tokens: the offset of the next page, base64-encoded (clients never parse them). */
final class PageTokens {
  private PageTokens() {}

  static long offset(@Nullable String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!text.startsWith("o:")) {
        throw new IllegalArgumentException();
      }
      long offset = Long.parseLong(text.substring(2));
      if (offset < 0) {
        throw new IllegalArgumentException();
      }
      return offset;
    } catch (IllegalArgumentException e) {
      throw PedigreeException.invalidArgument("Invalid page token: " + token);
    }
  }

  static String token(long offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  /** Trims the limit+1-th row and computes the next token. */
  static <T> MlflowViews.PageOf<T> page(java.util.List<T> rows, int limit, long offset) {
    if (rows.size() > limit) {
      return new MlflowViews.PageOf<>(rows.subList(0, limit), token(offset + limit));
    }
    return new MlflowViews.PageOf<>(rows, null);
  }
}
