package dev.spamflow.inference.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spamflow.inference.EmbeddedServiceTest;
import dev.spamflow.inference.TestBundles;
import dev.spamflow.inference.TestHttp;
import dev.spamflow.inference.TestTexts;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's baselines answer what the benchmark assumes: the empty endpoint a constant, the
 * model-only endpoint the same spam probability as {@code POST /api/predict}.
 */
@MicronautTest
class BenchEndpointsTest extends EmbeddedServiceTest {

  @Override
  protected Map<String, String> extraProperties() {
    return Map.of(
        "spamflow.bench.empty-endpoint", "true", "spamflow.inference.poll-interval", "100ms");
  }

  @Test
  void theBaselinesTakeThePredictRequest() {
    register(TestBundles.saved(root.resolve("v1")));
    TestHttp http = http();
    http.awaitReady(Duration.ofSeconds(30));

    for (String text : new String[] {TestTexts.spam(), "Ok lar... Joking wif u oni..."}) {
      String body = TestHttp.write(Map.of("text", text));
      JsonNode predicted = TestHttp.json(http.post("/api/predict", body));
      HttpResponse<String> model = http.post("/bench/model", body);
      HttpResponse<String> empty = http.post("/bench/empty", body);

      assertThat(model.statusCode()).isEqualTo(200);
      assertThat(TestHttp.json(model).get("spamProbability").asDouble())
          .isEqualTo(predicted.get("spamProbability").asDouble());
      assertThat(empty.statusCode()).isEqualTo(200);
      assertThat(empty.body()).isEqualTo("{\"status\":\"UP\"}");
    }
  }

  @Test
  void theModelEndpointRefusesABodyWithoutText() {
    register(TestBundles.saved(root.resolve("v2")));
    TestHttp http = http();
    http.awaitReady(Duration.ofSeconds(30));

    assertThat(http.post("/bench/model", "{\"texts\": [\"hi\"]}").statusCode()).isEqualTo(422);
  }
}
