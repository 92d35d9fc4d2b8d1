package dev.spamflow.inference;

import dev.spamflow.adapters.http.BearerToken;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.inference.canary.CanaryRouter;
import dev.spamflow.inference.canary.CanarySettings;
import dev.spamflow.inference.features.MessageFeatures;
import dev.spamflow.inference.feedback.FeedbackGate;
import dev.spamflow.inference.feedback.FeedbackStore;
import dev.spamflow.inference.log.PredictionLog;
import dev.spamflow.inference.log.PredictionLogSettings;
import dev.spamflow.inference.model.LoadedModel;
import dev.spamflow.inference.model.ModelLoader;
import dev.spamflow.inference.model.ModelSlot;
import dev.spamflow.inference.model.ModelWatcher;
import dev.spamflow.inference.model.SwapListener;
import dev.spamflow.inference.predict.PredictionService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds the service's parts from configuration: the one place where Micronaut meets the plain
 * classes of the model lifecycle, the prediction log and the canary.
 */
@Factory
final class InferenceFactory {

  private static final String PREFIX = "spamflow.inference.";

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Singleton
  InferenceSettings settings(Environment env) {
    Optional<Path> modelDir =
        env.getProperty(PREFIX + "model-dir", String.class).filter(s -> !s.isBlank()).map(Path::of);
    Path downloads =
        env.getProperty(PREFIX + "download-dir", String.class)
            .filter(s -> !s.isBlank())
            .map(Path::of)
            .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "spamflow-inference"));
    return new InferenceSettings(
        modelDir,
        env.getRequiredProperty(PREFIX + "alias", String.class),
        env.getRequiredProperty(PREFIX + "challenger-alias", String.class),
        env.getRequiredProperty(PREFIX + "poll-interval", Duration.class),
        env.getRequiredProperty(PREFIX + "batch-limit", Integer.class),
        env.getRequiredProperty("micronaut.server.max-request-size", Integer.class),
        env.getRequiredProperty(PREFIX + "explain-tokens", Integer.class),
        downloads);
  }

  @Singleton
  Backends backends(Environment env) {
    String kind = env.getRequiredProperty(PREFIX + "backends", String.class);
    return switch (kind) {
      case "env" -> Backends.fromEnv(System.getenv());
      case "embedded" ->
          Backends.embedded(
              env.getProperty(PREFIX + "local-dir", String.class)
                  .filter(s -> !s.isBlank())
                  .map(Path::of)
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              PREFIX + "local-dir must name a folder when backends is embedded")));
      default ->
          throw new IllegalStateException(
              PREFIX + "backends must be 'env' or 'embedded', not '" + kind + "'");
    };
  }

  @Singleton
  @Bean(preDestroy = "close")
  PrometheusMeterRegistry meterRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  @Singleton
  InferenceMetrics metrics(PrometheusMeterRegistry registry) {
    return new InferenceMetrics(registry);
  }

  @Singleton
  CanarySettings canarySettings(Environment env) {
    CanarySettings defaults = CanarySettings.DEFAULTS;
    String canary = PREFIX + "canary.";
    return new CanarySettings(
        env.getRequiredProperty(canary + "percent", Integer.class),
        env.getProperty(canary + "max-error-rate", Double.class).orElse(defaults.maxErrorRate()),
        env.getProperty(canary + "max-p99-latency", Duration.class)
            .orElse(defaults.maxP99Latency()),
        env.getProperty(canary + "window", Duration.class).orElse(defaults.window()),
        env.getProperty(canary + "min-samples", Integer.class).orElse(defaults.minSamples()));
  }

  @Singleton
  CanaryRouter canaryRouter(CanarySettings settings, InferenceMetrics metrics) {
    CanaryRouter router = new CanaryRouter(settings);
    Gauge.builder("spamflow.canary.percent", () -> router.stats().percent())
        .description("Configured share of texts routed to the challenger")
        .register(metrics.registry());
    Gauge.builder("spamflow.canary.rolled.back", () -> router.rolledBack() ? 1 : 0)
        .description("1 once the challenger was rolled back")
        .register(metrics.registry());
    Gauge.builder(
            "spamflow.canary.challenger.error.rate",
            () -> router.stats().challenger().windowErrorRate())
        .description("The challenger's error rate over the rollback window")
        .register(metrics.registry());
    Gauge.builder(
            "spamflow.canary.challenger.p99.seconds",
            () -> router.stats().challenger().windowP99Nanos() / 1e9)
        .description("The challenger's p99 latency over the rollback window")
        .register(metrics.registry());
    return router;
  }

  @Singleton
  ServingSlots slots(InferenceMetrics metrics, CanaryRouter canary) {
    ServingSlots slots =
        new ServingSlots(
            new ModelSlot("champion", metrics),
            canary.settings().percent() > 0
                ? Optional.of(new ModelSlot("challenger", challengerListener(metrics, canary)))
                : Optional.empty());
    // Tells "nothing was ever promoted" apart from "a champion exists but does not serve here":
    // the no-champion alert fires only on the second (monitoring/rules/spamflow.yaml).
    for (ModelSlot slot :
        Stream.concat(Stream.of(slots.champion()), slots.challenger().stream()).toList()) {
      Gauge.builder("spamflow.model.alias.unset", slot, s -> s.aliasUnset() ? 1 : 0)
          .description("1 while the registry has no model under the slot's alias and none serves")
          .tags("slot", slot.name())
          .strongReference(true)
          .register(metrics.registry());
    }
    return slots;
  }

  /** Counts the challenger slot's swaps and refusals, and starts a canary trial per version. */
  private static SwapListener challengerListener(InferenceMetrics metrics, CanaryRouter canary) {
    return new SwapListener() {
      @Override
      public void swapped(String slot, LoadedModel model, LoadedModel previous) {
        metrics.swapped(slot, model, previous);
        canary.challengerLoaded(model.version());
      }

      @Override
      public void refused(String slot, String candidate, RefusalReason reason) {
        metrics.refused(slot, candidate, reason);
      }
    };
  }

  @Singleton
  @Bean(preDestroy = "close")
  PredictionLog predictionLog(Backends backends, Clock clock, InferenceMetrics metrics) {
    PredictionLog log = new PredictionLog(backends.store(), PredictionLogSettings.DEFAULTS, clock);
    FunctionCounter.builder("spamflow.prediction.log.dropped", log, PredictionLog::dropped)
        .description("Predictions not logged because the log's queue was full")
        .register(metrics.registry());
    FunctionCounter.builder("spamflow.prediction.log.written", log, PredictionLog::written)
        .description("Predictions written to the store under predictions/")
        .register(metrics.registry());
    FunctionCounter.builder("spamflow.prediction.log.failures", log, PredictionLog::failures)
        .description("Failed writes of a batch to the store (each is retried)")
        .register(metrics.registry());
    FunctionCounter.builder("spamflow.prediction.log.lost", log, PredictionLog::lost)
        .description("Predictions given up at shutdown because the store kept failing")
        .register(metrics.registry());
    return log;
  }

  @Context
  @Bean(preDestroy = "close")
  ModelWatcher modelWatcher(
      InferenceSettings settings, Backends backends, ServingSlots slots, Clock clock) {
    ModelWatcher watcher =
        new ModelWatcher(
            new ModelLoader(backends.registry(), settings.downloadDirectory(), clock),
            BundleManifest.MODEL_NAME,
            settings.modelDirectory(),
            settings.pollInterval(),
            slots.champion(),
            settings.alias(),
            slots.challenger(),
            settings.challengerAlias());
    watcher.start();
    return watcher;
  }

  @Singleton
  PredictionService predictionService(
      ServingSlots slots,
      CanaryRouter canary,
      PredictionLog log,
      InferenceMetrics metrics,
      InferenceSettings settings,
      Clock clock) {
    return new PredictionService(
        slots.champion(),
        slots.challenger(),
        canary,
        log,
        metrics,
        settings.explainTokens(),
        clock);
  }

  @Singleton
  MessageFeatures messageFeatures(Backends backends) {
    return new MessageFeatures(backends.features());
  }

  @Singleton
  FeedbackStore feedbackStore(Backends backends, Clock clock) {
    return new FeedbackStore(backends.store(), clock);
  }

  /**
   * The feedback token comes from {@code spamflow.inference.feedback.token} or the file {@code
   * token-file} names (a Kubernetes secret volume); with neither, feedback is off.
   */
  @Singleton
  FeedbackGate feedbackGate(Environment env, Clock clock) {
    String feedback = PREFIX + "feedback.";
    Optional<String> token =
        env.getProperty(feedback + "token", String.class).filter(s -> !s.isBlank());
    if (token.isEmpty()) {
      Optional<Path> file =
          env.getProperty(feedback + "token-file", String.class)
              .filter(s -> !s.isBlank())
              .map(Path::of);
      if (file.isPresent()) {
        try {
          token = Optional.of(Files.readString(file.get(), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
          throw new UncheckedIOException(
              "cannot read the feedback token file " + file.get() + " (" + feedback + "token-file)",
              e);
        }
        if (token.get().isEmpty()) {
          throw new IllegalStateException(
              "the feedback token file " + file.get() + " is empty; write the token into it");
        }
      }
    }
    return new FeedbackGate(
        token.map(BearerToken::of),
        env.getRequiredProperty(feedback + "max-per-hour", Integer.class),
        clock);
  }
}
