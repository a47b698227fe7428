package dev.pedigree.store.blob;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Settings of an {@link S3BlobStore}. Build with {@link #builder(String)}; every setting but the
 * bucket has a default.
 *
 * @param bucket the bucket, which must exist
 * @param keyPrefix prefix of every key, empty or ending with {@code /}
 * @param endpoint endpoint override for S3-compatible services (MinIO, Ceph, s3proxy); {@code null}
 *     for AWS
 * @param region signing region
 * @param accessKeyId static credentials, or {@code null} to use the SDK's default chain
 *     (environment, profile, instance role)
 * @param pathStyleAccess {@code bucket} in the path instead of the host name
 * @param partSize multipart part size and the largest single-request upload; also the upload buffer
 *     held per running put
 * @param maxSingleCopySize largest object copied with one CopyObject request; larger ones are
 *     copied in parts
 * @param copyPartSize part size of multipart copies
 * @param integrityChecksums send and check the SDK's CRC checksums on every request (AWS S3
 *     supports them; some S3-compatible services do not)
 */
public record S3BlobStoreConfig(
    String bucket,
    String keyPrefix,
    @Nullable URI endpoint,
    String region,
    @Nullable String accessKeyId,
    @Nullable String secretAccessKey,
    boolean pathStyleAccess,
    long partSize,
    long maxSingleCopySize,
    long copyPartSize,
    boolean integrityChecksums) {

  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  public static final long MAX_PART_SIZE = 1024L * 1024 * 1024;
  public static final long MAX_COPY_SIZE = 5L * 1024 * 1024 * 1024;

  public S3BlobStoreConfig {
    requireNonNull(bucket, "bucket");
    if (bucket.isBlank()) {
      throw new IllegalArgumentException("bucket: empty (expected: a bucket name)");
    }
    keyPrefix = normalizePrefix(requireNonNull(keyPrefix, "keyPrefix"));
    requireNonNull(region, "region");
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException(
          "accessKeyId and secretAccessKey: give both or neither");
    }
    checkRange("partSize", partSize, MIN_PART_SIZE, MAX_PART_SIZE);
    checkRange("maxSingleCopySize", maxSingleCopySize, 0, MAX_COPY_SIZE);
    checkRange("copyPartSize", copyPartSize, MIN_PART_SIZE, MAX_COPY_SIZE);
  }

  public static Builder builder(String bucket) {
    return new Builder(bucket);
  }

  @Override
  public String toString() {
    return "S3BlobStoreConfig[bucket=" + bucket + ", keyPrefix=" + keyPrefix + ", endpoint="
        + endpoint + ", region=" + region + ", accessKeyId=" + accessKeyId
        + ", secretAccessKey=" + (secretAccessKey == null ? null : "****") + ", pathStyleAccess="
        + pathStyleAccess + ", partSize=" + partSize + ", maxSingleCopySize=" + maxSingleCopySize
        + ", copyPartSize=" + copyPartSize + ", integrityChecksums=" + integrityChecksums + "]";
  }

  private static String normalizePrefix(String prefix) {
    String trimmed = prefix;
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    return trimmed.isEmpty() || trimmed.endsWith("/") ? trimmed : trimmed + "/";
  }

  private static void checkRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: " + min + ".." + max + ")");
    }
  }

  /** Builds an {@link S3BlobStoreConfig}. */
  public static final class Builder {
    private final String bucket;
    private String keyPrefix = "";
    private @Nullable URI endpoint;
    private String region = "us-east-1";
    private @Nullable String accessKeyId;
    private @Nullable String secretAccessKey;
    private boolean pathStyleAccess;
    private long partSize = 16L * 1024 * 1024;
    private long maxSingleCopySize = MAX_COPY_SIZE;
    private long copyPartSize = 512L * 1024 * 1024;
    private boolean integrityChecksums;

    private Builder(String bucket) {
      this.bucket = requireNonNull(bucket, "bucket");
    }

    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = requireNonNull(keyPrefix, "keyPrefix");
      return this;
    }

    public Builder endpoint(@Nullable URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    public Builder region(String region) {
      this.region = requireNonNull(region, "region");
      return this;
    }

    public Builder credentials(String accessKeyId, String secretAccessKey) {
      this.accessKeyId = requireNonNull(accessKeyId, "accessKeyId");
      this.secretAccessKey = requireNonNull(secretAccessKey, "secretAccessKey");
      return this;
    }

    public Builder pathStyleAccess(boolean pathStyleAccess) {
      this.pathStyleAccess = pathStyleAccess;
      return this;
    }

    public Builder partSize(long partSize) {
      this.partSize = partSize;
      return this;
    }

    public Builder maxSingleCopySize(long maxSingleCopySize) {
      this.maxSingleCopySize = maxSingleCopySize;
      return this;
    }

    public Builder copyPartSize(long copyPartSize) {
      this.copyPartSize = copyPartSize;
      return this;
    }

    public Builder integrityChecksums(boolean integrityChecksums) {
      this.integrityChecksums = integrityChecksums;
      return this;
    }

    public S3BlobStoreConfig build() {
      return new S3BlobStoreConfig(bucket, keyPrefix, endpoint, region, accessKeyId,
          secretAccessKey, pathStyleAccess, partSize, maxSingleCopySize, copyPartSize,
          integrityChecksums);
    }
  }
}
