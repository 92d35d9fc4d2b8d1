package dev.spamflow.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.inference.EmbeddedServiceTest;
import dev.spamflow.inference.TestBundles;
import dev.spamflow.inference.TestHttp;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** With the canary on, the challenger alias is loaded and answers its share of texts. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CanaryTest extends EmbeddedServiceTest {

  @Override
  protected Map<String, String> extraProperties() {
    // Every text to the challenger, so each answer shows which slot served it.
    return Map.of(
        "spamflow.inference.poll-interval", "100ms",
        "spamflow.inference.canary.percent", "100");
  }

  @Test
  void theChallengerAnswersItsShare() {
    TestBundles.register(
        backends.registry(), TestBundles.saved(root.resolve("v1")), Optional.of("champion"));
    ModelVersion challenger =
        TestBundles.register(
            backends.registry(),
            TestBundles.withThreshold(root.resolve("v2"), 0.5),
            Optional.of("challenger"));
    TestHttp http = new TestHttp(server.getURI());
    http.awaitReady(Duration.ofSeconds(30));

    http.awaitAnswerFrom(Integer.toString(challenger.version()), Duration.ofSeconds(30));

    assertThat(http.answeringVersion()).isEqualTo(Integer.toString(challenger.version()));
    assertThat(http.get("/metrics").body())
        .contains("slot=\"challenger\"")
        .contains("spamflow_canary_percent 100.0")
        .contains("spamflow_canary_rolled_back 0.0");
  }
}
