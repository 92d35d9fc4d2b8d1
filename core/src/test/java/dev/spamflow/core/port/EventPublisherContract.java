package dev.spamflow.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link EventPublisher} contract. An adapter's test extends this class, supplies the publisher
 * and a queue that receives what reached the other side (an HTTP sink, a subscriber).
 */
public abstract class EventPublisherContract {
  /** How long a published event may take to arrive. */
  protected static final Duration ARRIVAL = Duration.ofSeconds(10);

  /** The publisher under test. */
  protected EventPublisher publisher;

  /** The events that arrived at the receiving side, in arrival order. */
  protected BlockingQueue<CloudEvent> received;

  /** Returns the publisher under test; called before each test, after {@link #receiver()}. */
  protected abstract EventPublisher publisher() throws Exception;

  /** Returns the queue the receiving side fills; called before each test. */
  protected abstract BlockingQueue<CloudEvent> receiver() throws Exception;

  @BeforeEach
  final void createPublisher() throws Exception {
    received = receiver();
    publisher = publisher();
  }

  @Test
  void everyAttributeExtensionAndTheDataArriveUnchanged() throws InterruptedException {
    CloudEvent event =
        CloudEventBuilder.v1()
            .withId(UUID.randomUUID().toString())
            .withType("dev.spamflow.dataset.ingested")
            .withSource(URI.create("/spamflow/ingest"))
            .withSubject("raw/d1/manifest.json")
            .withTime(OffsetDateTime.of(2025, 10, 15, 17, 29, 55, 0, ZoneOffset.UTC))
            .withDataSchema(URI.create("https://spamflow.dev/events/dataset.ingested.json"))
            .withExtension("dataset", "d1")
            .withData("application/json", "{\"rows\":5574}".getBytes(StandardCharsets.UTF_8))
            .build();

    publisher.publish(event);

    CloudEvent arrived = received.poll(ARRIVAL.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(arrived).isNotNull();
    assertThat(arrived.getId()).isEqualTo(event.getId());
    assertThat(arrived.getType()).isEqualTo(event.getType());
    assertThat(arrived.getSource()).isEqualTo(event.getSource());
    assertThat(arrived.getSubject()).isEqualTo(event.getSubject());
    assertThat(arrived.getTime()).isEqualTo(event.getTime());
    assertThat(arrived.getDataSchema()).isEqualTo(event.getDataSchema());
    assertThat(arrived.getDataContentType()).startsWith("application/json");
    assertThat(arrived.getExtension("dataset")).hasToString("d1");
    assertThat(arrived.getData()).isNotNull();
    assertThat(new String(arrived.getData().toBytes(), StandardCharsets.UTF_8))
        .isEqualTo("{\"rows\":5574}");
  }

  @Test
  void eventsWithoutDataArriveToo() throws InterruptedException {
    CloudEvent event =
        CloudEventBuilder.v1()
            .withId(UUID.randomUUID().toString())
            .withType("dev.spamflow.drift.detected")
            .withSource(URI.create("/spamflow/drift"))
            .build();

    publisher.publish(event);

    CloudEvent arrived = received.poll(ARRIVAL.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(arrived).isNotNull();
    assertThat(arrived.getId()).isEqualTo(event.getId());
    assertThat(arrived.getData()).isNull();
  }

  @Test
  void nullIsRejected() {
    assertThatThrownBy(() -> publisher.publish(null)).isInstanceOf(NullPointerException.class);
  }
}
