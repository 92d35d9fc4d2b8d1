package dev.spamflow.pipeline.event;

import dev.spamflow.core.port.DriftRecorder;
import dev.spamflow.core.port.ExperimentTracker;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.OnlineFeatureStore;
import dev.spamflow.pipeline.curate.CurateSettings;
import dev.spamflow.pipeline.drift.DriftSettings;
import dev.spamflow.pipeline.ingest.IngestSettings;
import dev.spamflow.pipeline.register.RegisterSettings;
import dev.spamflow.pipeline.train.TrainSettings;
import java.time.Clock;
import java.util.Optional;

/**
 * What a host gives the stages it runs: the ports and each stage's settings. {@link StageCatalogue}
 * asks only for what the stage it builds uses, so a host may open its ports lazily: the ingest
 * service never opens the tracker or the registry, only the drift stage opens the drift recorder.
 *
 * <p>The settings default to each stage's {@code DEFAULT}; a host overrides those it reads from its
 * environment or command line.
 */
public interface StageContext {

  /** The object store every stage reads and writes. */
  ObjectStore store();

  /** The experiment tracker (train, register). */
  ExperimentTracker tracker();

  /** The model registry (register, drift). */
  ModelRegistry registry();

  /**
   * Where drift runs are recorded (drift only).
   *
   * @throws IllegalStateException if this host records no drift runs
   */
  default DriftRecorder driftRecorder() {
    throw new IllegalStateException("this host does not run the drift stage: no drift recorder");
  }

  /**
   * Returns the online feature store curate materialises new features to, if this host has one.
   *
   * @return the store, or empty (curate then writes only the offline tables)
   */
  default Optional<OnlineFeatureStore> onlineFeatures() {
    return Optional.empty();
  }

  /** The stages' clock. */
  default Clock clock() {
    return Clock.systemUTC();
  }

  /** Ingest's settings. */
  default IngestSettings ingest() {
    return IngestSettings.DEFAULT;
  }

  /** Curate's settings. */
  default CurateSettings curate() {
    return CurateSettings.DEFAULT;
  }

  /** Train's settings. */
  default TrainSettings train() {
    return TrainSettings.DEFAULT;
  }

  /** Register's settings. */
  default RegisterSettings register() {
    return RegisterSettings.DEFAULT;
  }

  /** Drift's settings. */
  default DriftSettings drift() {
    return DriftSettings.DEFAULT;
  }
}
