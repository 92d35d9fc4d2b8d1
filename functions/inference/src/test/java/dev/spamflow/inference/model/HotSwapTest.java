package dev.spamflow.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.inference.EmbeddedServiceTest;
import dev.spamflow.inference.TestBundles;
import dev.spamflow.inference.TestHttp;
import dev.spamflow.inference.TestTexts;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The model lifecycle through the registry and promotion events: not ready without a champion,
 * swaps under concurrent load without a failed request, and a corrupt version refused while the old
 * one keeps serving. The methods build on each other, in order.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HotSwapTest extends EmbeddedServiceTest {

  @Override
  protected Map<String, String> extraProperties() {
    // Polling off: every swap here is caused by an event, so the test proves the event path.
    return Map.of("spamflow.inference.poll-interval", "0s");
  }

  // A new installation: the registry has no champion until the first training, and a readiness
  // probe that failed until then would make Knative give up on the Service's first revision. So
  // the service is ready, says there is no model, and refuses predictions with the reason.
  @Test
  @Order(1)
  void takesTrafficButRefusesPredictionsWhileTheRegistryHasNoChampion() {
    assertThat(http().get("/health/liveness").statusCode()).isEqualTo(200);
    // The watcher asks the registry once at start, in the background.
    HttpResponse<String> readiness = http().get("/health/readiness");
    for (int i = 0; i < 500 && readiness.statusCode() != 200; i++) {
      sleep(20);
      readiness = http().get("/health/readiness");
    }
    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(TestHttp.json(readiness).get("model").isNull()).isTrue();
    assertThat(TestHttp.json(readiness).get("detail").asText()).contains("no champion yet");
    assertThat(http().get("/v2/health/ready").statusCode()).isEqualTo(200);
    assertThat(http().get("/v2/models/spam-detector/ready").statusCode()).isEqualTo(503);
    HttpResponse<String> predict = http().post("/api/predict", "{\"text\": \"hello\"}");
    assertThat(predict.statusCode()).isEqualTo(503);
    assertThat(TestHttp.json(predict).get("error").asText())
        .contains("no model exists yet")
        .contains("upload a labelled dataset");
  }

  @Test
  @Order(2)
  void loadsTheFirstChampionOnPromotion() {
    ModelVersion v1 = register(TestBundles.saved(root.resolve("v1")));

    HttpResponse<String> response = promote(v1.version());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("Spamflow-Outcome")).contains("swapped");
    assertThat(response.body()).isEmpty();
    assertThat(servingVersion()).isEqualTo(Integer.toString(v1.version()));
    assertThat(promote(v1.version()).headers().firstValue("Spamflow-Outcome"))
        .contains("unchanged");
  }

  @Test
  @Order(3)
  void swapsUnderConcurrentLoadWithoutAFailedRequest() throws Exception {
    List<String> texts = TestTexts.sms(200);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger answered = new AtomicInteger();
    Set<String> failures = ConcurrentHashMap.newKeySet();
    Set<String> versionsSeen = ConcurrentHashMap.newKeySet();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> load =
          IntStream.range(0, 4)
              .<Future<?>>mapToObj(
                  c ->
                      clients.submit(
                          () -> {
                            TestHttp client = http();
                            for (int i = c; !stop.get(); i++) {
                              String text = texts.get(i % texts.size());
                              HttpResponse<String> r =
                                  client.post("/api/predict", TestHttp.write(Map.of("text", text)));
                              if (r.statusCode() != 200) {
                                failures.add(r.statusCode() + " " + r.body());
                              } else {
                                versionsSeen.add(
                                    TestHttp.json(r).get("model").get("version").asText());
                                answered.incrementAndGet();
                              }
                            }
                          }))
              .toList();
      // Alternate two more versions while the clients keep asking.
      for (int round = 0; round < 3; round++) {
        ModelVersion next =
            register(TestBundles.withThreshold(root.resolve("t" + round), 0.5 + round * 0.1));
        HttpResponse<String> response = promoteStructured(next.version());
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Spamflow-Outcome")).contains("swapped");
        Thread.sleep(150);
      }
      stop.set(true);
      for (Future<?> f : load) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      stop.set(true);
      clients.shutdownNow();
    }
    assertThat(failures).isEmpty();
    assertThat(answered.get()).isGreaterThan(100);
    // Requests were answered by more than one version: the swaps happened under load.
    assertThat(versionsSeen).hasSizeGreaterThan(1);
  }

  @Test
  @Order(4)
  void refusesACorruptVersionAndKeepsServing() {
    String before = servingVersion();
    ModelVersion corrupt = register(TestBundles.corrupt(root.resolve("corrupt")));

    HttpResponse<String> response = promote(corrupt.version());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("Spamflow-Outcome")).contains("refused");
    assertThat(response.headers().firstValue("Spamflow-Detail").orElse(""))
        .contains("checksum mismatch");
    assertThat(servingVersion()).isEqualTo(before);
    assertThat(http().post("/api/predict", "{\"text\": \"still there?\"}").statusCode())
        .isEqualTo(200);
    assertThat(http().get("/metrics").body())
        .contains("spamflow_model_refusals_total{reason=\"load_failed\",slot=\"champion\"} 1.0");
  }

  @Test
  @Order(5)
  void aStaleOrRepeatedPromotionCannotRollTheServiceBack() {
    ModelVersion latest = register(TestBundles.withThreshold(root.resolve("latest"), 0.7));
    assertThat(promote(latest.version()).headers().firstValue("Spamflow-Outcome"))
        .contains("swapped");

    // Version 1's promotion again, as a crash-recovery re-announcement or a late redelivery sends
    // it: the alias names the latest version, which keeps serving.
    HttpResponse<String> stale = promote(1);

    assertThat(stale.statusCode()).isEqualTo(202);
    assertThat(stale.headers().firstValue("Spamflow-Outcome")).contains("unchanged");
    assertThat(stale.headers().firstValue("Spamflow-Detail").orElse(""))
        .contains("the event names version 1, but champion is version " + latest.version());
    assertThat(servingVersion()).isEqualTo(Integer.toString(latest.version()));
  }

  private HttpResponse<String> promote(int version) {
    return promote(http(), version);
  }

  /** Sends {@code model.promoted} for {@code version} in binary mode, as Knative delivers it. */
  static HttpResponse<String> promote(TestHttp http, int version) {
    return http.post(
        "/",
        TestHttp.write(promotedData(version)),
        Map.of(
            "Content-Type", "application/json",
            "ce-specversion", "1.0",
            "ce-id", "test-" + version,
            "ce-source", "/spamflow/register",
            "ce-type", "dev.spamflow.model.promoted",
            "ce-subject", "spam-detector/" + version));
  }

  private HttpResponse<String> promoteStructured(int version) {
    Map<String, Object> event =
        Map.of(
            "specversion", "1.0",
            "id", "structured-" + version,
            "source", "/spamflow/register",
            "type", "dev.spamflow.model.promoted",
            "datacontenttype", "application/json",
            "data", promotedData(version));
    return http()
        .post("/", TestHttp.write(event), Map.of("Content-Type", "application/cloudevents+json"));
  }

  static Map<String, Object> promotedData(int version) {
    return Map.of(
        "model",
        "spam-detector",
        "version",
        Integer.toString(version),
        "alias",
        "champion",
        "runId",
        "run-" + version,
        "bundleUri",
        "models:/spam-detector/" + version,
        "metrics",
        Map.of("f1", 0.9));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
