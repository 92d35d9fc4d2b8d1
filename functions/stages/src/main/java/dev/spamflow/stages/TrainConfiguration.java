package dev.spamflow.stages;

import dev.spamflow.core.port.EventPublisher;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.pipeline.event.TrainEventHandler;
import dev.spamflow.pipeline.train.TrainFunction;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The {@code train} function: {@code dataset.curated} in, {@code model.trained} out, with the trial
 * budget and epoch cap from {@code SPAMFLOW_TRAIN_*}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = StagesConfiguration.DEFINITION, havingValue = "train")
public class TrainConfiguration {

  /** The registry: MLflow or the embedded file-system registry. */
  @Bean
  ModelRegistry modelRegistry(StageSettings settings) {
    return settings.openRegistry();
  }

  /** The stage, named as its Knative Service and Trigger subscriber. */
  @Bean
  Consumer<Message<byte[]>> train(
      StageSettings settings, ObjectStore store, ModelRegistry registry, EventPublisher publisher) {
    return new StageFunction(
        new TrainEventHandler(new TrainFunction(store, registry, settings.train())), publisher);
  }
}
