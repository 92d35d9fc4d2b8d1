package dev.spamflow.inference.http;

import static dev.spamflow.inference.TestHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.inference.EmbeddedServiceTest;
import dev.spamflow.inference.TestBundles;
import dev.spamflow.inference.TestHttp;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Without a feedback token the service takes no labels at all, whatever the caller sends. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedbackDisabledTest extends EmbeddedServiceTest {

  private final Path bundle = TestBundles.saved(root.resolve("bundle"));

  @Override
  protected Map<String, String> extraProperties() {
    return Map.of("spamflow.inference.model-dir", bundle.toString());
  }

  @Test
  void answers403NamingTheSettingAndStoresNothing() {
    HttpResponse<String> response =
        http()
            .post(
                "/api/feedback",
                TestHttp.write(Map.of("text", "free entry", "label", "spam")),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer anything"));

    assertError(response, 403, "feedback_disabled");
    assertThat(TestHttp.json(response).get("error").asText()).contains("SPAMFLOW_FEEDBACK_TOKEN");
    assertThat(backends.store().list("feedback/")).isEmpty();
    // Predictions are unaffected.
    assertThat(http().post("/api/predict", TestHttp.write(Map.of("text", "hi"))).statusCode())
        .isIn(200, 503);
  }
}
