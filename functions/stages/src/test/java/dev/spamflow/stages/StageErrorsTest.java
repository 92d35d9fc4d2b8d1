package dev.spamflow.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.port.ModelRegistryException;
import dev.spamflow.core.port.ObjectStoreException;
import dev.spamflow.pipeline.event.InvalidEventException;
import org.junit.jupiter.api.Test;

class StageErrorsTest {
  private final StageErrors errors = new StageErrors();

  @Test
  void anEventTheStageCannotTakeIsABadRequestWithTheReason() {
    var answer = errors.onFailure(new IllegalStateException(new InvalidEventException("no type")));

    // Found under the wrapper the function layer may add.
    assertThat(answer.getStatusCode().value()).isEqualTo(400);
    assertThat(answer.getBody()).containsEntry("error", "no type");
  }

  @Test
  void infrastructureFailuresAreRetriable() {
    assertThat(errors.onFailure(new ObjectStoreException("MinIO down")).getStatusCode().value())
        .isEqualTo(503);
    assertThat(errors.onFailure(new ModelRegistryException("MLflow down")).getStatusCode().value())
        .isEqualTo(503);
    assertThat(errors.onFailure(new IllegalStateException("bug")).getStatusCode().value())
        .isEqualTo(500);
  }
}
