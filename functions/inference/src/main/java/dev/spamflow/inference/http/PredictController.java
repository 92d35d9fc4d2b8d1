package dev.spamflow.inference.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spamflow.core.data.Label;
import dev.spamflow.inference.InferenceSettings;
import dev.spamflow.inference.feedback.FeedbackGate;
import dev.spamflow.inference.feedback.FeedbackStore;
import dev.spamflow.inference.model.LoadedModel;
import dev.spamflow.inference.predict.Answer;
import dev.spamflow.inference.predict.PredictionService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The spamflow JSON API: predict one text, a batch, and take feedback. A single prediction runs on
 * the event loop (a forward pass is far below a millisecond, so a thread hop would cost more than
 * it saves); batches and feedback (a store write) run on the blocking pool.
 */
@Controller("/api")
final class PredictController {

  static final String PREDICT_EXAMPLE = "{\"text\": \"WINNER! Claim your prize now\"}";
  static final String BATCH_EXAMPLE = "{\"texts\": [\"see you at 6\", \"WINNER! Claim now\"]}";
  static final String FEEDBACK_EXAMPLE = "{\"text\": \"see you at 6\", \"label\": \"ham\"}";

  private final PredictionService predictions;
  private final FeedbackStore feedback;
  private final FeedbackGate feedbackGate;
  private final InferenceSettings settings;

  PredictController(
      PredictionService predictions,
      FeedbackStore feedback,
      FeedbackGate feedbackGate,
      InferenceSettings settings) {
    this.predictions = predictions;
    this.feedback = feedback;
    this.feedbackGate = feedbackGate;
    this.settings = settings;
  }

  @Post("/predict")
  @Consumes(MediaType.ALL)
  HttpResponse<byte[]> predict(
      @Body byte @Nullable [] body, @Nullable @QueryValue("explain") String explain) {
    boolean explained = flag(explain);
    Limits.checkBody(body, settings.maxBodyBytes());
    String text = Json.requiredTextField(body, "text", PREDICT_EXAMPLE);
    Answer answer = predictions.predict(text, explained);
    return explained
        ? Json.response(HttpStatus.OK, Bodies.answer(answer, true))
        : Json.bytes(HttpStatus.OK, Bodies.answerJson(answer));
  }

  // A full batch is a thousand forward passes: off the event loop, so single predictions on the
  // same connection loop are not held up behind it.
  @Post("/predict/batch")
  @Consumes(MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<byte[]> batch(@Body byte @Nullable [] body) {
    Limits.checkBody(body, settings.maxBodyBytes());
    JsonNode json = Json.parse(body, BATCH_EXAMPLE);
    JsonNode texts = json.isObject() ? json.get("texts") : null;
    if (texts == null || texts.isNull()) {
      throw ApiException.invalid(
          "missing_texts", "field 'texts' is required; send e.g. " + BATCH_EXAMPLE);
    }
    if (!texts.isArray()) {
      throw ApiException.invalid(
          "invalid_texts", "field 'texts' must be an array of strings; send e.g. " + BATCH_EXAMPLE);
    }
    if (texts.isEmpty()) {
      throw ApiException.invalid(
          "missing_texts", "field 'texts' must hold at least one text; send e.g. " + BATCH_EXAMPLE);
    }
    Limits.checkBatch(texts.size(), settings.batchLimit());
    List<Answer> answers =
        predictions.predictAll(Json.texts(texts, "field 'texts'", BATCH_EXAMPLE));
    List<Map<String, Object>> items = new ArrayList<>(answers.size());
    for (Answer answer : answers) {
      items.add(Bodies.answer(answer, false));
    }
    return Json.response(HttpStatus.OK, Map.of("predictions", items));
  }

  @Post("/feedback")
  @Consumes(MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<byte[]> feedback(
      @Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization,
      @Body byte @Nullable [] body) {
    switch (feedbackGate.authorise(authorization)) {
      case DISABLED ->
          throw new ApiException(
              HttpStatus.FORBIDDEN,
              "feedback_disabled",
              "this service takes no feedback: it starts taking labels once"
                  + " SPAMFLOW_FEEDBACK_TOKEN (or SPAMFLOW_FEEDBACK_TOKEN_FILE) is set, from"
                  + " callers sending Authorization: Bearer <that token>");
      case UNAUTHORISED ->
          throw new ApiException(
                  HttpStatus.UNAUTHORIZED,
                  "unauthorised",
                  "feedback changes what the model learns: send Authorization: Bearer <the"
                      + " feedback token>")
              .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
      default -> {}
    }
    Limits.checkBody(body, settings.maxBodyBytes());
    JsonNode json = Json.parse(body, FEEDBACK_EXAMPLE);
    String text = Json.requiredText(json, "text", FEEDBACK_EXAMPLE);
    String rawLabel = Json.requiredText(json, "label", FEEDBACK_EXAMPLE);
    Label label =
        switch (rawLabel) {
          case "spam" -> Label.SPAM;
          case "ham" -> Label.HAM;
          default ->
              throw ApiException.invalid(
                  "invalid_label",
                  "field 'label' must be \"spam\" or \"ham\", not \""
                      + rawLabel
                      + "\"; send e.g. "
                      + FEEDBACK_EXAMPLE);
        };
    if (feedbackGate.take() == FeedbackGate.Verdict.OVER_CAP) {
      throw new ApiException(
              HttpStatus.TOO_MANY_REQUESTS,
              "feedback_cap",
              "this replica has taken its "
                  + feedbackGate.maxPerHour()
                  + " feedback reports for this hour; try again later")
          .withHeader(
              HttpHeaders.RETRY_AFTER, Long.toString(feedbackGate.untilNextHour().toSeconds()));
    }
    Optional<LoadedModel> serving = predictions.champion();
    String key =
        feedback.store(
            text,
            label,
            serving.map(LoadedModel::name).orElse(null),
            serving.map(LoadedModel::version).orElse(null));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("stored", key);
    answer.put("label", label.wireName());
    return Json.response(HttpStatus.ACCEPTED, answer);
  }

  private static boolean flag(String value) {
    if (value == null || value.isEmpty() || value.equalsIgnoreCase("true")) {
      return value != null;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new ApiException(
        HttpStatus.BAD_REQUEST,
        "invalid_parameter",
        "query parameter 'explain' must be true or false, not '" + value + "'");
  }
}
