package dev.spamflow.devtools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.core.port.EventPublisher;
import dev.spamflow.core.port.EventPublisherContract;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InProcessBrokerTest extends EventPublisherContract {
  @TempDir Path temp;

  private final BlockingQueue<CloudEvent> trainerInbox = new LinkedBlockingQueue<>();

  @Override
  protected BlockingQueue<CloudEvent> receiver() {
    return trainerInbox;
  }

  @Override
  protected EventPublisher publisher() throws Exception {
    // The contract's events are dataset.ingested and drift.detected: route both to one queue.
    InProcessBroker broker = broker();
    broker.subscribe("curate", event -> receive(event));
    broker.subscribe("trainer", event -> receive(event));
    return broker;
  }

  private Optional<CloudEvent> receive(CloudEvent event) {
    trainerInbox.add(event);
    return Optional.empty();
  }

  private InProcessBroker broker() throws URISyntaxException {
    return new InProcessBroker(
        "spamflow",
        TriggerManifests.read(fixture()),
        new DeadLetterLog(temp.resolve("dead.jsonl")));
  }

  private static Path fixture() throws URISyntaxException {
    return Path.of(InProcessBrokerTest.class.getResource("/knative/triggers.yaml").toURI());
  }

  @Test
  void readsOnlyTheTriggersOfItsBrokerFromTheManifests() throws Exception {
    assertThat(TriggerManifests.read(fixture()))
        .extracting(Trigger::name)
        .containsExactly("ingest-on-upload", "curate-on-ingested", "retrain", "other-broker");
    assertThat(broker().triggers())
        .extracting(Trigger::name)
        .containsExactly("ingest-on-upload", "curate-on-ingested", "retrain");
    Trigger ingest = broker().triggers().get(0);
    assertThat(ingest.delivery().retry()).isEqualTo(2);
    assertThat(ingest.delivery().deadLetterSink()).contains("Service/dead-letters");
  }

  @Test
  void routesByTypeAndSubjectPrefixAndSuffixAsTheTriggersSay() throws Exception {
    List<String> ingested = new CopyOnWriteArrayList<>();
    InProcessBroker broker = broker();
    broker.subscribe("ingest", event -> record(ingested, event));
    broker.subscribe("curate", event -> Optional.empty());
    broker.subscribe("trainer", event -> Optional.empty());

    broker.publish(s3Event("inbox/sms.csv"));
    broker.publish(s3Event("inbox/partial.tmp"));
    broker.publish(s3Event("raw/d1/manifest.json"));

    assertThat(ingested).containsExactly("inbox/sms.csv");
    assertThat(broker.deadLetters().read()).isEmpty();
  }

  @Test
  void repliesGoBackIntoTheBrokerLikeKnativeReplies() throws Exception {
    List<String> curated = new CopyOnWriteArrayList<>();
    InProcessBroker broker = broker();
    broker.subscribe(
        "ingest",
        event ->
            Optional.of(
                CloudEventBuilder.v1()
                    .withId("reply-of-" + event.getId())
                    .withType("dev.spamflow.dataset.ingested")
                    .withSource(URI.create("/spamflow/ingest"))
                    .withSubject("raw/d1/manifest.json")
                    .build()));
    broker.subscribe("curate", event -> record(curated, event));

    broker.publish(s3Event("inbox/sms.csv"));

    assertThat(curated).containsExactly("raw/d1/manifest.json");
  }

  @Test
  void failedDeliveriesAreRetriedAsTheDeliverySpecSays() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    InProcessBroker broker = broker();
    broker.subscribe(
        "ingest",
        event -> {
          if (tries.incrementAndGet() < 3) {
            throw new IllegalStateException("ingest is still starting");
          }
          return Optional.empty();
        });

    broker.publish(s3Event("inbox/sms.csv"));

    // retry: 2 in the manifest means three tries in all; the third succeeds.
    assertThat(tries.get()).isEqualTo(3);
    assertThat(broker.deadLetters().read()).isEmpty();
  }

  @Test
  void anEventFailingEveryTryEndsInTheDeadLetterLog() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    InProcessBroker broker = broker();
    broker.subscribe(
        "curate",
        event -> {
          tries.incrementAndGet();
          throw new IllegalStateException("curate cannot parse " + event.getSubject());
        });
    CloudEvent event =
        CloudEventBuilder.v1()
            .withId("ingested-1")
            .withType("dev.spamflow.dataset.ingested")
            .withSource(URI.create("/spamflow/ingest"))
            .withSubject("raw/bad/manifest.json")
            .build();

    broker.publish(event);

    assertThat(tries.get()).isEqualTo(4);
    List<DeadLetterLog.Entry> dead = broker.deadLetters().read();
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).trigger()).isEqualTo("curate-on-ingested");
    assertThat(dead.get(0).attempts()).isEqualTo(4);
    assertThat(dead.get(0).error()).contains("curate cannot parse raw/bad/manifest.json");
    assertThat(dead.get(0).event().getId()).isEqualTo("ingested-1");
  }

  @Test
  void aTriggerWhoseSubscriberIsNotRunningDeadLettersItsEvents() throws Exception {
    InProcessBroker broker = broker();

    broker.publish(s3Event("inbox/sms.csv"));

    assertThat(broker.deadLetters().read())
        .singleElement()
        .satisfies(entry -> assertThat(entry.error()).contains("no subscriber named ingest"));
  }

  @Test
  void cesqlFiltersAreRefusedWithTheTriggerNamed() throws Exception {
    Path manifest =
        Files.writeString(
            temp.resolve("cesql.yaml"),
            """
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata:
              name: sql
            spec:
              broker: spamflow
              filters:
                - cesql: "type = 'x'"
              subscriber:
                ref:
                  name: ingest
            """);

    assertThatThrownBy(() -> TriggerManifests.read(manifest))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Trigger sql")
        .hasMessageContaining("cesql");
  }

  /**
   * Known-bad Triggers that Knative Eventing's webhook refuses ({@code
   * ValidateSubscriptionAPIFilter} in {@code pkg/apis/eventing/v1/trigger_validation.go}): the
   * local broker refuses them too.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "two attributes in one prefix|'- prefix: {type: \"com.amazonaws.s3.ObjectCreated:\", subject: inbox/}'|spec.filters[0].prefix: Multiple items found, can have only one key-value",
        "two attributes in one exact|'- exact: {type: a, source: b}'|spec.filters[0].exact: Multiple items found",
        "two in a suffix inside all|'- all: [{suffix: {type: a, subject: b}}]'|spec.filters[0].all[0].suffix: Multiple items found",
        "two dialects in one entry|'- {exact: {type: a}, prefix: {subject: b}}'|multiple dialects found, filters can have only one dialect set",
        "an upper-case attribute name|'- exact: {Type: a}'|invalid key name \"Type\": Attribute name must start with a letter"
      })
  void refusesTriggersThatKnativeRefuses(String what, String filters, String message)
      throws Exception {
    Path manifest =
        Files.writeString(
            temp.resolve("bad.yaml"),
            """
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata:
              name: bad
            spec:
              broker: spamflow
              filters:
                %s
              subscriber:
                ref:
                  name: ingest
            """
                .formatted(filters));

    assertThatThrownBy(() -> TriggerManifests.read(manifest))
        .as(what)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Trigger bad")
        .hasMessageContaining(message);
  }

  @Test
  void aTriggerFilterAttributeNameMustBeLowercaseToo() throws Exception {
    Path manifest =
        Files.writeString(
            temp.resolve("attributes.yaml"),
            """
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata:
              name: upper
            spec:
              broker: spamflow
              filter:
                attributes:
                  dataSchema: x
              subscriber:
                ref:
                  name: ingest
            """);

    assertThatThrownBy(() -> TriggerManifests.read(manifest))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec.filter.attributes: invalid key name \"dataSchema\"");
  }

  @Test
  void backoffGrowsAsKnativeComputesIt() {
    DeliverySpec exponential =
        new DeliverySpec(
            3, DeliverySpec.BackoffPolicy.EXPONENTIAL, Duration.ofMillis(100), Optional.empty());
    DeliverySpec linear =
        new DeliverySpec(
            3, DeliverySpec.BackoffPolicy.LINEAR, Duration.ofMillis(100), Optional.empty());

    assertThat(exponential.delayBeforeRetry(3)).hasMillis(800);
    assertThat(linear.delayBeforeRetry(3)).hasMillis(300);
  }

  private static Optional<CloudEvent> record(List<String> subjects, CloudEvent event) {
    subjects.add(event.getSubject());
    return Optional.empty();
  }

  private static CloudEvent s3Event(String key) {
    return CloudEventBuilder.v1()
        .withId("s3-" + key)
        .withType("com.amazonaws.s3.ObjectCreated:Put")
        .withSource(URI.create("minio:s3..spamflow"))
        .withSubject(key)
        .build();
  }
}
