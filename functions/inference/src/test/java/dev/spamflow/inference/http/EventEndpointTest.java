package dev.spamflow.inference.http;

import static dev.spamflow.inference.TestHttp.assertError;

import dev.spamflow.inference.EmbeddedServiceTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bodies the CloudEvents endpoint must refuse with 400, not fail on with 500 (a 5xx makes the
 * broker retry the same bad event). Both were found by {@link OpenApiConformanceIT}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventEndpointTest extends EmbeddedServiceTest {
  private static final Map<String, String> STRUCTURED =
      Map.of("Content-Type", "application/cloudevents+json");

  @Override
  protected Map<String, String> extraProperties() {
    return Map.of("spamflow.inference.poll-interval", "0s");
  }

  @Test
  void aPromotionWhoseDataIsNullIsRefused() {
    String event =
        "{\"specversion\": \"1.0\", \"id\": \"0\", \"source\": \"/spamflow/register\","
            + " \"type\": \"dev.spamflow.model.promoted\","
            + " \"datacontenttype\": \"application/json\", \"data\": null}";
    assertError(http().post("/", event, STRUCTURED), 400, "invalid_event_data");
  }

  @Test
  void aStructuredBodyThatIsNotJsonIsRefused() {
    assertError(http().post("/", "\u0000{}", STRUCTURED), 400, "not_a_cloudevent");
    assertError(http().post("/", "null", STRUCTURED), 400, "not_a_cloudevent");
    assertError(http().post("/", "[]", STRUCTURED), 400, "not_a_cloudevent");
  }
}
