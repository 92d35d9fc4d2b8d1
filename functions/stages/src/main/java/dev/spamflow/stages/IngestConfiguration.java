package dev.spamflow.stages;

import dev.spamflow.core.port.EventPublisher;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.pipeline.event.IngestEventHandler;
import dev.spamflow.pipeline.ingest.IngestFunction;
import dev.spamflow.pipeline.ingest.IngestSettings;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** The {@code ingest} function: an upload under {@code inbox/} in, {@code dataset.ingested} out. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = StagesConfiguration.DEFINITION, havingValue = "ingest")
public class IngestConfiguration {

  /** The stage, named as its Knative Service and Trigger subscriber. */
  @Bean
  Consumer<Message<byte[]>> ingest(ObjectStore store, EventPublisher publisher) {
    return new StageFunction(
        new IngestEventHandler(new IngestFunction(store, IngestSettings.DEFAULT), store),
        publisher);
  }
}
