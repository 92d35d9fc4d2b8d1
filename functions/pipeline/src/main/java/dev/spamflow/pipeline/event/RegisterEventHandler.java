package dev.spamflow.pipeline.event;

import dev.spamflow.events.EventDataException;
import dev.spamflow.events.EventTypes;
import dev.spamflow.events.ModelTrained;
import dev.spamflow.events.SpamflowEvents;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.register.RegisterFunction;
import dev.spamflow.pipeline.register.RegisterResult;
import io.cloudevents.CloudEvent;
import java.util.Objects;
import java.util.Optional;

/**
 * Register behind its edge: {@code dev.spamflow.model.trained} in, {@code
 * dev.spamflow.model.promoted} or {@code dev.spamflow.model.rejected} out. A run registered and
 * gated before yields its recorded verdict's event again.
 */
public final class RegisterEventHandler implements StageEventHandler<RegisterResult> {
  /** The stage's name. */
  public static final String STAGE = "register";

  private final RegisterFunction register;

  /**
   * Creates the handler.
   *
   * @param register the stage
   */
  public RegisterEventHandler(RegisterFunction register) {
    this.register = Objects.requireNonNull(register, "register");
  }

  @Override
  public String stage() {
    return STAGE;
  }

  /**
   * {@inheritDoc}
   *
   * @throws dev.spamflow.core.port.RegistryEntryNotFoundException if the run is gone
   * @throws dev.spamflow.core.port.ObjectNotFoundException if the dataset's curated parts are gone
   */
  @Override
  public StageReply<RegisterResult> handle(CloudEvent event) {
    if (!EventTypes.MODEL_TRAINED.equals(event.getType())) {
      throw new InvalidEventException(
          StageEventHandler.describe(event)
              + " is not handled by "
              + STAGE
              + ", which takes "
              + EventTypes.MODEL_TRAINED);
    }
    ModelTrained trained;
    try {
      trained = SpamflowEvents.read(event, ModelTrained.class);
      // Checked here so a bad id is the event's fault (400), not the stage's.
      new DatasetRef(trained.datasetId());
    } catch (EventDataException | IllegalArgumentException e) {
      throw new InvalidEventException(e.getMessage(), e);
    }
    RegisterResult result = register.apply(trained);
    return new StageReply<>(
        result, Optional.of(StageEventHandler.reply(STAGE, event, result.event())));
  }
}
