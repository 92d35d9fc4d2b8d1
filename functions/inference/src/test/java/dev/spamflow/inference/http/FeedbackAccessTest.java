package dev.spamflow.inference.http;

import static dev.spamflow.inference.TestHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.inference.EmbeddedServiceTest;
import dev.spamflow.inference.TestBundles;
import dev.spamflow.inference.TestHttp;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Feedback changes what the next model learns, so {@code /api/feedback} is guarded: only callers
 * with the token (here read from a file, as from a Kubernetes secret volume) are heard, a wrong
 * token is answered before the body is read, and each replica takes at most its hourly cap.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedbackAccessTest extends EmbeddedServiceTest {

  private static final String TOKEN = "a-token-from-a-secret-volume";
  private static final int CAP = 2;
  private static final String BODY = TestHttp.write(Map.of("text", "lunch at 1?", "label", "ham"));

  private final Path bundle = TestBundles.saved(root.resolve("bundle"));
  private TestHttp http;

  @Override
  protected Map<String, String> extraProperties() {
    Path tokenFile = root.resolve("feedback-token");
    try {
      Files.writeString(tokenFile, TOKEN + "\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return Map.of(
        "spamflow.inference.model-dir", bundle.toString(),
        "spamflow.inference.feedback.token-file", tokenFile.toString(),
        "spamflow.inference.feedback.max-per-hour", Integer.toString(CAP));
  }

  @BeforeAll
  void start() {
    http = http();
  }

  @Test
  void refusesCallersWithoutTheTokenAndStoresNothing() {
    int before = backends.store().list("feedback/").size();
    HttpResponse<String> none = http.post("/api/feedback", BODY);
    assertError(none, 401, "unauthorised");
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertError(post(BODY, "Bearer not-the-token"), 401, "unauthorised");
    assertError(post(BODY, "Basic " + TOKEN), 401, "unauthorised");
    // Checked before the body: a stranger learns nothing about what a valid report looks like.
    assertError(post("nope", "Bearer wrong"), 401, "unauthorised");
    assertThat(backends.store().list("feedback/")).hasSize(before);
  }

  @Test
  void takesAtMostTheHourlyCapAndSaysWhenToComeBack() {
    int before = backends.store().list("feedback/").size();
    // An invalid report uses none of the cap.
    assertError(
        post("{\"text\": \"x\", \"label\": \"maybe\"}", "Bearer " + TOKEN), 422, "invalid_label");
    for (int i = 0; i < CAP; i++) {
      assertThat(post(BODY, "Bearer " + TOKEN).statusCode()).isEqualTo(202);
    }
    HttpResponse<String> over = post(BODY, "bearer " + TOKEN);

    assertError(over, 429, "feedback_cap");
    long retryAfter = Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 3600L);
    assertThat(backends.store().list("feedback/")).hasSize(before + CAP);
  }

  private HttpResponse<String> post(String body, String authorization) {
    return http.post(
        "/api/feedback",
        body,
        Map.of("Content-Type", "application/json", "Authorization", authorization));
  }
}
