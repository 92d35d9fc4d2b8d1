package dev.spamflow.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.inference.EmbeddedServiceTest;
import dev.spamflow.inference.TestBundles;
import dev.spamflow.inference.TestHttp;
import dev.spamflow.inference.TestTexts;
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
  void theChallengerAnswersItsShare() throws InterruptedException {
    TestBundles.register(
        backends.registry(), TestBundles.saved(root.resolve("v1")), Optional.of("champion"));
    ModelVersion challenger =
        TestBundles.register(
            backends.registry(),
            TestBundles.withThreshold(root.resolve("v2"), 0.5),
            Optional.of("challenger"));
    TestHttp http = new TestHttp(server.getURI());
    http.awaitReady(Duration.ofSeconds(30));

    String version = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!version.equals(Integer.toString(challenger.version()))
        && System.nanoTime() < deadline) {
      JsonNode answer =
          TestHttp.json(
              http.post("/api/predict", TestHttp.write(Map.of("text", TestTexts.spam()))));
      version = answer.get("model").get("version").asText();
      Thread.sleep(50);
    }

    assertThat(version).isEqualTo(Integer.toString(challenger.version()));
    assertThat(http.get("/metrics").body())
        .contains("slot=\"challenger\"")
        .contains("spamflow_canary_percent 100.0")
        .contains("spamflow_canary_rolled_back 0.0");
  }
}
