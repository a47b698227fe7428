package dev.pedigree.store.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API for tests: s3proxy over a directory on a loopback port, with one key pair and an
 * admin client for setting up buckets and objects. It can be stopped and started again on the same
 * port to play an outage.
 */
public final class TestS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "pedigree-test";
  public static final String SECRET_KEY = "pedigree-test-secret";
  private static final long START_TIMEOUT_NANOS = 10_000_000_000L;

  private final BlobStoreContext backend;
  private final S3Client admin;
  private S3Proxy proxy;
  private final int port;

  private TestS3(BlobStoreContext backend, S3Proxy proxy) {
    this.backend = backend;
    this.proxy = proxy;
    this.port = proxy.getPort();
    this.admin = adminClient(endpoint());
  }

  /** A path-style client with the test key pair, for setting up and inspecting buckets of any S3 API. */
  public static S3Client adminClient(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .httpClientBuilder(Apache5HttpClient.builder())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /** Starts s3proxy storing objects under {@code dir}, on a free loopback port. */
  public static TestS3 start(Path dir) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", Files.createDirectories(dir).toString());
    BlobStoreContext backend = ContextBuilder.newBuilder("filesystem").overrides(properties)
        .buildView(BlobStoreContext.class);
    return new TestS3(backend, startProxy(backend, 0));
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** A client with full access, path-style, for setting up and inspecting buckets. */
  public S3Client admin() {
    return admin;
  }

  public boolean isRunning() {
    return "STARTED".equals(proxy.getState());
  }

  public void stop() throws Exception {
    proxy.stop();
  }

  /** Starts again on the same port after {@link #stop()}. */
  public void restart() throws Exception {
    if (!isRunning()) {
      proxy = startProxy(backend, port);
    }
  }

  @Override
  public void close() throws Exception {
    admin.close();
    proxy.stop();
    backend.close();
  }

  private static S3Proxy startProxy(BlobStoreContext backend, int port) throws Exception {
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(backend.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.onSpinWait();
    }
    return proxy;
  }
}
