package dev.spamflow.inference.http;

import static dev.spamflow.inference.TestHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spamflow.core.port.FeatureRow;
import dev.spamflow.core.text.Features;
import dev.spamflow.core.text.TextFeatures;
import dev.spamflow.inference.EmbeddedServiceTest;
import dev.spamflow.inference.TestHttp;
import dev.spamflow.inference.features.MessageFeatures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /api/features}: a message curate has seen is read from the online store by id (the
 * embedded one here, where {@code spamflow up}'s curate writes it); a new text's features are
 * computed by the code curate uses, under the same id.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeaturesApiTest extends EmbeddedServiceTest {

  private static final String KNOWN = "URGENT! You have won a £1000 prize. Call 09061701461 now";
  private static final Instant CURATED = Instant.parse("2026-12-04T08:00:00Z");

  private TestHttp http;

  @BeforeAll
  void start() {
    http = http();
    // As curate writes it: the message's id, the curation time, TextFeatures' values.
    backends
        .features()
        .orElseThrow()
        .write(
            MessageFeatures.VIEW,
            List.of(
                new FeatureRow(
                    TextFeatures.messageId(KNOWN),
                    CURATED,
                    TextFeatures.features(KNOWN).values())));
  }

  @Test
  void aStoredMessageIsReadById() {
    HttpResponse<String> response = http.get("/api/features/" + TextFeatures.messageId(KNOWN));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = TestHttp.json(response);
    assertThat(body.get("source").asText()).isEqualTo("online-store");
    assertThat(body.get("eventTime").asText()).isEqualTo(CURATED.toString());
    assertFeatures(body.get("features"), TextFeatures.features(KNOWN));
  }

  @Test
  void aTextCurateHasSeenGetsItsStoredRowAndANewOneIsComputedTheSameWay() {
    JsonNode known =
        TestHttp.json(http.post("/api/features", TestHttp.write(Map.of("text", KNOWN))));
    assertThat(known.get("source").asText()).isEqualTo("online-store");
    assertThat(known.get("messageId").asText()).isEqualTo(TextFeatures.messageId(KNOWN));

    String fresh = "see you at the station at 6, bring the tickets";
    HttpResponse<String> response =
        http.post("/api/features", TestHttp.write(Map.of("text", fresh)));
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode computed = TestHttp.json(response);
    assertThat(computed.get("source").asText()).isEqualTo("computed");
    assertThat(computed.has("eventTime")).isFalse();
    assertThat(computed.get("messageId").asText()).isEqualTo(TextFeatures.messageId(fresh));
    assertFeatures(computed.get("features"), TextFeatures.features(fresh));
  }

  @Test
  void anUnknownOrMalformedIdIsNamed() {
    assertError(http.get("/api/features/" + "0".repeat(64)), 404, "unknown_message");
    assertError(http.get("/api/features/not-an-id"), 422, "invalid_message_id");
    assertError(http.post("/api/features", "{\"texts\": []}"), 422, "missing_text");
  }

  private static void assertFeatures(JsonNode json, Features expected) {
    assertThat(json.size()).isEqualTo(Features.NAMES.size());
    assertThat(json.get("text_length").asInt()).isEqualTo(expected.textLength());
    assertThat(json.get("word_count").asInt()).isEqualTo(expected.wordCount());
    assertThat(json.get("has_url").asBoolean()).isEqualTo(expected.hasUrl());
    assertThat(json.get("has_email").asBoolean()).isEqualTo(expected.hasEmail());
    assertThat(json.get("digit_share").asDouble()).isEqualTo(expected.digitShare());
    assertThat(json.get("upper_case_share").asDouble()).isEqualTo(expected.upperCaseShare());
    assertThat(json.get("has_currency").asBoolean()).isEqualTo(expected.hasCurrency());
  }
}
