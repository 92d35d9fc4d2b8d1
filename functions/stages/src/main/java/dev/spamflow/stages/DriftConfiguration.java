package dev.spamflow.stages;

import dev.spamflow.core.port.DriftRecorder;
import dev.spamflow.core.port.EventPublisher;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.pipeline.drift.DriftFunction;
import dev.spamflow.pipeline.event.DriftEventHandler;
import java.time.Clock;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The {@code drift} function: the PingSource's ping in, {@code drift.detected} out when the recent
 * predictions drifted, with the window from {@code SPAMFLOW_DRIFT_*} and the metrics recorded in
 * PostgreSQL ({@code SPAMFLOW_POSTGRES_*}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = StagesConfiguration.DEFINITION, havingValue = "drift")
public class DriftConfiguration {

  /** The registry: MLflow or the embedded file-system registry. */
  @Bean
  ModelRegistry modelRegistry(StageSettings settings) {
    return settings.openRegistry();
  }

  /** Where drift runs are recorded. */
  @Bean
  DriftRecorder driftRecorder(StageSettings settings) {
    return settings.openDriftRecorder();
  }

  /** The stage, named as its Knative Service. */
  @Bean
  Consumer<Message<byte[]>> drift(
      StageSettings settings,
      ObjectStore store,
      ModelRegistry registry,
      DriftRecorder recorder,
      EventPublisher publisher) {
    return new StageFunction(
        new DriftEventHandler(
            new DriftFunction(store, registry, recorder, settings.drift(), Clock.systemUTC())),
        publisher);
  }
}
