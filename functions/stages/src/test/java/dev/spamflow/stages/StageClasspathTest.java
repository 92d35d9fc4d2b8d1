package dev.spamflow.stages;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What the stage images must not carry. */
class StageClasspathTest {

  @Test
  void theDevelopmentBrokerIsNotOnTheClasspath() {
    // devtools (the Knative broker emulation) is for spamflow up and tests; on a cluster Knative's
    // own Broker routes, so no stage image ships it.
    assertThatThrownBy(() -> Class.forName("dev.spamflow.devtools.broker.InProcessBroker"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
