package dev.spamflow.pipeline.event;

import dev.spamflow.events.DatasetCurated;
import dev.spamflow.events.EventDataException;
import dev.spamflow.events.EventTypes;
import dev.spamflow.events.SpamflowEvents;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.train.TrainFunction;
import dev.spamflow.pipeline.train.TrainResult;
import io.cloudevents.CloudEvent;
import java.util.Objects;

/**
 * Train behind its edge: {@code dev.spamflow.dataset.curated} in, {@code
 * dev.spamflow.model.trained} out. A dataset trained on before yields its earlier result's event
 * again; a dataset whose curated manifest is gone yields none.
 */
public final class TrainEventHandler implements StageEventHandler<TrainResult> {
  /** The stage's name. */
  public static final String STAGE = "train";

  private final TrainFunction train;

  /**
   * Creates the handler.
   *
   * @param train the stage
   */
  public TrainEventHandler(TrainFunction train) {
    this.train = Objects.requireNonNull(train, "train");
  }

  @Override
  public String stage() {
    return STAGE;
  }

  /**
   * Returns the dataset a {@code dataset.curated} event is about.
   *
   * @throws InvalidEventException if the event is of another type or its data is invalid
   */
  public static DatasetRef dataset(CloudEvent event) {
    if (!EventTypes.DATASET_CURATED.equals(event.getType())) {
      throw new InvalidEventException(
          StageEventHandler.describe(event)
              + " is not handled by "
              + STAGE
              + ", which takes "
              + EventTypes.DATASET_CURATED);
    }
    try {
      return new DatasetRef(SpamflowEvents.read(event, DatasetCurated.class).datasetId());
    } catch (EventDataException | IllegalArgumentException e) {
      throw new InvalidEventException(e.getMessage(), e);
    }
  }

  @Override
  public StageReply<TrainResult> handle(CloudEvent event) {
    TrainResult result = train.apply(dataset(event));
    return new StageReply<>(
        result, result.event().map(data -> StageEventHandler.reply(STAGE, event, data)));
  }
}
