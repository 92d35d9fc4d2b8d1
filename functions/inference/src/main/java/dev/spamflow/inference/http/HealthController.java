package dev.spamflow.inference.http;

import dev.spamflow.inference.model.LoadedModel;
import dev.spamflow.inference.predict.PredictionService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Knative probes. Readiness says whether a model serves, so no request reaches a pod that
 * cannot answer it — with one exception: when the registry names no champion at all (a new
 * installation before its first training), there is nothing to wait for, and a probe that failed
 * until then would fail the Service's first revision (Knative gives up on a revision that never
 * becomes ready). Readiness then answers 200 with {@code "model": null} and predictions answer 503
 * saying no model exists yet. Liveness only says the process answers HTTP, so a registry outage
 * never gets a pod restarted.
 */
@Controller("/health")
final class HealthController {

  private final PredictionService predictions;

  HealthController(PredictionService predictions) {
    this.predictions = predictions;
  }

  @Get("/liveness")
  HttpResponse<byte[]> liveness() {
    return Json.response(HttpStatus.OK, Map.of("status", "UP"));
  }

  @Get("/readiness")
  HttpResponse<byte[]> readiness() {
    Optional<LoadedModel> model = predictions.champion();
    Map<String, Object> body = new LinkedHashMap<>();
    if (model.isPresent()) {
      body.put("status", "UP");
      body.put("model", Map.of("name", model.get().name(), "version", model.get().version()));
      return Json.response(HttpStatus.OK, body);
    }
    if (predictions.noChampionYet()) {
      body.put("status", "UP");
      body.put("model", null);
      body.put(
          "detail",
          "the registry has no champion yet; predictions answer 503 until a model is promoted");
      return Json.response(HttpStatus.OK, body);
    }
    body.put("status", "DOWN");
    body.put(
        "error",
        "no model loaded yet: the service is loading the registry's champion, or cannot reach the"
            + " registry (see the service log)");
    return Json.response(HttpStatus.SERVICE_UNAVAILABLE, body);
  }
}
