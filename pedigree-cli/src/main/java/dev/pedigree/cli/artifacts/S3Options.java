package dev.pedigree.cli.artifacts;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * How the client reaches S3 for {@code s3://} references (the server's own blob store is configured
 * on the server). Credentials: the options, else the AWS SDK's default chain (environment, profile,
 * instance role).
 */
public final class S3Options {
  @Option(names = "--s3-endpoint", descriptionKey = "s3.endpoint",
      description = "Endpoint of an S3-compatible service for s3:// references [s3.endpoint] (default: AWS).")
  @Nullable URI endpoint;

  @Option(names = "--s3-region", descriptionKey = "s3.region", defaultValue = "us-east-1",
      description = "Region of s3:// references [s3.region] (default: ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--s3-path-style", descriptionKey = "s3.path-style", defaultValue = "false",
      description = "Bucket in the path instead of the host name [s3.path-style] (default: ${DEFAULT-VALUE}).")
  boolean pathStyle;

  @Option(names = "--s3-access-key-id", descriptionKey = "s3.access-key-id",
      description = "Access key id for s3:// references [s3.access-key-id] (default: the AWS SDK's chain).")
  @Nullable String accessKeyId;

  @Option(names = "--s3-secret-access-key", descriptionKey = "s3.secret-access-key",
      description = "Secret access key [s3.secret-access-key]; prefer the environment or config file.")
  @Nullable String secretAccessKey;

  S3Client client() {
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException("--s3-access-key-id and --s3-secret-access-key go together");
    }
    S3ClientBuilder builder = S3Client.builder()
        .region(Region.of(region))
        .forcePathStyle(pathStyle)
        .httpClientBuilder(Apache5HttpClient.builder())
        // Checksums only where S3 requires them: S3-compatible services differ in what they support.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(accessKeyId == null ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }
}
