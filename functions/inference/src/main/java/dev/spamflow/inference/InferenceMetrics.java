package dev.spamflow.inference;

import dev.spamflow.inference.model.LoadedModel;
import dev.spamflow.inference.model.SwapListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The service's own meters, under {@code spamflow_*} in Prometheus: request latency (p50/95/99 and
 * a histogram), errors by kind, predictions by class, the serving model as an info metric, model
 * load time, swaps and refusals. Plain Micrometer, so the lifecycle classes stay framework-free.
 */
public final class InferenceMetrics implements SwapListener {

  private final MeterRegistry registry;
  private final MultiGauge modelInfo;
  private final Map<String, List<MultiGauge.Row<?>>> infoRows = new ConcurrentHashMap<>();
  private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  /**
   * Registers the meters.
   *
   * @param registry where they live; the Prometheus registry in the service
   */
  public InferenceMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.modelInfo =
        MultiGauge.builder("spamflow.model.info")
            .description("1 for the model version each slot serves (labels say which)")
            .register(registry);
  }

  /** Returns the registry, for meters other parts add (log queue, canary). */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Records one HTTP request.
   *
   * @param route the route template, e.g. {@code /api/predict}, so labels stay bounded
   * @param status the HTTP status answered
   * @param nanos how long it took
   */
  public void request(String route, int status, long nanos) {
    requestTimers
        .computeIfAbsent(
            route + " " + status,
            k ->
                Timer.builder("spamflow.http.requests")
                    .description("HTTP request latency (histogram; aggregate across pods)")
                    .tags("route", route, "status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(50_000))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
    // Prometheus cannot carry client-side quantiles on a histogram, so p50/95/99 per route come
    // as a summary of their own, readable without histogram_quantile().
    requestTimers
        .computeIfAbsent(
            route,
            k ->
                Timer.builder("spamflow.http.latency")
                    .description("HTTP request latency quantiles of this pod (p50, p95, p99)")
                    .tags("route", route)
                    .publishPercentiles(0.5, 0.95, 0.99)
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Counts one error answer.
   *
   * @param kind the error kind of the body, e.g. {@code invalid_input}
   */
  public void error(String kind) {
    counter("spamflow.errors", "Error answers by kind", "kind", kind).increment();
  }

  /**
   * Counts one prediction.
   *
   * @param label {@code spam} or {@code ham}
   * @param slot {@code champion} or {@code challenger}
   */
  public void prediction(String label, String slot) {
    counters
        .computeIfAbsent(
            "predictions " + label + " " + slot,
            k ->
                Counter.builder("spamflow.predictions")
                    .description("Predictions by class and by the slot that answered")
                    .tags("label", label, "slot", slot)
                    .register(registry))
        .increment();
  }

  @Override
  public void swapped(String slot, LoadedModel model, LoadedModel previous) {
    Timer.builder("spamflow.model.load")
        .description("Time to download and load a model that went on to serve")
        .tags("slot", slot)
        .register(registry)
        .record(model.loadTime());
    counter("spamflow.model.swaps", "Models swapped in", "slot", slot).increment();
    infoRows.put(
        slot,
        List.of(
            MultiGauge.Row.of(
                Tags.of("slot", slot, "model", model.name(), "version", model.version()), 1)));
    modelInfo.register(infoRows.values().stream().flatMap(List::stream).toList(), true);
  }

  @Override
  public void refused(String slot, String candidate, RefusalReason reason) {
    counters
        .computeIfAbsent(
            "refusals " + slot + " " + reason,
            k ->
                Counter.builder("spamflow.model.refusals")
                    .description("Candidate models refused; the previous one kept serving")
                    .tags("slot", slot, "reason", reason.name().toLowerCase(Locale.ROOT))
                    .register(registry))
        .increment();
  }

  private Counter counter(String name, String description, String tag, String value) {
    return counters.computeIfAbsent(
        name + " " + value,
        k -> Counter.builder(name).description(description).tags(tag, value).register(registry));
  }
}
