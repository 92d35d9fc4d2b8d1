package dev.spamflow.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link DriftRecorder} contract. An adapter's test extends this class and supplies the
 * recorder; every test uses its own run ids, so a shared database is fine.
 */
public abstract class DriftRecorderContract {
  /** The recorder under test. */
  protected DriftRecorder recorder;

  private String id;

  /** Returns the recorder under test; called before each test. */
  protected abstract DriftRecorder recorder() throws Exception;

  @BeforeEach
  final void createRecorder() throws Exception {
    recorder = recorder();
    id = "contract-" + UUID.randomUUID();
  }

  @Test
  void aRecordedRunReadsBackWithItsMetricsInOrder() {
    DriftRun run = run(id, true);
    List<DriftMetric> metrics =
        List.of(
            new DriftMetric("text_length", "wasserstein", 0.31, 0.1, true),
            new DriftMetric("text_length", "psi", 0.12, Double.NaN, false),
            new DriftMetric("mmd", "permutation_p_value", 0.004975, 0.05, true),
            new DriftMetric("embeddings", "votes", 2, 2, true));

    recorder.record(run, metrics);

    assertThat(recorder.run(id)).contains(run);
    assertThat(recorder.metrics(id)).containsExactlyElementsOf(metrics);
  }

  @Test
  void recordingARunAgainReplacesItsMetricsInsteadOfAddingRows() {
    recorder.record(run(id, true), List.of(new DriftMetric("a", "ks", 0.01, 0.05, true)));
    DriftRun again = run(id, false);
    List<DriftMetric> metrics = List.of(new DriftMetric("a", "ks", 0.2, 0.05, false));

    recorder.record(again, metrics);
    recorder.record(again, metrics);

    assertThat(recorder.run(id)).contains(again);
    assertThat(recorder.metrics(id)).containsExactlyElementsOf(metrics);
  }

  @Test
  void anUnknownRunHasNoRecordAndNoMetrics() {
    assertThat(recorder.run(id)).isEmpty();
    assertThat(recorder.metrics(id)).isEmpty();
  }

  @Test
  void aRunWithoutMetricsIsRecordedToo() {
    DriftRun run =
        new DriftRun(
            id,
            start(),
            start().plus(6, ChronoUnit.HOURS),
            "spam-detector",
            "3",
            12,
            "window-too-small",
            false,
            "reports/drift/20261202T060000Z-v3/",
            start().plus(6, ChronoUnit.HOURS));

    recorder.record(run, List.of());

    assertThat(recorder.run(id)).contains(run);
    assertThat(recorder.metrics(id)).isEmpty();
  }

  private static DriftRun run(String id, boolean drifted) {
    return new DriftRun(
        id,
        start(),
        start().plus(6, ChronoUnit.HOURS),
        "spam-detector",
        "7",
        1234,
        "checked",
        drifted,
        "reports/drift/20261202T060000Z-v7/",
        start().plus(6, ChronoUnit.HOURS).plusMillis(1500));
  }

  private static Instant start() {
    return Instant.parse("2026-12-02T00:00:00Z");
  }
}
