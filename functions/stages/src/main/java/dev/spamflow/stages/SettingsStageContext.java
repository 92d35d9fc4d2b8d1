package dev.spamflow.stages;

import dev.spamflow.core.port.DriftRecorder;
import dev.spamflow.core.port.ExperimentTracker;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.OnlineFeatureStore;
import dev.spamflow.pipeline.drift.DriftSettings;
import dev.spamflow.pipeline.event.StageContext;
import dev.spamflow.pipeline.train.TrainSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The stages' ports and settings as the environment ({@link StageSettings}) describes them. A port
 * is opened on first use and kept: the ingest service never connects to MLflow, and only the drift
 * service connects to PostgreSQL.
 */
final class SettingsStageContext implements StageContext {
  private final StageSettings settings;
  private final Lazy<ObjectStore> store;
  private final Lazy<ExperimentTracker> tracker;
  private final Lazy<ModelRegistry> registry;
  private final Lazy<DriftRecorder> driftRecorder;
  private final Lazy<Optional<OnlineFeatureStore>> onlineFeatures;
  private final List<String> opened = new ArrayList<>();

  SettingsStageContext(StageSettings settings) {
    this(settings, UnaryOperator.identity());
  }

  /**
   * A context whose drift recorder is wrapped once opened (the services count drift checks for
   * Prometheus that way; the plain context is for hosts without metrics, like a Tekton step).
   */
  SettingsStageContext(StageSettings settings, UnaryOperator<DriftRecorder> driftRecorderWrapper) {
    this.settings = Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(driftRecorderWrapper, "driftRecorderWrapper");
    this.store = new Lazy<>("store", settings::openStore);
    this.tracker = new Lazy<>("tracker", settings::openTracker);
    this.registry = new Lazy<>("registry", settings::openRegistry);
    this.driftRecorder =
        new Lazy<>(
            "drift recorder", () -> driftRecorderWrapper.apply(settings.openDriftRecorder()));
    this.onlineFeatures = new Lazy<>("online features", settings::openOnlineFeatures);
  }

  @Override
  public ObjectStore store() {
    return store.get();
  }

  @Override
  public ExperimentTracker tracker() {
    return tracker.get();
  }

  @Override
  public ModelRegistry registry() {
    return registry.get();
  }

  @Override
  public DriftRecorder driftRecorder() {
    return driftRecorder.get();
  }

  @Override
  public Optional<OnlineFeatureStore> onlineFeatures() {
    return onlineFeatures.get();
  }

  @Override
  public TrainSettings train() {
    return settings.train();
  }

  @Override
  public DriftSettings drift() {
    return settings.drift();
  }

  /** The ports opened so far, in the order they were first asked for. */
  synchronized List<String> opened() {
    return List.copyOf(opened);
  }

  private synchronized void recordOpened(String port) {
    opened.add(port);
  }

  /** One port, opened once. */
  private final class Lazy<T> {
    private final String name;
    private final Supplier<T> open;
    private T value;

    Lazy(String name, Supplier<T> open) {
      this.name = name;
      this.open = open;
    }

    synchronized T get() {
      if (value == null) {
        value = open.get();
        recordOpened(name);
      }
      return value;
    }
  }
}
