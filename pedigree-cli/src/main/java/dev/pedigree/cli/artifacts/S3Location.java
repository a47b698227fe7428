package dev.pedigree.cli.artifacts;

import dev.pedigree.model.PedigreeException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * An S3 bucket and key (or key prefix), as written {@code s3://bucket/key}. Keys are taken verbatim
 * (no percent-decoding), as the AWS CLI does.
 */
record S3Location(String bucket, String key) {
  static final String SCHEME = "s3://";

  static boolean isS3(String text) {
    return text.startsWith(SCHEME);
  }

  static S3Location parse(String text) {
    if (!isS3(text)) {
      throw PedigreeException.invalidArgument("'" + text + "' is not an s3:// URI");
    }
    String rest = text.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    if (bucket.isEmpty()) {
      throw PedigreeException.invalidArgument("'" + text + "' names no bucket (expected: s3://BUCKET[/KEY])");
    }
    return new S3Location(bucket, slash < 0 ? "" : rest.substring(slash + 1));
  }

  /** Of a reference entry's URI, which {@link #uri()} wrote. */
  static S3Location of(URI uri) {
    if (!"s3".equals(uri.getScheme()) || uri.getHost() == null) {
      throw PedigreeException.invalidArgument("'" + uri + "' is not an s3:// URI");
    }
    String path = uri.getPath();
    return new S3Location(uri.getHost(), path.startsWith("/") ? path.substring(1) : path);
  }

  /** {@code s3://bucket/key}, with characters a URI cannot hold quoted. */
  URI uri() {
    try {
      return new URI("s3", bucket, "/" + key, null);
    } catch (URISyntaxException e) {
      throw PedigreeException.invalidArgument("S3 object " + bucket + "/" + key + " has no URI form: " + e.getMessage());
    }
  }
}
