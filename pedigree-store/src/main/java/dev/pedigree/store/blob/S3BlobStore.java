package dev.pedigree.store.blob;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.ErrorCode;
import dev.pedigree.model.PedigreeException;
import dev.pedigree.model.artifact.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs in an S3 bucket (AWS or any S3-compatible service), under {@code
 * <prefix>sha256/ab/cdef...} like the local layout.
 *
 * <p>Uploads stream through one part buffer (at most {@link S3BlobStoreConfig#partSize()} bytes)
 * and are hashed as they go. Content that fits in one part is verified before a single PutObject
 * sends it. Larger content goes up as a multipart upload, which S3 shows to nobody until it is
 * completed: with a known digest it targets the blob's key and is completed only once the received
 * bytes are verified (aborted otherwise); without one it targets a temporary key under {@code
 * <prefix>tmp/}, and the verified object is then copied server-side to its content key. A wrong
 * object is therefore never visible under a digest key.
 */
public final class S3BlobStore implements BlobStore {
  private static final int INITIAL_BUFFER = 64 * 1024;

  private final S3Client s3;
  private final S3BlobStoreConfig config;
  private final String bucket;
  private final String blobPrefix;
  private final String tempPrefix;

  private S3BlobStore(S3Client s3, S3BlobStoreConfig config) {
    this.s3 = s3;
    this.config = config;
    this.bucket = config.bucket();
    this.blobPrefix = config.keyPrefix() + "sha256/";
    this.tempPrefix = config.keyPrefix() + "tmp/";
  }

  /** Connects to the configured bucket; nothing is sent until the first operation. */
  public static S3BlobStore create(S3BlobStoreConfig config) {
    requireNonNull(config, "config");
    AwsCredentialsProvider credentials = config.accessKeyId() == null
        ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId(),
            requireNonNull(config.secretAccessKey())));
    S3ClientBuilder builder = S3Client.builder()
        .region(Region.of(config.region()))
        .credentialsProvider(credentials)
        .forcePathStyle(config.pathStyleAccess())
        .httpClientBuilder(Apache5HttpClient.builder())
        .requestChecksumCalculation(config.integrityChecksums()
            ? RequestChecksumCalculation.WHEN_SUPPORTED : RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(config.integrityChecksums()
            ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED);
    if (config.endpoint() != null) {
      builder.endpointOverride(config.endpoint());
    }
    return new S3BlobStore(builder.build(), config);
  }

  public S3BlobStoreConfig config() {
    return config;
  }

  /** The object key of the blob with this digest. */
  public String keyOf(Sha256 digest) {
    return blobPrefix + digest.hex().substring(0, 2) + "/" + digest.hex().substring(2);
  }

  @Override
  public PutResult put(InputStream content, Sha256 expectedDigest, long expectedSize) {
    requireNonNull(content, "content");
    requireNonNull(expectedDigest, "expectedDigest");
    return store(new Uploads(content, expectedDigest, expectedSize), expectedDigest);
  }

  @Override
  public PutResult putAndDigest(InputStream content) {
    requireNonNull(content, "content");
    return store(new Uploads(content, null, Uploads.UNKNOWN_SIZE), null);
  }

  private PutResult store(Uploads upload, @Nullable Sha256 expected) {
    PartBuffer part = new PartBuffer((int) config.partSize());
    part.fill(upload);
    if (!part.full()) {
      Sha256 digest = upload.finish();
      String key = keyOf(digest);
      boolean existed = head(key).isPresent();
      // Rewriting identical bytes is harmless and refreshes the store time.
      call("store " + digest, () -> s3.putObject(b -> b.bucket(bucket).key(key)
          .contentLength((long) part.length), part.body()));
      return new PutResult(digest, upload.size(), !existed);
    }
    if (expected != null && head(keyOf(expected)).isPresent()) {
      drain(upload, part);
      Sha256 digest = upload.finish();
      refresh(keyOf(expected), upload.size());
      return new PutResult(digest, upload.size(), false);
    }
    String key = expected != null ? keyOf(expected) : tempPrefix + UUID.randomUUID();
    multipartUpload(key, upload, part);
    if (expected != null) {
      return new PutResult(expected, upload.size(), true);
    }
    Sha256 digest = upload.finish();
    try {
      String target = keyOf(digest);
      if (head(target).isPresent()) {
        refresh(target, upload.size());
        return new PutResult(digest, upload.size(), false);
      }
      copy(key, target, upload.size());
      return new PutResult(digest, upload.size(), true);
    } finally {
      deleteQuietly(key);
    }
  }

  /** Uploads the content in parts and completes only if {@link Uploads#finish()} accepts it. */
  private void multipartUpload(String key, Uploads upload, PartBuffer part) {
    String uploadId = call("start upload of " + upload.describeExpected(),
        () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId());
    try {
      List<CompletedPart> parts = new ArrayList<>();
      do {
        int number = parts.size() + 1;
        String etag = call("upload part " + number + " of " + upload.describeExpected(),
            () -> s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .partNumber(number).contentLength((long) part.length), part.body()).eTag());
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        part.fill(upload);
      } while (part.length > 0);
      upload.finish();
      call("complete upload of " + upload.describeExpected(),
          () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
              .multipartUpload(m -> m.parts(parts))));
    } catch (RuntimeException e) {
      abortQuietly(key, uploadId);
      throw e;
    }
  }

  private void copy(String source, String target, long size) {
    if (size <= config.maxSingleCopySize()) {
      call("copy " + source + " to " + target, () -> s3.copyObject(b -> b
          .sourceBucket(bucket).sourceKey(source).destinationBucket(bucket).destinationKey(target)));
      return;
    }
    String uploadId = call("start copy to " + target,
        () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(target)).uploadId());
    try {
      List<CompletedPart> parts = new ArrayList<>();
      for (long offset = 0; offset < size; offset += config.copyPartSize()) {
        int number = parts.size() + 1;
        String range = "bytes=" + offset + "-" + (Math.min(size, offset + config.copyPartSize()) - 1);
        String etag = call("copy part " + number + " to " + target, () -> s3.uploadPartCopy(b -> b
            .sourceBucket(bucket).sourceKey(source).destinationBucket(bucket)
            .destinationKey(target).uploadId(uploadId).partNumber(number).copySourceRange(range))
            .copyPartResult().eTag());
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      }
      call("complete copy to " + target, () -> s3.completeMultipartUpload(b -> b.bucket(bucket)
          .key(target).uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
    } catch (RuntimeException e) {
      abortQuietly(target, uploadId);
      throw e;
    }
  }

  /** Refreshes an existing object's store time by copying it onto itself (when one copy can). */
  private void refresh(String key, long size) {
    if (size > config.maxSingleCopySize()) {
      return;
    }
    call("refresh " + key, () -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key)
        .destinationBucket(bucket).destinationKey(key).metadataDirective(MetadataDirective.REPLACE)
        .metadata(Map.of("pedigree-stored-at", Instant.now().toString()))));
  }

  private static void drain(Uploads upload, PartBuffer part) {
    do {
      part.fill(upload);
    } while (part.length > 0);
  }

  @Override
  public InputStream open(Sha256 digest) {
    requireNonNull(digest, "digest");
    return call("read " + digest, digest, () -> s3.getObject(b -> b.bucket(bucket)
        .key(keyOf(digest))));
  }

  @Override
  public InputStream open(Sha256 digest, ByteRange range) {
    requireNonNull(digest, "digest");
    requireNonNull(range, "range");
    if (range.length() == 0) {
      long size = statOrThrow(digest).size();
      if (range.offset() > size) {
        throw Uploads.pastEnd(digest, range, size);
      }
      return InputStream.nullInputStream();
    }
    long last = range.length() > Long.MAX_VALUE - range.offset()
        ? -1 : range.offset() + range.length() - 1;
    String header = "bytes=" + range.offset() + "-" + (last < 0 ? "" : Long.toString(last));
    try {
      ResponseInputStream<GetObjectResponse> in =
          s3.getObject(b -> b.bucket(bucket).key(keyOf(digest)).range(header));
      return in;
    } catch (S3Exception e) {
      if (e.statusCode() != 416) {
        throw failure("read " + digest, digest, e);
      }
      long size = statOrThrow(digest).size();
      if (range.offset() == size) {
        return InputStream.nullInputStream();
      }
      throw Uploads.pastEnd(digest, range, size);
    } catch (SdkException e) {
      throw failure("read " + digest, digest, e);
    }
  }

  @Override
  public boolean exists(Sha256 digest) {
    return head(keyOf(requireNonNull(digest, "digest"))).isPresent();
  }

  @Override
  public Optional<BlobInfo> stat(Sha256 digest) {
    requireNonNull(digest, "digest");
    return head(keyOf(digest)).map(h -> new BlobInfo(digest, h.contentLength(),
        h.lastModified() == null ? 0 : h.lastModified().toEpochMilli()));
  }

  @Override
  public boolean delete(Sha256 digest) {
    requireNonNull(digest, "digest");
    String key = keyOf(digest);
    if (head(key).isEmpty()) {
      return false;
    }
    call("delete " + digest, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
    return true;
  }

  @Override
  public Stream<BlobInfo> list() {
    Iterable<S3Object> objects = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(blobPrefix))
        .contents();
    return StreamSupport.stream(objects.spliterator(), false)
        .map(this::infoOf)
        .filter(Objects::nonNull);
  }

  @Override
  public BlobVerification verify(Sha256 digest) {
    requireNonNull(digest, "digest");
    MessageDigest md = Sha256.newMessageDigest();
    long size = 0;
    try (InputStream in = open(digest)) {
      byte[] buffer = new byte[INITIAL_BUFFER];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        md.update(buffer, 0, n);
        size += n;
      }
    } catch (PedigreeException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        return BlobVerification.missing(digest);
      }
      throw e;
    } catch (IOException e) {
      throw PedigreeException.unavailable("reading blob " + digest + " from " + describe()
          + " failed: " + e, e);
    }
    return BlobVerification.of(digest, Sha256.of(md.digest()), size);
  }

  @Override
  public long purgeTemporaries(Instant startedBefore) {
    requireNonNull(startedBefore, "startedBefore");
    long removed = 0;
    try {
      for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket)
          .prefix(config.keyPrefix())).uploads()) {
        boolean ours = upload.key().startsWith(blobPrefix) || upload.key().startsWith(tempPrefix);
        if (ours && upload.initiated() != null && upload.initiated().isBefore(startedBefore)) {
          abortQuietly(upload.key(), upload.uploadId());
          removed++;
        }
      }
      for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(tempPrefix))
          .contents()) {
        if (object.lastModified().isBefore(startedBefore)) {
          deleteQuietly(object.key());
          removed++;
        }
      }
    } catch (SdkException e) {
      throw failure("purge temporary uploads", null, e);
    }
    return removed;
  }

  @Override
  public String describe() {
    return "s3://" + bucket + "/" + config.keyPrefix()
        + (config.endpoint() == null ? "" : " at " + config.endpoint());
  }

  @Override
  public void close() {
    s3.close();
  }

  @Override
  public String toString() {
    return describe();
  }

  private @Nullable BlobInfo infoOf(S3Object object) {
    String key = object.key();
    String rest = key.substring(blobPrefix.length());
    if (rest.length() != 65 || rest.charAt(2) != '/') {
      return null;
    }
    String hex = rest.substring(0, 2) + rest.substring(3);
    if (!Sha256.isValidHex(hex)) {
      return null;
    }
    return new BlobInfo(new Sha256(hex), object.size(),
        object.lastModified() == null ? 0 : object.lastModified().toEpochMilli());
  }

  private BlobInfo statOrThrow(Sha256 digest) {
    return stat(digest).orElseThrow(() -> Uploads.notFound(digest));
  }

  private Optional<HeadObjectResponse> head(String key) {
    try {
      return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure("look up " + key, null, e);
    } catch (SdkException e) {
      throw failure("look up " + key, null, e);
    }
  }

  private void deleteQuietly(String key) {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      // left for purgeTemporaries
    }
  }

  private void abortQuietly(String key, String uploadId) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      // left for purgeTemporaries
    }
  }

  private <T> T call(String action, SdkCall<T> call) {
    return call(action, null, call);
  }

  private <T> T call(String action, @Nullable Sha256 digest, SdkCall<T> call) {
    try {
      return call.run();
    } catch (SdkException e) {
      throw failure(action, digest, e);
    } catch (UncheckedIOException e) {
      throw PedigreeException.unavailable("S3 blob store " + describe() + " failed to " + action
          + ": " + e.getCause(), e);
    }
  }

  private PedigreeException failure(String action, @Nullable Sha256 digest, SdkException e) {
    // A failure reading the caller's content surfaces here wrapped by the SDK.
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof PedigreeException pedigree) {
        return pedigree;
      }
    }
    String where = "S3 blob store " + describe();
    if (e instanceof S3Exception s3e) {
      String code = s3e.awsErrorDetails() == null ? "" : s3e.awsErrorDetails().errorCode();
      int status = s3e.statusCode();
      if (status == 404 && "NoSuchBucket".equals(code)) {
        return PedigreeException.unavailable(where + ": bucket " + bucket + " does not exist", e);
      }
      if (status == 404 && digest != null) {
        return Uploads.notFound(digest);
      }
      if (status == 403) {
        return PedigreeException.unavailable(where + " refused to " + action
            + ": access denied (" + code + "); check the credentials and bucket policy", e);
      }
      if (status >= 500 || status == 429) {
        return PedigreeException.unavailable(where + " failed to " + action + ": HTTP " + status
            + " " + code + "; retry later", e);
      }
      return PedigreeException.internal(where + " failed to " + action + ": HTTP " + status + " "
          + code + " (" + s3e.getMessage() + ")", e);
    }
    if (e instanceof SdkClientException) {
      return PedigreeException.unavailable(where + " is unreachable, could not " + action + ": "
          + e.getMessage(), e);
    }
    return PedigreeException.unavailable(where + " failed to " + action + ": " + e.getMessage(), e);
  }

  @FunctionalInterface
  private interface SdkCall<T> {
    T run();
  }

  /** One part's bytes: grows from 64 KiB to the part size, so small blobs stay cheap. */
  private static final class PartBuffer {
    private final int capacity;
    private byte[] bytes = new byte[INITIAL_BUFFER];
    private int length;

    PartBuffer(int capacity) {
      this.capacity = capacity;
    }

    /** Replaces the contents with the next part of the upload (empty at its end). */
    void fill(Uploads upload) {
      length = 0;
      while (true) {
        length += upload.fill(bytes, length);
        if (length < bytes.length || bytes.length == capacity) {
          return;
        }
        bytes = Arrays.copyOf(bytes, (int) Math.min((long) bytes.length * 4, capacity));
      }
    }

    boolean full() {
      return length == capacity;
    }

    RequestBody body() {
      byte[] current = bytes;
      int size = length;
      return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(current, 0, size),
          size, "application/octet-stream");
    }
  }
}
