package dev.pedigree.core.artifacts;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.artifact.ManifestPaths;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A {@code pedigree://} URI naming a version or a file inside one, for other front doors (MLflow
 * artifact URIs, MLMD artifact URIs):
 *
 * <pre>
 * pedigree://datasets/churn:v3              version 3
 * pedigree://datasets/churn@production      the version the alias points at
 * pedigree://datasets/churn                 the latest version
 * pedigree://datasets/churn:v3/train.csv    one file of version 3 (needs :vN or @alias)
 * </pre>
 *
 * Path characters outside the URI syntax are percent-encoded.
 */
public record PedigreeUri(VersionRef version, @Nullable String path) {
  public static final String SCHEME = "pedigree://";

  public PedigreeUri {
    requireNonNull(version, "version");
    if (path != null) {
      ManifestPaths.check(path);
    }
  }

  public static PedigreeUri parse(String uri) {
    if (!uri.startsWith(SCHEME)) {
      throw PedigreeException.invalidArgument("not a pedigree URI: '" + uri + "' (expected: pedigree://COLLECTION[:vN|@ALIAS][/PATH])");
    }
    String rest = uri.substring(SCHEME.length());
    int marker = Math.max(rest.indexOf(':'), rest.indexOf('@'));
    if (rest.indexOf(':') >= 0 && rest.indexOf('@') >= 0) {
      marker = Math.min(rest.indexOf(':'), rest.indexOf('@'));
    }
    if (marker < 0) {
      return new PedigreeUri(VersionRef.latest(rest), null);
    }
    int slash = rest.indexOf('/', marker);
    String versionText = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? null : URLDecoder.decode(rest.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
    return new PedigreeUri(VersionRef.parse(versionText), path);
  }

  /** The URI of a version by number. */
  public static String of(String collection, int number) {
    return SCHEME + collection + ":v" + number;
  }

  @Override
  public String toString() {
    return SCHEME + version + (path == null ? "" : "/" + path);
  }
}
