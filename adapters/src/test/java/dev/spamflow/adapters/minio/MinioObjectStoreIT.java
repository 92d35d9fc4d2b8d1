package dev.spamflow.adapters.minio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.TestServers;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.ObjectStoreContract;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The object store contract against the MinIO that {@code scripts/servers.sh} started. */
class MinioObjectStoreIT extends ObjectStoreContract {
  static MinioConfig config() {
    TestServers.require(MinioConfig.ENDPOINT_ENV);
    return MinioConfig.fromEnv(System.getenv()).withPartSize(MinioConfig.MIN_PART_SIZE);
  }

  @Override
  protected ObjectStore store() {
    return MinioObjectStore.open(config());
  }

  @Override
  protected int largeObjectSize() {
    // Three parts of 5 MiB, the last one short: exercises the multipart path end to end.
    return (int) (2 * MinioConfig.MIN_PART_SIZE + 1234);
  }

  @Test
  void theBucketIsCreatedOnStartUpWhenMissing() {
    String bucket = "it-" + UUID.randomUUID().toString().substring(0, 8);
    MinioObjectStore fresh = MinioObjectStore.open(config().withBucket(bucket));

    fresh.put("probe.txt", bytes("ok"), "text/plain");

    assertThat(fresh.getBytes("probe.txt")).asString().isEqualTo("ok");
  }

  @Test
  void theSecretKeyIsNeverPrinted() {
    MinioConfig config = config();

    assertThat(config.toString()).doesNotContain(config.secretKey()).contains("secretKey=***");
  }

  @Test
  void multipartEtagsDifferFromSinglePartOnesButStayStable() {
    byte[] big = new byte[(int) MinioConfig.MIN_PART_SIZE + 10];
    String first =
        store.put(prefix + "big", new ByteArrayInputStream(big), big.length, null, Map.of()).etag();
    String again =
        store.put(prefix + "big", new ByteArrayInputStream(big), big.length, null, Map.of()).etag();

    // S3 multipart etags end in -<parts>; equal content cut the same way gives the same etag.
    assertThat(first).endsWith("-2").isEqualTo(again);
  }
}
