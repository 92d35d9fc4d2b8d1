package dev.spamflow.inference.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.spamflow.inference.ServingSlots;
import dev.spamflow.inference.model.LoadedModel;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The benchmark's model-only endpoint: {@code POST /bench/model} takes the same request as {@code
 * POST /api/predict}, reads its text with a streaming parser and scores it with the champion
 * (tokenise, encode, forward pass) — and does nothing else: no prediction log, no metrics, no
 * canary, no model block in the answer. Between the empty endpoint and predict, it shows how much
 * of a prediction's cost is the model and how much the service's own work.
 *
 * <p>Like {@link EmptyEndpoint}: only on the classpath when {@code scripts/bench-inference} appends
 * {@code test-classes}, only active with {@code SPAMFLOW_BENCH_EMPTY_ENDPOINT=true}.
 */
@Controller("/bench")
@Requires(property = "spamflow.bench.empty-endpoint", value = "true")
final class ModelEndpoint {

  private static final JsonFactory JSON = new JsonFactory();

  private final ServingSlots slots;

  ModelEndpoint(ServingSlots slots) {
    this.slots = slots;
  }

  @Post("/model")
  @Consumes(MediaType.ALL)
  HttpResponse<byte[]> model(@Body byte @Nullable [] body) throws IOException {
    Optional<LoadedModel> champion = slots.champion().current();
    if (champion.isEmpty()) {
      return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE);
    }
    String text = body == null ? null : text(body);
    if (text == null) {
      return HttpResponse.status(HttpStatus.UNPROCESSABLE_ENTITY);
    }
    double probability = champion.get().predictor().spamProbability(text);
    return HttpResponse.ok(
            ("{\"spamProbability\":" + probability + "}").getBytes(StandardCharsets.UTF_8))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  /** The top-level {@code text} field, or null when there is none. */
  private static @Nullable String text(byte[] body) throws IOException {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        JsonToken value = parser.nextToken();
        if ("text".equals(parser.currentName()) && value == JsonToken.VALUE_STRING) {
          return parser.getText();
        }
        parser.skipChildren();
      }
      return null;
    }
  }
}
