package dev.spamflow.inference.http;

import dev.spamflow.core.port.OnlineFeatureStoreException;
import dev.spamflow.inference.InferenceSettings;
import dev.spamflow.inference.features.MessageFeatures;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A message's features: {@code GET /api/features/{messageId}} reads what curate stored in the
 * online feature store, {@code POST /api/features} returns a text's (stored when curate has seen
 * the message, else computed by the same code). Store calls run on the blocking pool.
 */
@Controller("/api/features")
final class FeaturesController {

  static final String EXAMPLE = "{\"text\": \"WINNER! Claim your prize now\"}";
  private static final Pattern MESSAGE_ID = Pattern.compile("[0-9a-f]{64}");

  private final MessageFeatures features;
  private final InferenceSettings settings;

  FeaturesController(MessageFeatures features, InferenceSettings settings) {
    this.features = features;
    this.settings = settings;
  }

  @Get("/{messageId}")
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<byte[]> byId(@PathVariable String messageId) {
    if (!MESSAGE_ID.matcher(messageId).matches()) {
      throw ApiException.invalid(
          "invalid_message_id",
          "a message id is the 64 lower-case hex digits of SHA-256 (as curate and POST"
              + " /api/features give it)");
    }
    try {
      return features
          .byId(messageId)
          .map(answer -> Json.response(HttpStatus.OK, body(answer)))
          .orElseThrow(
              () ->
                  new ApiException(
                      HttpStatus.NOT_FOUND,
                      "unknown_message",
                      "no features stored for message "
                          + messageId
                          + "; POST /api/features with its text computes them"));
    } catch (MessageFeatures.UnavailableException e) {
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE, "features_unavailable", e.getMessage());
    } catch (OnlineFeatureStoreException e) {
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE, "feature_store_failed", e.getMessage());
    }
  }

  @Post
  @Consumes(MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<byte[]> forText(@Body byte @Nullable [] body) {
    Limits.checkBody(body, settings.maxBodyBytes());
    String text = Json.requiredTextField(body, "text", EXAMPLE);
    try {
      return Json.response(HttpStatus.OK, body(features.forText(text)));
    } catch (OnlineFeatureStoreException e) {
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE, "feature_store_failed", e.getMessage());
    }
  }

  private static Map<String, Object> body(MessageFeatures.Answer answer) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("messageId", answer.messageId());
    body.put("source", answer.source());
    answer.eventTime().ifPresent(time -> body.put("eventTime", time.toString()));
    body.put("features", answer.features());
    return body;
  }
}
