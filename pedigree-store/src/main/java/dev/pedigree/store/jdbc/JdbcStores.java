package dev.pedigree.store.jdbc;

import dev.pedigree.model.PedigreeException;
import dev.pedigree.store.MetadataStore;
import java.nio.file.Path;

/** Opens the store named by a JDBC URL. */
public final class JdbcStores {
  private static final String SQLITE = "jdbc:sqlite:";

  private JdbcStores() {}

  public static MetadataStore open(String jdbcUrl) {
    if (jdbcUrl.startsWith(SQLITE)) {
      String path = jdbcUrl.substring(SQLITE.length());
      int query = path.indexOf('?');
      if (query >= 0) {
        path = path.substring(0, query);
      }
      if (path.startsWith("file:")) {
        path = path.substring("file:".length());
      }
      if (path.isEmpty() || path.contains(":memory:") || path.contains("mode=memory")) {
        throw PedigreeException.invalidArgument(
            "an in-memory SQLite database cannot be shared by the store's connections; give a file: jdbc:sqlite:FILE");
      }
      return SqliteMetadataStore.open(Path.of(path), SqliteOptions.defaults());
    }
    throw PedigreeException.invalidArgument("unsupported database URL '" + redact(jdbcUrl)
        + "' (supported: jdbc:sqlite:FILE)");
  }

  /** The URL without credentials, safe to show. */
  public static String redact(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*@", "//***@");
  }
}
