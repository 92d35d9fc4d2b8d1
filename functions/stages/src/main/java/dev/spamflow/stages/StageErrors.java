package dev.spamflow.stages;

import dev.spamflow.core.port.EventPublishException;
import dev.spamflow.core.port.ModelRegistryException;
import dev.spamflow.core.port.ObjectStoreException;
import dev.spamflow.pipeline.event.InvalidEventException;
import dev.spamflow.pipeline.train.TrainingInProgressException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps a stage's failures onto the status codes Knative acts on. Spring Cloud Function's web layer
 * lets every exception become a 500, which Knative retries; an event the stage cannot take must be
 * a 400 instead (retrying cannot fix it, so it goes to the dead-letter sink at once), with the
 * reason in a JSON body {@code {"error": "…"}}.
 *
 * <ul>
 *   <li>{@link InvalidEventException} (no CloudEvent, no or wrong type, bad data) → 400
 *   <li>the store, the registry or the broker failing → 503, worth a retry
 *   <li>{@link TrainingInProgressException} (another attempt at the dataset is alive) → 503, so the
 *       retry comes once that attempt has finished or gone silent
 *   <li>anything else → 500, also retried
 * </ul>
 */
@RestControllerAdvice
public class StageErrors {
  private static final Logger LOG = LoggerFactory.getLogger(StageErrors.class);

  /** Answers a failed request; the exception may arrive wrapped by the function layer. */
  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<Map<String, String>> onFailure(RuntimeException failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidEventException invalid) {
        LOG.warn("rejected with 400: {}", invalid.getMessage());
        return answer(HttpStatus.BAD_REQUEST, invalid.getMessage());
      }
      if (t instanceof TrainingInProgressException busy) {
        LOG.warn("answering 503: {}", busy.getMessage());
        return answer(HttpStatus.SERVICE_UNAVAILABLE, busy.getMessage());
      }
      if (t instanceof ObjectStoreException
          || t instanceof ModelRegistryException
          || t instanceof EventPublishException) {
        LOG.error("infrastructure failure, answering 503 so the event is retried", t);
        return answer(HttpStatus.SERVICE_UNAVAILABLE, t.getMessage());
      }
    }
    LOG.error("stage failed, answering 500 so the event is retried", failure);
    return answer(HttpStatus.INTERNAL_SERVER_ERROR, String.valueOf(failure.getMessage()));
  }

  private static ResponseEntity<Map<String, String>> answer(HttpStatus status, String reason) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("error", reason == null ? status.getReasonPhrase() : reason));
  }
}
