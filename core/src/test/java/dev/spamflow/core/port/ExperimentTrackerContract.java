package dev.spamflow.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link ExperimentTracker} contract. An adapter's test extends this class and supplies the
 * tracker; every test uses its own experiment, so a shared server is fine. That uploaded artifacts
 * land where they should is checked by {@link ModelRegistryContract}, which registers and downloads
 * them.
 */
public abstract class ExperimentTrackerContract {
  /** The tracker under test, from {@link #tracker()}. */
  protected ExperimentTracker tracker;

  /** A fresh experiment name for this test. */
  protected String experiment;

  /** Scratch space for artifacts to upload. */
  @TempDir protected Path temp;

  /** Returns the tracker under test; called before each test. */
  protected abstract ExperimentTracker tracker() throws Exception;

  @BeforeEach
  final void createTracker() throws Exception {
    tracker = tracker();
    experiment = "contract-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void runKeepsParamsTagsAndLatestMetrics() {
    Run run = tracker.startRun(experiment, Optional.empty(), Map.of("stage", "train"));
    tracker.logParams(run.id(), Map.of("embedding", "32", "units", "50"));
    tracker.logMetric(run.id(), "loss", 0.9, 0);
    tracker.logMetric(run.id(), "loss", 0.4, 1);
    tracker.setTags(run.id(), Map.of("dataset", "d1"));

    Run read = tracker.getRun(run.id());

    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(read.experiment()).isEqualTo(experiment);
    assertThat(read.parentRunId()).isEmpty();
    assertThat(read.params())
        .containsExactlyInAnyOrderEntriesOf(Map.of("embedding", "32", "units", "50"));
    assertThat(read.metrics()).containsExactlyEntriesOf(Map.of("loss", 0.4));
    assertThat(read.tags())
        .containsExactlyInAnyOrderEntriesOf(Map.of("stage", "train", "dataset", "d1"));
  }

  @Test
  void trialsPointAtTheirParentAndRunsFinish() {
    Run parent = tracker.startRun(experiment, Optional.empty(), Map.of());
    Run trial = tracker.startRun(experiment, Optional.of(parent.id()), Map.of("trial", "1"));

    tracker.finishRun(trial.id(), RunStatus.KILLED);
    tracker.finishRun(parent.id(), RunStatus.FINISHED);

    assertThat(tracker.getRun(trial.id()).parentRunId()).contains(parent.id());
    assertThat(tracker.getRun(trial.id()).status()).isEqualTo(RunStatus.KILLED);
    assertThat(tracker.getRun(parent.id()).status()).isEqualTo(RunStatus.FINISHED);
  }

  @Test
  void unknownRunsAreNotFound() {
    String missing = "0123456789abcdef0123456789abcdef";
    assertThatThrownBy(() -> tracker.getRun(missing))
        .isInstanceOf(RegistryEntryNotFoundException.class);
    assertThatThrownBy(() -> tracker.logMetric(missing, "loss", 1, 0))
        .isInstanceOf(RegistryEntryNotFoundException.class);
    assertThatThrownBy(() -> tracker.startRun(experiment, Optional.of(missing), Map.of()))
        .isInstanceOf(RegistryEntryNotFoundException.class);
  }

  @Test
  void uploadingAMissingFileOrOutsideTheArtifactsIsRefused() {
    Run run = tracker.startRun(experiment, Optional.empty(), Map.of());

    assertThatThrownBy(() -> tracker.uploadArtifacts(run.id(), temp.resolve("missing"), ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tracker.uploadArtifacts(run.id(), temp, "../outside"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> tracker.uploadArtifacts("0123456789abcdef0123456789abcdef", temp, "model"))
        .isInstanceOf(RegistryEntryNotFoundException.class);
  }

  @Test
  void invalidNamesAreRejected() {
    assertThatThrownBy(() -> tracker.startRun("../x", Optional.empty(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    Run run = tracker.startRun(experiment, Optional.empty(), Map.of());
    assertThatThrownBy(() -> tracker.logParams(run.id(), Map.of("", "1")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
