package dev.pedigree.core.mlflow;

import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.mlflow.MlflowRows.MetricPoint;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Keyset page tokens for metric history: the last point returned (timestamp, step, value bits). */
final class HistoryTokens {
  private HistoryTokens() {}

  static String encode(MetricPoint last) {
    String text = "h:" + last.timestamp() + ":" + last.step() + ":" + Double.doubleToLongBits(last.value());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static MetricPoint decode(String token) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
      if (parts.length != 4 || !parts[0].equals("h")) {
        throw new IllegalArgumentException();
      }
      return MetricPoint.of("", Double.longBitsToDouble(Long.parseLong(parts[3])), Long.parseLong(parts[1]),
          Long.parseLong(parts[2]));
    } catch (IllegalArgumentException e) {
      throw PedigreeException.invalidArgument("Invalid page token: " + token);
    }
  }
}
