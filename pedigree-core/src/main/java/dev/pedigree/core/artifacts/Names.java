package dev.pedigree.core.artifacts;

import dev.pedigree.model.PedigreeException;
import java.util.regex.Pattern;

/** Rules for collection and alias names (the CLI checks names with them before it asks the server). */
public final class Names {
  static final String LATEST = "latest";
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");
  private static final Pattern VERSION_LIKE = Pattern.compile("v[0-9]+");
  private static final int MAX_COLLECTION = 512;
  private static final int MAX_ALIAS = 128;

  private Names() {}

  /**
   * A collection name: {@code /}-separated segments of letters, digits, {@code .}, {@code _} and
   * {@code -}, each starting with a letter or digit, such as {@code datasets/churn}.
   */
  public static String checkCollection(String name) {
    if (name.isEmpty() || name.length() > MAX_COLLECTION) {
      throw PedigreeException.invalidArgument("collection name: '" + name + "' (expected: 1.." + MAX_COLLECTION
          + " characters)");
    }
    for (String segment : name.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches()) {
        throw PedigreeException.invalidArgument("collection name: '" + name + "' (expected: segments of letters,"
            + " digits, '.', '_' and '-' separated by '/', each starting with a letter or digit)");
      }
    }
    return name;
  }

  /** An alias: a letter, then letters, digits, {@code .}, {@code _}, {@code -}; not {@code vN}. */
  public static String checkAlias(String alias) {
    if (alias.length() > MAX_ALIAS || !ALIAS.matcher(alias).matches()) {
      throw PedigreeException.invalidArgument("alias: '" + alias + "' (expected: a letter, then letters, digits,"
          + " '.', '_' or '-', at most " + MAX_ALIAS + " characters)");
    }
    if (VERSION_LIKE.matcher(alias).matches()) {
      throw PedigreeException.invalidArgument("alias: '" + alias + "' looks like a version number; choose another name");
    }
    return alias;
  }
}
