package dev.spamflow.inference.model;

import static dev.spamflow.inference.TestHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.inference.EmbeddedServiceTest;
import dev.spamflow.inference.TestBundles;
import dev.spamflow.inference.TestHttp;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fallback for a lost event: the registry's alias is polled, a moved alias is loaded without
 * any event, and a corrupt version found by polling is refused once, not retried every interval.
 * Also the CloudEvent endpoint's refusals of what is not a promotion.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AliasPollingTest extends EmbeddedServiceTest {

  @Override
  protected Map<String, String> extraProperties() {
    return Map.of("spamflow.inference.poll-interval", "100ms");
  }

  @Test
  @Order(1)
  void loadsTheChampionAndFollowsTheAliasWithoutEvents() {
    ModelVersion v1 = register(TestBundles.saved(root.resolve("v1")));
    http().awaitReady(Duration.ofSeconds(30));
    assertThat(servingVersion()).isEqualTo(Integer.toString(v1.version()));

    ModelVersion v2 = register(TestBundles.withThreshold(root.resolve("v2"), 0.6));

    awaitVersion(Integer.toString(v2.version()));
  }

  @Test
  @Order(2)
  void refusesACorruptVersionOnceAndKeepsServing() throws InterruptedException {
    String before = servingVersion();
    register(TestBundles.corrupt(root.resolve("corrupt")));

    // Many poll intervals: the refusal must be counted once, the old version must keep serving.
    Thread.sleep(1_000);

    assertThat(servingVersion()).isEqualTo(before);
    assertThat(http().get("/metrics").body())
        .contains("spamflow_model_refusals_total{reason=\"load_failed\",slot=\"champion\"} 1.0");
  }

  @Test
  @Order(3)
  void refusesOtherEventTypesWithAReason() {
    HttpResponse<String> response =
        http()
            .post(
                "/",
                "{}",
                Map.of(
                    "Content-Type", "application/json",
                    "ce-specversion", "1.0",
                    "ce-id", "x-1",
                    "ce-source", "/spamflow/ingest",
                    "ce-type", "dev.spamflow.dataset.ingested"));

    assertError(response, 400, "unsupported_event_type");
    assertThat(TestHttp.json(response).get("error").asText())
        .contains("dev.spamflow.model.promoted")
        .contains("dev.spamflow.dataset.ingested");
  }

  @Test
  @Order(4)
  void refusesWhatIsNotACloudEvent() {
    assertError(http().post("/", "{\"hello\": 1}"), 400, "not_a_cloudevent");
  }

  @Test
  @Order(5)
  void refusesPromotionsWithInvalidData() {
    HttpResponse<String> response =
        http()
            .post(
                "/",
                "{\"model\": \"spam-detector\"}",
                Map.of(
                    "Content-Type", "application/json",
                    "ce-specversion", "1.0",
                    "ce-id", "x-2",
                    "ce-source", "/spamflow/register",
                    "ce-type", "dev.spamflow.model.promoted"));

    assertError(response, 400, "invalid_event_data");
  }

  @Test
  @Order(6)
  void ignoresAliasesItDoesNotServe() {
    Map<String, Object> data = new HashMap<>(HotSwapTest.promotedData(1));
    data.put("alias", "staging");
    HttpResponse<String> response =
        http()
            .post(
                "/",
                TestHttp.write(data),
                Map.of(
                    "Content-Type", "application/json",
                    "ce-specversion", "1.0",
                    "ce-id", "x-3",
                    "ce-source", "/spamflow/register",
                    "ce-type", "dev.spamflow.model.promoted"));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("Spamflow-Outcome")).contains("ignored");
  }

  private void awaitVersion(String version) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (servingVersion().equals(version)) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("version " + version + " never served; serving " + servingVersion());
  }
}
