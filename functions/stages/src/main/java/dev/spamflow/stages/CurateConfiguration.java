package dev.spamflow.stages;

import dev.spamflow.core.port.EventPublisher;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.pipeline.curate.CurateFunction;
import dev.spamflow.pipeline.curate.CurateSettings;
import dev.spamflow.pipeline.event.CurateEventHandler;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The {@code curate} function: the creation of {@code raw/<id>/manifest.json} in, {@code
 * dataset.curated} out.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = StagesConfiguration.DEFINITION, havingValue = "curate")
public class CurateConfiguration {

  /** The stage, named as its Knative Service and Trigger subscriber. */
  @Bean
  Consumer<Message<byte[]>> curate(ObjectStore store, EventPublisher publisher) {
    return new StageFunction(
        new CurateEventHandler(new CurateFunction(store, CurateSettings.DEFAULT), store),
        publisher);
  }
}
