package dev.pedigree.core.artifacts;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.PedigreeException;
import org.jspecify.annotations.Nullable;

/**
 * Names a version: {@code COLLECTION:vN} (by number), {@code COLLECTION@ALIAS} (through an alias) or
 * just {@code COLLECTION} (its latest version).
 */
public record VersionRef(String collection, @Nullable Integer number, @Nullable String alias) {
  public VersionRef {
    Names.checkCollection(requireNonNull(collection, "collection"));
    if (number != null && alias != null) {
      throw new IllegalArgumentException("a version reference has a number or an alias, not both");
    }
    if (number != null && number < 1) {
      throw PedigreeException.invalidArgument("version number: " + number + " (expected: >= 1)");
    }
    if (alias != null) {
      Names.checkAlias(alias);
    }
  }

  public static VersionRef latest(String collection) {
    return new VersionRef(collection, null, null);
  }

  public static VersionRef of(String collection, int number) {
    return new VersionRef(collection, number, null);
  }

  public static VersionRef alias(String collection, String alias) {
    return new VersionRef(collection, null, alias);
  }

  /** Parses {@code COLLECTION}, {@code COLLECTION:vN}, {@code COLLECTION:N} or {@code COLLECTION@ALIAS}. */
  public static VersionRef parse(String text) {
    int at = text.lastIndexOf('@');
    if (at >= 0) {
      return alias(text.substring(0, at), text.substring(at + 1));
    }
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      return latest(text);
    }
    String version = text.substring(colon + 1);
    String digits = version.startsWith("v") ? version.substring(1) : version;
    if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
      throw PedigreeException.invalidArgument("version: '" + version + "' in '" + text + "' (expected: vN, such as v3)");
    }
    return of(text.substring(0, colon), Integer.parseInt(digits));
  }

  @Override
  public String toString() {
    if (number != null) {
      return collection + ":v" + number;
    }
    return alias != null ? collection + "@" + alias : collection;
  }
}
