package dev.spamflow.adapters.minio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.adapters.RetrySettings;
import dev.spamflow.adapters.ServerProcess;
import dev.spamflow.adapters.TestServers;
import dev.spamflow.core.port.ObjectStoreException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MinIO stopped in the middle of a multipart upload, for real: a private MinIO (the binary {@code
 * scripts/servers.sh} built) is stopped while the second part is being read.
 */
class MinioFaultIT {
  private static final RetrySettings QUICK =
      new RetrySettings(3, Duration.ofMillis(100), Duration.ofMillis(400));

  @TempDir Path temp;

  private ServerProcess minio;
  private MinioConfig config;

  @BeforeEach
  void startPrivateMinio() throws Exception {
    String binary = TestServers.require("SPAMFLOW_MINIO_BIN");
    int port = TestServers.freePort();
    int consolePort = TestServers.freePort();
    minio =
        new ServerProcess(
                List.of(
                    binary,
                    "server",
                    temp.resolve("data").toString(),
                    "--address",
                    "127.0.0.1:" + port,
                    "--console-address",
                    "127.0.0.1:" + consolePort),
                Map.of(
                    "MINIO_ROOT_USER", "fault",
                    "MINIO_ROOT_PASSWORD", "fault-secret-123",
                    "MINIO_BROWSER", "off"),
                URI.create("http://127.0.0.1:" + port + "/minio/health/live"),
                temp.resolve("minio.log"),
                Duration.ofSeconds(60))
            .start();
    config =
        new MinioConfig(
            URI.create("http://127.0.0.1:" + port),
            "fault",
            "fault-secret-123",
            "spamflow",
            MinioConfig.MIN_PART_SIZE,
            QUICK);
  }

  @AfterEach
  void stopPrivateMinio() throws InterruptedException {
    minio.stop();
  }

  @Test
  void aStoppedServerFailsTheUploadClearlyLeavesNothingAndARetryLaterSucceeds() throws Exception {
    MinioObjectStore store = MinioObjectStore.open(config);
    byte[] content = new byte[(int) (2 * MinioConfig.MIN_PART_SIZE + 100)];
    new Random(7).nextBytes(content);
    InputStream stopsTheServer =
        new StopAfter(new ByteArrayInputStream(content), MinioConfig.MIN_PART_SIZE + 10, minio);

    assertThatThrownBy(
            () ->
                store.put(
                    "curated/d1/features.parquet", stopsTheServer, content.length, null, Map.of()))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("upload part 2 of 'curated/d1/features.parquet'")
        .hasMessageContaining(config.endpoint().toString());

    minio.start();
    // The first part reached the server, but an unfinished multipart upload is never visible.
    assertThat(store.stat("curated/d1/features.parquet")).isEmpty();
    assertThat(store.list("curated/")).isEmpty();

    store.put(
        "curated/d1/features.parquet",
        new ByteArrayInputStream(content),
        content.length,
        null,
        Map.of());
    assertThat(store.getBytes("curated/d1/features.parquet")).isEqualTo(content);
  }

  @Test
  void callsRideOutAShortRestart() throws Exception {
    MinioObjectStore store =
        MinioObjectStore.open(
            config.withRetry(
                new RetrySettings(40, Duration.ofMillis(250), Duration.ofMillis(500))));
    store.put("inbox/before.csv", "a\n".getBytes(StandardCharsets.UTF_8), "text/csv");
    minio.stop();

    Thread restart =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(1500);
                    minio.start();
                  } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                });
    // Issued while the server is down: the retries carry it over the restart.
    assertThat(store.getBytes("inbox/before.csv")).asString().isEqualTo("a\n");
    restart.join();
  }

  /** Passes bytes through and stops the server once {@code limit} bytes have been read. */
  private static final class StopAfter extends FilterInputStream {
    private final long limit;
    private final ServerProcess server;
    private long read;

    StopAfter(InputStream in, long limit, ServerProcess server) {
      super(in);
      this.limit = limit;
      this.server = server;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        long before = read;
        read += n;
        if (before < limit && read >= limit) {
          try {
            server.stop();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while stopping", e));
          }
        }
      }
      return n;
    }
  }
}
