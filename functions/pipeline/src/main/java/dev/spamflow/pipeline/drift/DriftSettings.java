package dev.spamflow.pipeline.drift;

import dev.spamflow.core.drift.DriftDetector;
import dev.spamflow.core.serving.BundleManifest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the drift stage picks its window and its model.
 *
 * @param model the registered model whose champion is checked
 * @param alias the alias that names the serving version
 * @param window how far back the window reaches from the check's time (default 6 hours)
 * @param lastMessages when positive, the window is instead the last this many predictions before
 *     the check's time (looking back at most {@link #MAX_LOOKBACK})
 * @param maxMessages predictions read at most; beyond, the newest are kept (a cap on memory)
 * @param tempDirectory where the champion's bundle is downloaded while it is used
 * @param seed seeds the detector's samples, splits and permutations
 */
public record DriftSettings(
    String model,
    String alias,
    Duration window,
    int lastMessages,
    int maxMessages,
    Path tempDirectory,
    long seed) {

  /** How far back "the last N messages" looks at most. */
  public static final Duration MAX_LOOKBACK = Duration.ofDays(31);

  /** The defaults: the champion of {@code spam-detector}, the last 6 hours, at most 100,000. */
  public static final DriftSettings DEFAULT =
      new DriftSettings(
          BundleManifest.MODEL_NAME,
          "champion",
          Duration.ofHours(6),
          0,
          100_000,
          Path.of(System.getProperty("java.io.tmpdir"), "spamflow-drift"),
          DriftDetector.DEFAULT_SEED);

  /** Validates the settings. */
  public DriftSettings {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(tempDirectory, "tempDirectory");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the drift window must be positive: " + window);
    }
    if (lastMessages < 0) {
      throw new IllegalArgumentException("lastMessages must not be negative: " + lastMessages);
    }
    if (maxMessages < DriftDetector.MIN_WINDOW) {
      throw new IllegalArgumentException(
          "maxMessages must be at least " + DriftDetector.MIN_WINDOW + ": " + maxMessages);
    }
  }

  /** Returns these settings with another window length. */
  public DriftSettings withWindow(Duration value) {
    return new DriftSettings(model, alias, value, lastMessages, maxMessages, tempDirectory, seed);
  }

  /** Returns these settings with a window of the last {@code count} messages (0: by time). */
  public DriftSettings withLastMessages(int count) {
    return new DriftSettings(model, alias, window, count, maxMessages, tempDirectory, seed);
  }

  /** Returns these settings with another download folder. */
  public DriftSettings withTempDirectory(Path value) {
    return new DriftSettings(model, alias, window, lastMessages, maxMessages, value, seed);
  }
}
