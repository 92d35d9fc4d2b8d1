package dev.spamflow.events.deadletter;

import dev.spamflow.adapters.Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the dead-letter sink on {@code PORT} (Knative sets it; 8080 otherwise) and runs until the
 * process is stopped. It runs from the minio-bridge image ({@code args:} in the Knative Service).
 */
public final class DeadLetterSinkMain {

  private DeadLetterSinkMain() {}

  /**
   * Runs the sink.
   *
   * @throws IOException if the port cannot be bound
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (System.getProperty("logback.configurationFile") == null) {
      // The bridge's configuration: the same image, the same log format.
      System.setProperty("logback.configurationFile", "minio-bridge-logback.xml");
    }
    Logger log = LoggerFactory.getLogger(DeadLetterSinkMain.class);
    int port;
    try {
      port = Settings.of(System.getenv()).port("PORT", 8080);
    } catch (IllegalStateException e) {
      log.error("cannot start the dead-letter sink: {}", e.getMessage());
      System.exit(2);
      return;
    }
    DeadLetterSink sink = DeadLetterSink.start(new InetSocketAddress(port));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .unstarted(
                    () -> {
                      sink.close();
                      stopped.countDown();
                    }));
    log.info("dead-letter sink listening on port {}", sink.port());
    stopped.await();
  }
}
