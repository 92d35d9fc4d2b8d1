package dev.spamflow.events.bridge;

import dev.spamflow.adapters.http.HttpEventPublisher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the minio-bridge from environment variables ({@code PORT}, {@code K_SINK}, {@code
 * K_CE_OVERRIDES}, {@code SPAMFLOW_BRIDGE_TOKEN[_FILE]}) and runs until the process is stopped.
 */
public final class MinioBridgeMain {
  /**
   * The bridge's logback configuration. Not named {@code logback.xml}: this jar is also the event
   * contract library, and must not configure the logging of the services that use it.
   */
  static final String LOGBACK_CONFIG = "minio-bridge-logback.xml";

  private MinioBridgeMain() {}

  /**
   * Runs the bridge.
   *
   * @throws IOException if the port cannot be bound
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
    }
    // Created after the property is set: the first logger initialises logback.
    Logger log = LoggerFactory.getLogger(MinioBridgeMain.class);
    BridgeConfig config;
    try {
      config = BridgeConfig.fromEnv(System.getenv());
    } catch (IllegalStateException e) {
      log.error("cannot start the minio-bridge: {}", e.getMessage());
      System.exit(2);
      return;
    }
    MinioBridge bridge =
        MinioBridge.start(
            new InetSocketAddress(config.port()),
            config.token(),
            new S3EventConverter(),
            new HttpEventPublisher(config.publisher()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .unstarted(
                    () -> {
                      bridge.close();
                      stopped.countDown();
                    }));
    log.info(
        "minio-bridge listening on port {}, publishing to {}",
        bridge.port(),
        config.publisher().sink());
    stopped.await();
  }
}
