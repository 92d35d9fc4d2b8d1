package dev.spamflow.inference.http;

import dev.spamflow.events.EventDataException;
import dev.spamflow.events.EventTypes;
import dev.spamflow.events.ModelPromoted;
import dev.spamflow.events.SpamflowEvents;
import dev.spamflow.inference.model.ModelWatcher;
import dev.spamflow.inference.model.ModelWatcher.PromotionOutcome;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives {@value EventTypes#MODEL_PROMOTED} CloudEvents from the broker, in binary ({@code ce-*}
 * headers) or structured ({@code application/cloudevents+json}) mode, and swaps the promoted model
 * in. The answer is 202 with an empty body (a Knative subscriber's non-empty reply must itself be a
 * CloudEvent); what happened is in the {@value #OUTCOME_HEADER} and {@value #DETAIL_HEADER}
 * headers. A load that is refused is still 202: the broker's retries would only be refused again,
 * and the alias poll picks up a later fix.
 */
@Controller
final class EventController {

  static final String OUTCOME_HEADER = "Spamflow-Outcome";
  static final String DETAIL_HEADER = "Spamflow-Detail";

  private static final Logger LOG = LoggerFactory.getLogger(EventController.class);

  private final ModelWatcher watcher;

  EventController(ModelWatcher watcher) {
    this.watcher = watcher;
  }

  // Loading a model reads the registry and the disk: off the event loop.
  @Post
  @Consumes(MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<?> receive(HttpRequest<?> request, @Body byte @Nullable [] body) {
    CloudEvent event = read(request, body == null ? new byte[0] : body);
    if (!EventTypes.MODEL_PROMOTED.equals(event.getType())) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "unsupported_event_type",
          "this service takes only "
              + EventTypes.MODEL_PROMOTED
              + " events, not "
              + event.getType()
              + "; route only that type here with a Trigger filter");
    }
    ModelPromoted promoted;
    try {
      promoted = SpamflowEvents.read(event, ModelPromoted.class);
    } catch (EventDataException e) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_event_data", e.getMessage());
    }
    PromotionOutcome outcome =
        watcher.promoted(promoted.model(), promoted.version(), promoted.alias());
    LOG.info(
        "event {} ({} version {} is {}): {} - {}",
        event.getId(),
        promoted.model(),
        promoted.version(),
        promoted.alias(),
        outcome.result(),
        outcome.detail());
    if (outcome.result() == PromotionOutcome.Result.INVALID) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_event_data", outcome.detail());
    }
    return HttpResponse.status(HttpStatus.ACCEPTED)
        .header(OUTCOME_HEADER, outcome.result().name().toLowerCase(Locale.ROOT))
        .header(DETAIL_HEADER, headerSafe(outcome.detail()));
  }

  private static CloudEvent read(HttpRequest<?> request, byte[] body) {
    try {
      return HttpMessageFactory.createReader(
              (BiConsumer<String, String> put) -> {
                for (Map.Entry<String, List<String>> header : request.getHeaders()) {
                  if (!header.getValue().isEmpty()) {
                    put.accept(header.getKey(), header.getValue().getFirst());
                  }
                }
              },
              body)
          .toEvent();
    } catch (RuntimeException e) {
      // Only the SDK's reader runs here, so whatever it throws is about the request: its own
      // CloudEventRWException, and also a JsonParseException wrapped in an
      // EventDeserializationException, or a NullPointerException for a structured body of
      // "null" (both found by OpenApiConformanceIT). A 5xx would have the broker retry a bad event.
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "not_a_cloudevent",
          "the request is not a CloudEvent ("
              + e.getMessage()
              + "); send ce-specversion, ce-id, ce-source and ce-type headers with the data as the"
              + " body, or a structured event with Content-Type: application/cloudevents+json");
    }
  }

  /** Keeps a header value to printable ASCII, so any detail text can travel. */
  private static String headerSafe(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length() && out.length() < 500; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return out.toString();
  }
}
