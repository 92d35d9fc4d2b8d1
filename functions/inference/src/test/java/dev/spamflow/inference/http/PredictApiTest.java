package dev.spamflow.inference.http;

import static dev.spamflow.inference.TestHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.text.Features;
import dev.spamflow.core.text.TextFeatures;
import dev.spamflow.inference.EmbeddedServiceTest;
import dev.spamflow.inference.TestBundles;
import dev.spamflow.inference.TestHttp;
import dev.spamflow.inference.TestTexts;
import dev.spamflow.inference.log.LoggedObjects;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The spamflow JSON API over HTTP, on the saved bundle: every endpoint and every error answer. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PredictApiTest extends EmbeddedServiceTest {

  private static final int BATCH_LIMIT = 5;

  private static final String TOKEN = "predict-api-feedback-token";

  private final Path bundle = TestBundles.saved(root.resolve("bundle"));

  private TestHttp http;

  @Override
  protected Map<String, String> extraProperties() {
    return Map.of(
        "spamflow.inference.model-dir", bundle.toString(),
        "spamflow.inference.batch-limit", Integer.toString(BATCH_LIMIT),
        "spamflow.inference.feedback.token", TOKEN);
  }

  @BeforeAll
  void ready() {
    http = http();
    http.awaitReady(Duration.ofSeconds(30));
  }

  @Test
  void predictsOneText() {
    HttpResponse<String> response =
        http.post("/api/predict", TestHttp.write(Map.of("text", TestTexts.spam())));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = TestHttp.json(response);
    assertThat(body.get("prediction").asText()).isEqualTo("spam");
    assertThat(body.get("spamProbability").asDouble()).isBetween(0.0, 1.0);
    assertThat(body.get("confidence").asDouble()).isEqualTo(body.get("spamProbability").asDouble());
    assertThat(body.get("model").get("name").asText()).isEqualTo("spam-detector");
    assertThat(body.get("model").get("version").asText()).startsWith("bundle-");
    assertThat(body.has("explanation")).isFalse();
  }

  @Test
  void explainsWithTheTokensThatMovedTheScore() {
    HttpResponse<String> response =
        http.post("/api/predict?explain=true", TestHttp.write(Map.of("text", TestTexts.spam())));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode explanation = TestHttp.json(response).get("explanation");
    assertThat(explanation).hasSize(5);
    double previous = Double.MAX_VALUE;
    for (JsonNode token : explanation) {
      assertThat(token.get("token").asText()).isNotBlank();
      double effect = Math.abs(token.get("effect").asDouble());
      // Largest effect first: the first entries are what moved the score most.
      assertThat(effect).isLessThanOrEqualTo(previous);
      previous = effect;
    }
  }

  @Test
  void predictsABatchInOrder() {
    List<String> texts = TestTexts.sms(BATCH_LIMIT);
    HttpResponse<String> response =
        http.post("/api/predict/batch", TestHttp.write(Map.of("texts", texts)));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode predictions = TestHttp.json(response).get("predictions");
    assertThat(predictions).hasSize(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      JsonNode single =
          TestHttp.json(http.post("/api/predict", TestHttp.write(Map.of("text", texts.get(i)))));
      assertThat(predictions.get(i).get("spamProbability").asDouble())
          .isEqualTo(single.get("spamProbability").asDouble());
    }
  }

  @Test
  void logsEachPredictionWithTheFeaturesOfTheTextItScored() throws InterruptedException {
    // A text no other test sends, with a link, an address, a price and capitals in it.
    String text = "URGENT Mr Lee!! Claim £250 at www.example.co.uk or mail win@prize.com 4 it";
    HttpResponse<String> response = http.post("/api/predict", TestHttp.write(Map.of("text", text)));
    assertThat(response.statusCode()).isEqualTo(200);

    JsonNode line = awaitLoggedLine(text, Duration.ofSeconds(30));

    TextFeatures.Analysis analysis = TextFeatures.analyse(text);
    Features features = analysis.features();
    assertThat(line.get("spam_probability").asDouble())
        .isEqualTo(TestHttp.json(response).get("spamProbability").asDouble());
    assertThat(line.get("token_count").asInt()).isEqualTo(analysis.tokens().size());
    assertThat(line.get("text_length").asInt()).isEqualTo(features.textLength());
    assertThat(line.get("word_count").asInt()).isEqualTo(features.wordCount());
    assertThat(line.get("has_url").asBoolean()).isTrue().isEqualTo(features.hasUrl());
    assertThat(line.get("has_email").asBoolean()).isTrue().isEqualTo(features.hasEmail());
    assertThat(line.get("has_currency").asBoolean()).isTrue().isEqualTo(features.hasCurrency());
    assertThat(line.get("digit_share").asDouble()).isEqualTo(features.digitShare());
    assertThat(line.get("upper_case_share").asDouble()).isEqualTo(features.upperCaseShare());
  }

  /** Waits for the prediction log's batch (cut at the latest after its maximum delay, 10 s). */
  private JsonNode awaitLoggedLine(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode line : LoggedObjects.lines(backends.store())) {
        if (line.get("text").asText().equals(text)) {
          return line;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no line for the text under predictions/ after " + timeout);
  }

  @Test
  void storesFeedbackUnderFeedback() {
    HttpResponse<String> response =
        feedback(TestHttp.write(Map.of("text", "see you at the gym", "label", "ham")));

    assertThat(response.statusCode()).isEqualTo(202);
    String key = TestHttp.json(response).get("stored").asText();
    assertThat(key).startsWith("feedback/date=").endsWith(".json");
    ObjectStore store = backends.store();
    assertThat(store.list("feedback/")).extracting(ObjectInfo::key).contains(key);
    assertThat(new String(store.getBytes(key), StandardCharsets.UTF_8))
        .contains("\"label\":\"ham\"")
        .contains("see you at the gym");
  }

  @Test
  void refusesABodyOver64KiB() {
    String huge = TestHttp.write(Map.of("text", "x".repeat(70 * 1024)));

    assertError(http.post("/api/predict", huge), 413, "body_too_large");
    // Without a Content-Length the limit holds too: the server counts while it reads.
    assertError(http.postChunked("/api/predict", huge), 413, "body_too_large");
  }

  @Test
  void refusesMalformedJson() {
    assertError(http.post("/api/predict", "{\"text\": \"unterminated"), 400, "malformed_json");
    assertError(http.post("/api/predict", "{\"text\": \"a\"} trailing"), 400, "malformed_json");
    assertError(http.post("/api/predict", ""), 400, "malformed_json");
    assertError(http.post("/api/predict/batch", "[1,"), 400, "malformed_json");
    assertError(feedback("nope"), 400, "malformed_json");
  }

  @Test
  void refusesMissingOrBlankText() {
    assertError(http.post("/api/predict", "{}"), 422, "missing_text");
    assertError(http.post("/api/predict", "{\"text\": null}"), 422, "missing_text");
    assertError(http.post("/api/predict", "{\"text\": \"   \"}"), 422, "blank_text");
    assertError(http.post("/api/predict", "{\"text\": 42}"), 422, "invalid_text");
    assertError(http.post("/api/predict", "[\"text\"]"), 422, "missing_text");
    assertError(http.post("/api/predict/batch", "{}"), 422, "missing_texts");
    assertError(http.post("/api/predict/batch", "{\"texts\": []}"), 422, "missing_texts");
    assertError(http.post("/api/predict/batch", "{\"texts\": [\"ok\", \" \"]}"), 422, "blank_text");
    assertError(feedback("{\"text\": \"hi\", \"label\": \"maybe\"}"), 422, "invalid_label");
    assertError(feedback("{\"label\": \"spam\"}"), 422, "missing_text");
  }

  @Test
  void refusesABatchOverTheLimit() {
    List<String> texts = IntStream.range(0, BATCH_LIMIT + 1).mapToObj(i -> "text " + i).toList();

    HttpResponse<String> response =
        http.post("/api/predict/batch", TestHttp.write(Map.of("texts", texts)));

    assertError(response, 413, "batch_too_large");
    assertThat(TestHttp.json(response).get("error").asText()).contains("at most " + BATCH_LIMIT);
  }

  @Test
  void answersUnknownRoutesWith404Json() {
    assertError(http.get("/api/nothing-here"), 404, "not_found");
    assertError(http.post("/v2/models/other-model/infer", "{}"), 404, "not_found");
  }

  @Test
  void refusesAnInvalidExplainFlag() {
    assertError(
        http.post("/api/predict?explain=maybe", "{\"text\": \"hi\"}"), 400, "invalid_parameter");
  }

  @Test
  void servesTheProbes() {
    assertThat(http.get("/health/liveness").statusCode()).isEqualTo(200);
    HttpResponse<String> readiness = http.get("/health/readiness");
    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(TestHttp.json(readiness).get("status").asText()).isEqualTo("UP");
  }

  @Test
  void servesPrometheusMetrics() {
    http.post("/api/predict", TestHttp.write(Map.of("text", TestTexts.spam())));
    http.post("/api/predict", "{}");

    HttpResponse<String> response = http.get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(response.body())
        .contains("spamflow_http_requests_seconds_bucket{")
        .contains("route=\"/api/predict\",status=\"422\"")
        .contains("spamflow_http_latency_seconds{route=\"/api/predict\",quantile=\"0.99\"}")
        .contains("spamflow_predictions_total{label=\"spam\",slot=\"champion\"}")
        .contains("spamflow_errors_total{kind=\"missing_text\"}")
        .contains("spamflow_model_info{model=\"spam-detector\",slot=\"champion\",version=\"bundle-")
        .contains("spamflow_model_load_seconds_count{slot=\"champion\"} 1")
        .contains("spamflow_model_swaps_total{slot=\"champion\"} 1.0")
        // A champion serves, so its alias is set.
        .contains("spamflow_model_alias_unset{slot=\"champion\"} 0.0")
        .contains("spamflow_prediction_log_dropped_total")
        .contains("spamflow_prediction_log_written_total")
        .contains("spamflow_prediction_log_failures_total")
        .contains("spamflow_prediction_log_lost_total");
  }

  @Test
  void servesTheOpenApiDocument() {
    HttpResponse<String> response = http.get("/openapi.yaml");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("openapi: 3.").contains("/api/predict:");
  }

  private HttpResponse<String> feedback(String body) {
    return http.post(
        "/api/feedback",
        body,
        Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN));
  }
}
