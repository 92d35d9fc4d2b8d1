package dev.spamflow.inference.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.inference.InferenceSettings;
import dev.spamflow.inference.model.LoadedModel;
import dev.spamflow.inference.predict.Answer;
import dev.spamflow.inference.predict.PredictionService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Open Inference Protocol v2 (KServe's REST predict protocol) for the one model this service
 * serves: health, model metadata and readiness, and inference with a {@code BYTES} input of texts
 * and two outputs, {@code spam_probability} ({@code FP32}) and {@code label} ({@code BYTES}).
 */
@Controller("/v2")
final class InferenceProtocolController {

  static final String MODEL = BundleManifest.MODEL_NAME;
  static final String INPUT = "text";
  static final String PROBABILITY_OUTPUT = "spam_probability";
  static final String LABEL_OUTPUT = "label";
  static final String INFER_EXAMPLE =
      "{\"inputs\": [{\"name\": \"text\", \"shape\": [2], \"datatype\": \"BYTES\", \"data\":"
          + " [\"see you at 6\", \"WINNER! Claim now\"]}]}";

  private final PredictionService predictions;
  private final InferenceSettings settings;

  InferenceProtocolController(PredictionService predictions, InferenceSettings settings) {
    this.predictions = predictions;
    this.settings = settings;
  }

  @Get("/health/live")
  HttpResponse<byte[]> live() {
    return Json.response(HttpStatus.OK, Map.of("live", true));
  }

  // Server readiness follows the Knative probe (ready with no champion at all, see
  // HealthController); the model's own readiness needs a loaded model.
  @Get("/health/ready")
  HttpResponse<byte[]> ready() {
    return readiness(predictions.champion().isPresent() || predictions.noChampionYet());
  }

  @Get("/models/" + MODEL)
  HttpResponse<byte[]> metadata() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", MODEL);
    body.put("versions", predictions.champion().map(m -> List.of(m.version())).orElse(List.of()));
    body.put("platform", "spamflow-lstm");
    body.put("inputs", List.of(tensor(INPUT, "BYTES")));
    body.put("outputs", List.of(tensor(PROBABILITY_OUTPUT, "FP32"), tensor(LABEL_OUTPUT, "BYTES")));
    return Json.response(HttpStatus.OK, body);
  }

  @Get("/models/" + MODEL + "/ready")
  HttpResponse<byte[]> modelReady() {
    return readiness(predictions.champion().isPresent());
  }

  private static HttpResponse<byte[]> readiness(boolean ready) {
    return Json.response(
        ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, Map.of("ready", ready));
  }

  // Up to a batch limit of forward passes: off the event loop, like the JSON API's batches.
  @Post("/models/" + MODEL + "/infer")
  @Consumes(MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<byte[]> infer(@Body byte @Nullable [] body) {
    Limits.checkBody(body, settings.maxBodyBytes());
    JsonNode request = Json.parse(body, INFER_EXAMPLE);
    List<String> texts = texts(request);
    Limits.checkBatch(texts.size(), settings.batchLimit());
    List<Answer> answers = predictions.predictAll(texts);
    List<Double> probabilities = new ArrayList<>(answers.size());
    List<String> labels = new ArrayList<>(answers.size());
    for (Answer answer : answers) {
      // FP32 on the wire: round to what a float holds, as the protocol's type says.
      probabilities.add((double) (float) answer.prediction().spamProbability());
      labels.add(answer.prediction().label().wireName());
    }
    Optional<LoadedModel> model = predictions.champion();
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("model_name", MODEL);
    model.ifPresent(m -> response.put("model_version", m.version()));
    JsonNode id = request.get("id");
    if (id != null && id.isTextual()) {
      response.put("id", id.asText());
    }
    response.put(
        "outputs",
        List.of(
            output(PROBABILITY_OUTPUT, "FP32", probabilities),
            output(LABEL_OUTPUT, "BYTES", labels)));
    return Json.response(HttpStatus.OK, response);
  }

  private static List<String> texts(JsonNode request) {
    JsonNode inputs = request.isObject() ? request.get("inputs") : null;
    if (inputs == null || !inputs.isArray() || inputs.size() != 1) {
      throw ApiException.invalid(
          "invalid_inputs",
          "'inputs' must be an array of exactly one tensor named 'text'; send e.g. "
              + INFER_EXAMPLE);
    }
    JsonNode input = inputs.get(0);
    String name = input.path("name").asText("");
    if (!INPUT.equals(name)) {
      throw ApiException.invalid(
          "invalid_inputs",
          "the input tensor must be named 'text', not '" + name + "'; send e.g. " + INFER_EXAMPLE);
    }
    String datatype = input.path("datatype").asText("");
    if (!"BYTES".equals(datatype)) {
      throw ApiException.invalid(
          "invalid_inputs",
          "input 'text' must have datatype BYTES, not '"
              + datatype
              + "'; send e.g. "
              + INFER_EXAMPLE);
    }
    JsonNode data = input.get("data");
    if (data == null || !data.isArray() || data.isEmpty()) {
      throw ApiException.invalid(
          "missing_text",
          "input 'text' needs 'data': a non-empty array of strings; send e.g. " + INFER_EXAMPLE);
    }
    JsonNode shape = input.get("shape");
    if (shape == null
        || !shape.isArray()
        || shape.size() != 1
        || !shape.get(0).canConvertToLong()
        || shape.get(0).asLong() != data.size()) {
      throw ApiException.invalid(
          "invalid_inputs",
          "input 'text' must have shape ["
              + data.size()
              + "] for its "
              + data.size()
              + " strings; send e.g. "
              + INFER_EXAMPLE);
    }
    return Json.texts(data, "input 'text'", INFER_EXAMPLE);
  }

  private static Map<String, Object> tensor(String name, String datatype) {
    Map<String, Object> tensor = new LinkedHashMap<>();
    tensor.put("name", name);
    tensor.put("datatype", datatype);
    tensor.put("shape", List.of(-1));
    return tensor;
  }

  private static Map<String, Object> output(String name, String datatype, List<?> data) {
    Map<String, Object> tensor = new LinkedHashMap<>();
    tensor.put("name", name);
    tensor.put("datatype", datatype);
    tensor.put("shape", List.of(data.size()));
    tensor.put("data", data);
    return tensor;
  }
}
