package dev.spamflow.stages;

import dev.spamflow.core.port.EventPublisher;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.pipeline.event.RegisterEventHandler;
import dev.spamflow.pipeline.register.RegisterFunction;
import dev.spamflow.pipeline.register.RegisterSettings;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The {@code register} function: {@code model.trained} in, {@code model.promoted} or {@code
 * model.rejected} out.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = StagesConfiguration.DEFINITION, havingValue = "register")
public class RegisterConfiguration {

  /** The registry: MLflow or the embedded file-system registry. */
  @Bean
  ModelRegistry modelRegistry(StageSettings settings) {
    return settings.openRegistry();
  }

  /** The stage, named as its Knative Service and Trigger subscriber. */
  @Bean
  Consumer<Message<byte[]>> register(
      ObjectStore store, ModelRegistry registry, EventPublisher publisher) {
    return new StageFunction(
        new RegisterEventHandler(new RegisterFunction(store, registry, RegisterSettings.DEFAULT)),
        publisher);
  }
}
