package dev.spamflow.inference.canary;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a share of texts to the challenger and rolls it back when it misbehaves.
 *
 * <p>Routing is sticky: a text goes to the challenger when a hash of it falls in the first {@link
 * CanarySettings#percent()} of 100 slots, so the same text always gets the same model's answer
 * (across replicas and restarts too: the hash depends on the text alone).
 *
 * <p>Every answered request is recorded with its arm, latency and outcome ({@link #recordChampion},
 * {@link #recordChallenger}). The challenger is judged per version: each version the challenger
 * slot swaps in gets a trial of its own ({@link #challengerLoaded}), with an empty window, and only
 * the version on trial is routed to. It is rolled back — {@link #toChallenger} answers false from
 * then on — as soon as the window ({@link CanarySettings#window()}, sliding in {@value
 * #WINDOW_SLICES} steps) holds at least {@link CanarySettings#minSamples()} of its requests and
 * either their error rate exceeds {@link CanarySettings#maxErrorRate()} or their p99 latency
 * exceeds {@link CanarySettings#maxP99Latency()}. The p99 test is exact: it counts the requests
 * slower than the limit rather than reading a histogram. A rollback is logged once, with the
 * figures that caused it. When the challenger alias moves on to another version, that version
 * starts a fresh trial, so replacing a bad challenger needs no restart.
 *
 * <p>Thread-safe; {@link #toChallenger} takes no lock and recording a short one per arm.
 */
public final class CanaryRouter {
  /** The slices a window is kept in. */
  public static final int WINDOW_SLICES = 10;

  private static final double P99 = 0.99;

  private static final Logger LOG = LoggerFactory.getLogger(CanaryRouter.class);

  private final CanarySettings settings;
  private final LongSupplier nanoTime;
  private final long sliceNanos;
  private final long maxLatencyNanos;
  private final Arm champion = new Arm();

  /** The challenger version being judged; before any has loaded, a trial of no version. */
  private final AtomicReference<Trial> trial = new AtomicReference<>(new Trial(null));

  /**
   * Creates a router on the system's monotonic clock.
   *
   * @param settings the share and the rollback limits
   */
  public CanaryRouter(CanarySettings settings) {
    this(settings, System::nanoTime);
  }

  /**
   * Creates a router.
   *
   * @param settings the share and the rollback limits
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}), which places each
   *     recorded request in the window
   */
  public CanaryRouter(CanarySettings settings, LongSupplier nanoTime) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.sliceNanos = settings.window().toNanos() / WINDOW_SLICES;
    this.maxLatencyNanos = settings.maxP99Latency().toNanos();
  }

  /** The settings this router was made with. */
  public CanarySettings settings() {
    return settings;
  }

  /**
   * Starts the trial of a challenger version that now serves: an empty window, not rolled back.
   * Called when the challenger slot swaps a version in; the version on trial already is left as it
   * is.
   *
   * @param version the version the challenger slot now serves
   */
  public synchronized void challengerLoaded(String version) {
    Objects.requireNonNull(version, "version");
    Trial previous = trial.get();
    if (version.equals(previous.version)) {
      return;
    }
    trial.set(new Trial(version));
    LOG.info(
        "canary: challenger version {} now answers {} % of texts{}",
        version,
        settings.percent(),
        previous.version == null ? "" : " (it replaces version " + previous.version + ")");
  }

  /**
   * Whether the challenger answers this text.
   *
   * @param text the request's text; {@code null} goes to the champion
   * @param version the challenger version the caller would use
   * @return true for the texts whose hash falls in the challenger's share, unless the canary is
   *     off, {@code version} is not the one on trial (a swap is under way) or it was rolled back
   */
  public boolean toChallenger(String text, String version) {
    if (settings.percent() == 0 || text == null) {
      return false;
    }
    Trial current = trial.get();
    if (!version.equals(current.version) || current.rollbackReason.get() != null) {
      return false;
    }
    return Integer.remainderUnsigned(mix(text.hashCode()), 100) < settings.percent();
  }

  /**
   * Records one request the champion answered (or failed). Never throws.
   *
   * @param nanos how long it took, in nanoseconds; a negative value counts as 0
   * @param error whether it failed
   */
  public void recordChampion(long nanos, boolean error) {
    champion.record(slice(), Math.max(nanos, 0), error, maxLatencyNanos, null);
  }

  /**
   * Records one request a challenger version answered (or failed), and judges that version's
   * window: this may roll it back. A request of a version no longer on trial (the alias moved on
   * while it ran) is left out. Never throws.
   *
   * @param version the version that served it
   * @param nanos how long it took, in nanoseconds; a negative value counts as 0
   * @param error whether it failed
   */
  public void recordChallenger(String version, long nanos, boolean error) {
    Trial current = trial.get();
    if (!Objects.equals(current.version, version)) {
      return;
    }
    String reason =
        current.arm.record(slice(), Math.max(nanos, 0), error, maxLatencyNanos, this::verdict);
    if (reason != null && current.rollbackReason.compareAndSet(null, reason)) {
      LOG.warn(
          "canary: challenger version {} rolled back, the champion answers all texts: {}",
          version,
          reason);
    }
  }

  /** Whether the challenger version on trial was rolled back. */
  public boolean rolledBack() {
    return trial.get().rollbackReason.get() != null;
  }

  /**
   * Why the challenger version on trial was rolled back.
   *
   * @return the limit it broke, with the window's figures; empty while it was not
   */
  public Optional<String> rollbackReason() {
    return Optional.ofNullable(trial.get().rollbackReason.get());
  }

  /**
   * The challenger version on trial.
   *
   * @return the version the challenger slot swapped in last; empty before any
   */
  public Optional<String> challengerVersion() {
    return Optional.ofNullable(trial.get().version);
  }

  private long slice() {
    return Math.floorDiv(nanoTime.getAsLong(), sliceNanos);
  }

  /**
   * A snapshot of both arms, for metrics.
   *
   * @return the champion's totals since this router was made, the challenger version's since its
   *     trial started, and both arms' figures of the current window
   */
  public CanaryStats stats() {
    long slice = slice();
    Trial current = trial.get();
    return new CanaryStats(
        settings.percent(),
        current.rollbackReason.get() != null,
        champion.stats(slice),
        current.arm.stats(slice));
  }

  /**
   * Judges the challenger's window.
   *
   * @return why it must be rolled back, or null
   */
  private String verdict(long count, long errors, long slow) {
    if (count < settings.minSamples()) {
      return null;
    }
    double errorRate = (double) errors / count;
    if (errorRate > settings.maxErrorRate()) {
      return String.format(
          "challenger error rate %.2f %% (%d of %d requests) over the last %s exceeds %.2f %%",
          100 * errorRate, errors, count, settings.window(), 100 * settings.maxErrorRate());
    }
    // Nearest-rank p99 is the value of rank ceil(0.99 n); it exceeds the limit exactly when more
    // than n - ceil(0.99 n) requests do.
    long allowedSlow = count - (99 * count + 99) / 100;
    if (slow > allowedSlow) {
      return String.format(
          "challenger p99 latency over the last %s exceeds %s (%d of %d requests slower)",
          settings.window(), settings.maxP99Latency(), slow, count);
    }
    return null;
  }

  /** Murmur3's finaliser: spreads the bits of similar texts' hash codes over the 100 slots. */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** Judges a window: count, errors and requests slower than the latency limit. */
  @FunctionalInterface
  private interface Verdict {
    String judge(long count, long errors, long slow);
  }

  /** One challenger version's requests and whether it was rolled back. */
  private static final class Trial {
    final String version;
    final Arm arm = new Arm();
    final AtomicReference<String> rollbackReason = new AtomicReference<>();

    Trial(String version) {
      this.version = version;
    }
  }

  /** One arm's totals and its window of slices, each with a latency histogram. */
  private static final class Arm {
    private long requests;
    private long errors;
    private final long[] epochs = new long[WINDOW_SLICES];
    private final long[] counts = new long[WINDOW_SLICES];
    private final long[] failed = new long[WINDOW_SLICES];
    private final long[] slow = new long[WINDOW_SLICES];
    private final long[][] histograms = new long[WINDOW_SLICES][LatencyHistogram.BUCKETS];

    Arm() {
      // No slice holds data yet: an epoch that no clock reading maps to.
      Arrays.fill(epochs, Long.MIN_VALUE);
    }

    /** Adds a request; with a verdict, judges the window that now holds it. */
    synchronized String record(
        long slice, long nanos, boolean error, long maxLatencyNanos, Verdict verdict) {
      int i = (int) Math.floorMod(slice, (long) WINDOW_SLICES);
      requests++;
      if (error) {
        errors++;
      }
      if (epochs[i] != Long.MIN_VALUE && epochs[i] > slice) {
        // Read the clock a whole window ago and was held up since: too old for the window.
        return null;
      }
      if (epochs[i] != slice) {
        epochs[i] = slice;
        counts[i] = 0;
        failed[i] = 0;
        slow[i] = 0;
        Arrays.fill(histograms[i], 0);
      }
      counts[i]++;
      histograms[i][LatencyHistogram.index(nanos)]++;
      if (error) {
        failed[i]++;
      }
      if (nanos > maxLatencyNanos) {
        slow[i]++;
      }
      if (verdict == null) {
        return null;
      }
      long windowCount = 0;
      long windowErrors = 0;
      long windowSlow = 0;
      for (int k = 0; k < WINDOW_SLICES; k++) {
        if (inWindow(epochs[k], slice)) {
          windowCount += counts[k];
          windowErrors += failed[k];
          windowSlow += slow[k];
        }
      }
      return verdict.judge(windowCount, windowErrors, windowSlow);
    }

    synchronized ArmStats stats(long slice) {
      long[] merged = new long[LatencyHistogram.BUCKETS];
      long windowCount = 0;
      long windowErrors = 0;
      for (int k = 0; k < WINDOW_SLICES; k++) {
        if (inWindow(epochs[k], slice)) {
          windowCount += counts[k];
          windowErrors += failed[k];
          for (int b = 0; b < merged.length; b++) {
            merged[b] += histograms[k][b];
          }
        }
      }
      return new ArmStats(
          requests,
          errors,
          windowCount,
          windowErrors,
          LatencyHistogram.quantile(merged, windowCount, P99));
    }

    /** Whether a slice of {@code epoch} is in the window that ends with slice {@code now}. */
    private static boolean inWindow(long epoch, long now) {
      return epoch != Long.MIN_VALUE && epoch <= now && now - epoch < WINDOW_SLICES;
    }
  }
}
