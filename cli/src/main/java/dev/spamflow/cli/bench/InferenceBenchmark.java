package dev.spamflow.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.spamflow.core.model.LstmTrainer;
import dev.spamflow.core.model.LstmWeightsExporter;
import dev.spamflow.core.serving.FastLstmClassifier;
import dev.spamflow.core.serving.LstmWeights;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Measures, in one run and on the calling thread, the plain-Java forward pass ({@link
 * FastLstmClassifier}) side by side with DL4J ({@link LstmTrainer#predict}) on the same network and
 * messages: single-message latency, batch throughput, and how far the two disagree.
 *
 * <p>Timing is {@link System#nanoTime} around each call after a warm-up long enough for C2 to
 * compile the hot loops. DL4J gets fewer calls because each takes milliseconds; its figures are
 * percentiles of fewer samples, which the report states. ND4J's own thread count is the caller's
 * setting ({@code OMP_NUM_THREADS=1} measures one core).
 */
public final class InferenceBenchmark {

  private InferenceBenchmark() {}

  /**
   * How much to measure.
   *
   * @param fastWarmupCalls single-message calls before the fast path is timed
   * @param fastCalls timed single-message calls of the fast path
   * @param fastBatchMillis how long the fast batch throughput is measured (after as long a warm-up)
   * @param batchSize messages per batch call, both paths
   * @param dl4jWarmupCalls single-message calls before DL4J is timed
   * @param dl4jCalls timed single-message calls of DL4J
   * @param dl4jBatchMessages messages DL4J scores in batches for its throughput (and the parity
   *     check)
   */
  public record Options(
      int fastWarmupCalls,
      int fastCalls,
      int fastBatchMillis,
      int batchSize,
      int dl4jWarmupCalls,
      int dl4jCalls,
      int dl4jBatchMessages) {

    /** Defaults: about 15 s on a 2-core machine, a third of it DL4J single-message calls. */
    public static final Options DEFAULTS = new Options(30_000, 30_000, 2_000, 64, 50, 300, 1_536);

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException when a count is not positive (warm-ups may be 0)
     */
    public Options {
      if (fastWarmupCalls < 0 || dl4jWarmupCalls < 0) {
        throw new IllegalArgumentException("warm-up calls must not be negative");
      }
      if (fastCalls <= 0
          || fastBatchMillis <= 0
          || batchSize <= 0
          || dl4jCalls <= 0
          || dl4jBatchMessages <= 0) {
        throw new IllegalArgumentException(
            "calls, millis, batch size and messages must be positive");
      }
    }
  }

  /**
   * Latency percentiles of single-message calls.
   *
   * @param calls timed calls
   * @param medianMicros 50th percentile, µs
   * @param p90Micros 90th percentile, µs
   * @param p99Micros 99th percentile, µs
   */
  public record Latency(int calls, double medianMicros, double p90Micros, double p99Micros) {

    /**
     * Summarises call durations.
     *
     * @param nanos one duration per call, in nanoseconds (not modified)
     * @return the percentiles in microseconds
     */
    public static Latency of(long[] nanos) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      return new Latency(
          sorted.length,
          percentile(sorted, 0.50) / 1e3,
          percentile(sorted, 0.90) / 1e3,
          percentile(sorted, 0.99) / 1e3);
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(long[] sorted, double p) {
      int rank = (int) Math.ceil(p * sorted.length);
      return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }
  }

  /**
   * What one run measured.
   *
   * @param messages messages given
   * @param meanTokens mean ids per message
   * @param maxTokens longest message, in ids
   * @param batchSize messages per batch call
   * @param weightsLoadMillis one cold read of {@code weights.bin} from memory plus building the
   *     classifier (its input table): the fast path's share of a bundle load
   * @param fast single-message latency of the fast path
   * @param fastBatchMessagesPerSecond fast path throughput in batches, one thread
   * @param dl4j single-message latency of DL4J
   * @param dl4jBatchMessagesPerSecond DL4J throughput in batches
   * @param singleSpeedup DL4J median over fast median
   * @param batchSpeedup fast throughput over DL4J throughput
   * @param paritySamples messages scored by both paths for the parity figure
   * @param maxAbsDifference largest |DL4J − fast| spam probability over those messages
   * @param java the JVM version the figures come from
   */
  public record Report(
      int messages,
      double meanTokens,
      int maxTokens,
      int batchSize,
      double weightsLoadMillis,
      Latency fast,
      double fastBatchMessagesPerSecond,
      Latency dl4j,
      double dl4jBatchMessagesPerSecond,
      double singleSpeedup,
      double batchSpeedup,
      int paritySamples,
      double maxAbsDifference,
      String java) {

    private static final ObjectMapper JSON =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Returns the figures as a Markdown table with a one-line header. */
    public String toMarkdown() {
      StringBuilder md = new StringBuilder();
      md.append(
          String.format(
              Locale.ROOT,
              "%d messages (mean %.1f ids, max %d), batch %d, one thread, Java %s%n%n",
              messages,
              meanTokens,
              maxTokens,
              batchSize,
              java));
      md.append("| path | single median µs | p90 µs | p99 µs | calls | batch msg/s |\n");
      md.append("|---|---:|---:|---:|---:|---:|\n");
      row(md, "fast (plain Java)", fast, fastBatchMessagesPerSecond);
      row(md, "DL4J", dl4j, dl4jBatchMessagesPerSecond);
      md.append(
          String.format(
              Locale.ROOT,
              "%nSpeed-up: %.0f× single (median), %.0f× batch. "
                  + "Max |Δ spam probability| over %d messages: %.2e. "
                  + "Weights read + input table: %.1f ms.%n",
              singleSpeedup,
              batchSpeedup,
              paritySamples,
              maxAbsDifference,
              weightsLoadMillis));
      return md.toString();
    }

    private static void row(StringBuilder md, String name, Latency latency, double throughput) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.1f | %.1f | %d | %.0f |%n",
              name,
              latency.medianMicros(),
              latency.p90Micros(),
              latency.p99Micros(),
              latency.calls(),
              throughput));
    }

    /** Returns the figures as a JSON object (field names as in this record). */
    public String toJson() {
      try {
        return JSON.writeValueAsString(this);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a record of numbers did not serialise", e);
      }
    }
  }

  /**
   * Runs the benchmark.
   *
   * @param network a trained network built by {@code LstmNetworkFactory}
   * @param messages encoded messages, each non-empty, scored in turn (cycled as often as needed)
   * @param options how much to measure
   * @return the figures
   * @throws IllegalArgumentException when there are no messages, one is empty, or the network has
   *     another shape than the fast path serves
   */
  public static Report run(MultiLayerNetwork network, int[][] messages, Options options) {
    if (messages.length == 0) {
      throw new IllegalArgumentException("no messages to benchmark");
    }
    long tokens = 0;
    int maxTokens = 0;
    for (int[] message : messages) {
      if (message.length == 0) {
        throw new IllegalArgumentException("empty message: encode empty text as one OOV id");
      }
      tokens += message.length;
      maxTokens = Math.max(maxTokens, message.length);
    }

    byte[] weightsFile = weightsFile(network);
    long loadStart = System.nanoTime();
    FastLstmClassifier fast = new FastLstmClassifier(readWeights(weightsFile));
    double weightsLoadMillis = (System.nanoTime() - loadStart) / 1e6;

    Latency fastLatency =
        singleLatency(
            messages, options.fastWarmupCalls(), options.fastCalls(), fast::spamProbability);
    double fastThroughput = fastThroughput(fast, messages, options);

    Latency dl4jLatency =
        singleLatency(
            messages,
            options.dl4jWarmupCalls(),
            options.dl4jCalls(),
            message -> LstmTrainer.predict(network, List.of(message), 1)[0]);
    int[][] dl4jMessages = cycle(messages, options.dl4jBatchMessages());
    List<int[]> dl4jList = Arrays.asList(dl4jMessages);
    // One untimed batch first: DL4J allocates its workspaces on the first call of a shape.
    LstmTrainer.predict(
        network,
        dl4jList.subList(0, Math.min(options.batchSize(), dl4jList.size())),
        options.batchSize());
    long dl4jStart = System.nanoTime();
    double[] reference = LstmTrainer.predict(network, dl4jList, options.batchSize());
    double dl4jThroughput = dl4jMessages.length / ((System.nanoTime() - dl4jStart) / 1e9);

    double[] fastScores = fast.spamProbabilities(dl4jMessages);
    double maxAbsDifference = 0;
    for (int i = 0; i < reference.length; i++) {
      maxAbsDifference = Math.max(maxAbsDifference, Math.abs(reference[i] - fastScores[i]));
    }

    return new Report(
        messages.length,
        (double) tokens / messages.length,
        maxTokens,
        options.batchSize(),
        weightsLoadMillis,
        fastLatency,
        fastThroughput,
        dl4jLatency,
        dl4jThroughput,
        dl4jLatency.medianMicros() / fastLatency.medianMicros(),
        fastThroughput / dl4jThroughput,
        reference.length,
        maxAbsDifference,
        Runtime.version().toString());
  }

  /** What a single-message path does: scores one message. */
  @FunctionalInterface
  private interface Scorer {
    double score(int[] message);
  }

  /**
   * Receives a sum of every result: a volatile write the JIT must keep, so it cannot drop the calls
   * whose results feed it.
   */
  @SuppressWarnings("unused")
  private static volatile double blackhole;

  private static Latency singleLatency(
      int[][] messages, int warmupCalls, int calls, Scorer scorer) {
    double sum = 0;
    for (int i = 0; i < warmupCalls; i++) {
      sum += scorer.score(messages[i % messages.length]);
    }
    long[] nanos = new long[calls];
    for (int i = 0; i < calls; i++) {
      int[] message = messages[i % messages.length];
      long start = System.nanoTime();
      double p = scorer.score(message);
      nanos[i] = System.nanoTime() - start;
      sum += p;
    }
    blackhole = sum;
    return Latency.of(nanos);
  }

  private static double fastThroughput(FastLstmClassifier fast, int[][] messages, Options options) {
    int[][][] batches =
        new int[(messages.length + options.batchSize() - 1) / options.batchSize()][][];
    for (int b = 0; b < batches.length; b++) {
      int from = b * options.batchSize();
      batches[b] =
          Arrays.copyOfRange(messages, from, Math.min(messages.length, from + options.batchSize()));
    }
    double[] out = new double[options.batchSize()];
    long budget = options.fastBatchMillis() * 1_000_000L;
    // The first pass over the budget is warm-up; the second is measured.
    double perSecond = 0;
    double sum = 0;
    for (int pass = 0; pass < 2; pass++) {
      long scored = 0;
      long start = System.nanoTime();
      long elapsed;
      int b = 0;
      do {
        fast.spamProbabilities(batches[b], out);
        sum += out[0];
        scored += batches[b].length;
        b = (b + 1) % batches.length;
        elapsed = System.nanoTime() - start;
      } while (elapsed < budget);
      perSecond = scored / (elapsed / 1e9);
    }
    blackhole = sum;
    return perSecond;
  }

  private static int[][] cycle(int[][] messages, int count) {
    int[][] out = new int[count][];
    for (int i = 0; i < count; i++) {
      out[i] = messages[i % messages.length];
    }
    return out;
  }

  private static byte[] weightsFile(MultiLayerNetwork network) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      LstmWeightsExporter.export(network).write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  private static LstmWeights readWeights(byte[] weightsFile) {
    try {
      return LstmWeights.read(new ByteArrayInputStream(weightsFile));
    } catch (IOException e) {
      throw new UncheckedIOException("reading weights just written failed", e);
    }
  }
}
