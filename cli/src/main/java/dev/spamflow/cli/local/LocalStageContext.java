package dev.spamflow.cli.local;

import dev.spamflow.core.port.DriftRecorder;
import dev.spamflow.core.port.ExperimentTracker;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.OnlineFeatureStore;
import dev.spamflow.pipeline.drift.DriftSettings;
import dev.spamflow.pipeline.event.StageContext;
import dev.spamflow.pipeline.train.TrainSettings;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The ports and settings of the stages that run in this process, on one data directory.
 *
 * @param store the store the stages read and write
 * @param tracker the embedded tracker
 * @param registry the embedded registry
 * @param recorder where drift runs go, for a host that runs the drift stage
 * @param onlineFeatures the online feature store curate materialises to, if any
 * @param train the trainer's settings
 * @param drift the drift check's settings
 * @param clock the stages' clock
 */
record LocalStageContext(
    ObjectStore store,
    ExperimentTracker tracker,
    ModelRegistry registry,
    Optional<DriftRecorder> recorder,
    Optional<OnlineFeatureStore> onlineFeatures,
    TrainSettings train,
    DriftSettings drift,
    Clock clock)
    implements StageContext {

  /** Checks for nulls. */
  LocalStageContext {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(tracker, "tracker");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(recorder, "recorder");
    Objects.requireNonNull(onlineFeatures, "onlineFeatures");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(drift, "drift");
    Objects.requireNonNull(clock, "clock");
  }

  @Override
  public DriftRecorder driftRecorder() {
    return recorder.orElseThrow(
        () -> new IllegalStateException("the drift stage does not run in this pipeline"));
  }
}
