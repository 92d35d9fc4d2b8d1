package dev.spamflow.stages;

import dev.spamflow.core.port.DriftMetric;
import dev.spamflow.core.port.DriftRecorder;
import dev.spamflow.core.port.DriftRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts every drift check the drift stage records, by status and verdict, as {@code
 * spamflow_drift_checks_total}, so Prometheus can alert on drift (the PostgreSQL tables hold the
 * detail; an alert needs a metric). A check is counted once it is recorded, so a failed write is
 * not counted as a check.
 */
final class CountingDriftRecorder implements DriftRecorder {

  private final DriftRecorder delegate;
  private final MeterRegistry meters;

  CountingDriftRecorder(DriftRecorder delegate, MeterRegistry meters) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.meters = Objects.requireNonNull(meters, "meters");
  }

  @Override
  public void record(DriftRun run, List<DriftMetric> metrics) {
    delegate.record(run, metrics);
    Counter.builder("spamflow.drift.checks")
        .description("Drift checks recorded, by status and verdict")
        .tag("status", run.status())
        .tag("drifted", Boolean.toString(run.drifted()))
        .register(meters)
        .increment();
  }

  @Override
  public Optional<DriftRun> run(String id) {
    return delegate.run(id);
  }

  @Override
  public List<DriftMetric> metrics(String runId) {
    return delegate.metrics(runId);
  }
}
