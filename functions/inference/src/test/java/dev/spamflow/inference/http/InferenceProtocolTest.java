package dev.spamflow.inference.http;

import static dev.spamflow.inference.TestHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spamflow.inference.EmbeddedServiceTest;
import dev.spamflow.inference.TestBundles;
import dev.spamflow.inference.TestHttp;
import dev.spamflow.inference.TestTexts;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The Open Inference Protocol v2 endpoints over HTTP, on the saved bundle. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InferenceProtocolTest extends EmbeddedServiceTest {

  private TestHttp http;

  @Override
  protected Map<String, String> extraProperties() {
    return Map.of(
        "spamflow.inference.model-dir", TestBundles.saved(root.resolve("bundle")).toString());
  }

  @BeforeAll
  void ready() {
    http = http();
    http.awaitReady(Duration.ofSeconds(30));
  }

  @Test
  void answersHealthAndModelReadiness() {
    assertThat(http.get("/v2/health/live").statusCode()).isEqualTo(200);
    assertThat(http.get("/v2/health/ready").statusCode()).isEqualTo(200);
    assertThat(http.get("/v2/models/spam-detector/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void describesTheModel() {
    JsonNode metadata = TestHttp.json(http.get("/v2/models/spam-detector"));

    assertThat(metadata.get("name").asText()).isEqualTo("spam-detector");
    assertThat(metadata.get("versions").get(0).asText()).startsWith("bundle-");
    assertThat(metadata.get("inputs").get(0).get("datatype").asText()).isEqualTo("BYTES");
    assertThat(metadata.get("outputs"))
        .extracting(o -> o.get("name").asText() + ":" + o.get("datatype").asText())
        .containsExactly("spam_probability:FP32", "label:BYTES");
  }

  @Test
  void infersABytesTensor() {
    List<String> texts = List.of(TestTexts.spam(), TestTexts.sms(1).getFirst());
    String request =
        TestHttp.write(
            Map.of(
                "id",
                "req-1",
                "inputs",
                List.of(
                    Map.of(
                        "name", "text", "shape", List.of(2), "datatype", "BYTES", "data", texts))));

    HttpResponse<String> response = http.post("/v2/models/spam-detector/infer", request);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = TestHttp.json(response);
    assertThat(body.get("model_name").asText()).isEqualTo("spam-detector");
    assertThat(body.get("id").asText()).isEqualTo("req-1");
    JsonNode probability = body.get("outputs").get(0);
    assertThat(probability.get("name").asText()).isEqualTo("spam_probability");
    assertThat(probability.get("datatype").asText()).isEqualTo("FP32");
    assertThat(probability.get("shape").get(0).asInt()).isEqualTo(2);
    JsonNode labels = body.get("outputs").get(1);
    assertThat(labels.get("datatype").asText()).isEqualTo("BYTES");
    assertThat(labels.get("data").get(0).asText()).isEqualTo("spam");
    assertThat(labels.get("data").get(1).asText()).isEqualTo("ham");
  }

  @Test
  void refusesInvalidTensors() {
    assertError(http.post("/v2/models/spam-detector/infer", "{\"inputs\":"), 400, "malformed_json");
    assertError(http.post("/v2/models/spam-detector/infer", "{}"), 422, "invalid_inputs");
    String wrongType =
        "{\"inputs\":[{\"name\":\"text\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1.0]}]}";
    assertError(http.post("/v2/models/spam-detector/infer", wrongType), 422, "invalid_inputs");
    String wrongShape =
        "{\"inputs\":[{\"name\":\"text\",\"shape\":[3],\"datatype\":\"BYTES\",\"data\":[\"a\"]}]}";
    assertError(http.post("/v2/models/spam-detector/infer", wrongShape), 422, "invalid_inputs");
    String blank =
        "{\"inputs\":[{\"name\":\"text\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\" \"]}]}";
    assertError(http.post("/v2/models/spam-detector/infer", blank), 422, "blank_text");
  }
}
