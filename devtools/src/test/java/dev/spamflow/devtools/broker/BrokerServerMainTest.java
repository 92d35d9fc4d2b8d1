package dev.spamflow.devtools.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrokerServerMainTest {
  @Test
  void parsesTheDocumentedOptions() {
    BrokerServerMain.Arguments arguments =
        BrokerServerMain.Arguments.parse(
            List.of(
                "--triggers", "knative/base",
                "--route", "ingest=http://127.0.0.1:8081",
                "--route", "train=http://127.0.0.1:8083/",
                "--dead-letters", "dl.jsonl",
                "--timeout", "PT20M"));

    assertThat(arguments.triggers()).isEqualTo(Path.of("knative/base"));
    assertThat(arguments.routes())
        .containsEntry("ingest", URI.create("http://127.0.0.1:8081"))
        .containsEntry("train", URI.create("http://127.0.0.1:8083/"));
    assertThat(arguments.deadLetters()).isEqualTo(Path.of("dl.jsonl"));
    assertThat(arguments.timeout()).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void badOptionsAreNamed() {
    assertThatThrownBy(() -> BrokerServerMain.Arguments.parse(List.of("--route", "ingest=x")))
        .hasMessageContaining("--route");
    assertThatThrownBy(() -> BrokerServerMain.Arguments.parse(List.of("--route", "ingest")))
        .hasMessageContaining("SERVICE=URL");
    assertThatThrownBy(() -> BrokerServerMain.Arguments.parse(List.of()))
        .hasMessageContaining("--triggers");
    assertThatThrownBy(() -> BrokerServerMain.Arguments.parse(List.of("--port", "1")))
        .hasMessageContaining("unknown option --port");
    assertThatThrownBy(() -> BrokerServerMain.Arguments.parse(List.of("--triggers")))
        .hasMessageContaining("needs a value");
  }

  @Test
  void theBrokerIsTheOneTheTriggersNameUnlessChosen() {
    BrokerServerMain.Arguments arguments =
        BrokerServerMain.Arguments.parse(List.of("--triggers", "t.yaml"));
    Trigger spamflow = trigger("a", "spamflow");

    assertThat(arguments.brokerFor(List.of(spamflow))).isEqualTo("spamflow");
    assertThatThrownBy(() -> arguments.brokerFor(List.of(spamflow, trigger("b", "default"))))
        .hasMessageContaining("--broker");
    assertThat(
            BrokerServerMain.Arguments.parse(List.of("--triggers", "t.yaml", "--broker", "default"))
                .brokerFor(List.of(spamflow, trigger("b", "default"))))
        .isEqualTo("default");
  }

  private static Trigger trigger(String name, String broker) {
    return new Trigger(
        name,
        broker,
        EventFilter.MATCH_ALL,
        "ingest",
        new DeliverySpec(0, DeliverySpec.BackoffPolicy.LINEAR, Duration.ZERO, Optional.empty()));
  }
}
