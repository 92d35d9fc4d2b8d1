package dev.spamflow.adapters.minio;

import dev.spamflow.adapters.RetrySettings;
import dev.spamflow.adapters.Settings;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Where {@link MinioObjectStore} finds its bucket, and how it uploads.
 *
 * @param endpoint the S3 endpoint, e.g. {@code http://127.0.0.1:9000}
 * @param accessKey the access key
 * @param secretKey the secret key; never printed, not even by {@link #toString()}
 * @param bucket the bucket, created on start-up if missing
 * @param partSize bytes per multipart part; content longer than one part goes up in parts
 * @param retry retries of each S3 call on connection errors and server errors
 */
public record MinioConfig(
    URI endpoint,
    String accessKey,
    String secretKey,
    String bucket,
    long partSize,
    RetrySettings retry) {
  /** Variable for the endpoint. */
  public static final String ENDPOINT_ENV = "SPAMFLOW_MINIO_ENDPOINT";

  /** Variable for the access key (or {@code …_FILE} naming a file that holds it). */
  public static final String ACCESS_KEY_ENV = "SPAMFLOW_MINIO_ACCESS_KEY";

  /** Variable for the secret key (or {@code …_FILE} naming a file that holds it). */
  public static final String SECRET_KEY_ENV = "SPAMFLOW_MINIO_SECRET_KEY";

  /** Variable for the bucket. */
  public static final String BUCKET_ENV = "SPAMFLOW_MINIO_BUCKET";

  /** The project's bucket. */
  public static final String DEFAULT_BUCKET = "spamflow";

  /** S3's smallest part size other than the last part's. */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  /** Part size used unless another is given. */
  public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;

  /** Validates the arguments. */
  public MinioConfig {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(retry, "retry");
    if (partSize < MIN_PART_SIZE || partSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("partSize must be between 5 MiB and 2 GiB: " + partSize);
    }
  }

  /**
   * Reads the endpoint, credentials and bucket from environment variables.
   *
   * @throws IllegalStateException naming the first missing variable
   */
  public static MinioConfig fromEnv(Map<String, String> env) {
    Settings settings = Settings.of(env);
    return new MinioConfig(
        URI.create(settings.require(ENDPOINT_ENV, "the MinIO/S3 endpoint")),
        settings.secret(ACCESS_KEY_ENV),
        settings.secret(SECRET_KEY_ENV),
        settings.get(BUCKET_ENV, DEFAULT_BUCKET),
        DEFAULT_PART_SIZE,
        RetrySettings.DEFAULT);
  }

  /** The same configuration with another bucket. */
  public MinioConfig withBucket(String otherBucket) {
    return new MinioConfig(endpoint, accessKey, secretKey, otherBucket, partSize, retry);
  }

  /** The same configuration with other retries. */
  public MinioConfig withRetry(RetrySettings otherRetry) {
    return new MinioConfig(endpoint, accessKey, secretKey, bucket, partSize, otherRetry);
  }

  /** The same configuration with another part size. */
  public MinioConfig withPartSize(long otherPartSize) {
    return new MinioConfig(endpoint, accessKey, secretKey, bucket, otherPartSize, retry);
  }

  @Override
  public String toString() {
    // Records print every component; the secret must never reach a log.
    return "MinioConfig[endpoint="
        + endpoint
        + ", accessKey="
        + accessKey
        + ", secretKey=***, bucket="
        + bucket
        + ", partSize="
        + partSize
        + ", retry="
        + retry
        + "]";
  }
}
