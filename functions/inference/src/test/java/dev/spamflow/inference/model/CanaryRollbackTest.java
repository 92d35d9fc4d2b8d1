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

/**
 * A rolled-back challenger stops answering, and the next version the challenger alias points to
 * gets a trial of its own without a restart.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CanaryRollbackTest extends EmbeddedServiceTest {

  @Override
  protected Map<String, String> extraProperties() {
    // Every text to the challenger, and a latency limit no request meets: each challenger version
    // is rolled back after its first five requests.
    return Map.of(
        "spamflow.inference.poll-interval", "100ms",
        "spamflow.inference.canary.percent", "100",
        "spamflow.inference.canary.max-p99-latency", "PT0.000000001S",
        "spamflow.inference.canary.min-samples", "5");
  }

  @Test
  void aRolledBackChallengerIsReplacedByTheNextVersionOfItsAlias() {
    ModelVersion champion =
        TestBundles.register(
            backends.registry(), TestBundles.saved(root.resolve("v1")), Optional.of("champion"));
    ModelVersion first =
        TestBundles.register(
            backends.registry(),
            TestBundles.withThreshold(root.resolve("v2"), 0.5),
            Optional.of("challenger"));
    TestHttp http = new TestHttp(server.getURI());
    http.awaitReady(Duration.ofSeconds(30));

    http.awaitAnswerFrom(Integer.toString(first.version()), Duration.ofSeconds(30));
    // Its fifth request breaks the limit; from then on the champion answers everything.
    http.awaitAnswerFrom(Integer.toString(champion.version()), Duration.ofSeconds(30));
    assertThat(http.answeringVersion()).isEqualTo(Integer.toString(champion.version()));
    assertThat(http.get("/metrics").body()).contains("spamflow_canary_rolled_back 1.0");

    ModelVersion second =
        TestBundles.register(
            backends.registry(),
            TestBundles.withThreshold(root.resolve("v3"), 0.6),
            Optional.of("challenger"));

    http.awaitAnswerFrom(Integer.toString(second.version()), Duration.ofSeconds(30));
  }
}
