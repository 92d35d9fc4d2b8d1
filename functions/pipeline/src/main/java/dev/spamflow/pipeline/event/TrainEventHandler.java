package dev.spamflow.pipeline.event;

import dev.spamflow.events.DatasetCurated;
import dev.spamflow.events.DriftDetected;
import dev.spamflow.events.EventDataException;
import dev.spamflow.events.EventTypes;
import dev.spamflow.events.SpamflowEvents;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.train.TrainFunction;
import dev.spamflow.pipeline.train.TrainResult;
import io.cloudevents.CloudEvent;
import java.util.Objects;

/**
 * Train behind its edge: {@code dev.spamflow.dataset.curated} or {@code
 * dev.spamflow.drift.detected} in, {@code dev.spamflow.model.trained} out. A dataset trained on
 * before yields its earlier result's event again; a dataset whose curated manifest is gone yields
 * none. A drift event retrains the drifted champion's dataset under the drift run's name ({@link
 * TrainFunction#retrain}), so each drift run gives one new search, and a redelivery of it none.
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
              + EventTypes.DATASET_CURATED
              + " and "
              + EventTypes.DRIFT_DETECTED);
    }
    try {
      return new DatasetRef(SpamflowEvents.read(event, DatasetCurated.class).datasetId());
    } catch (EventDataException | IllegalArgumentException e) {
      throw new InvalidEventException(e.getMessage(), e);
    }
  }

  /**
   * Returns the retraining a {@code drift.detected} event asks for: the dataset the drifted model
   * was trained on, and a name from the drift run ({@code drift-<run id>}).
   *
   * @throws InvalidEventException if the data is invalid or names no dataset
   */
  public static Retraining retraining(CloudEvent event) {
    DriftDetected drift;
    DatasetRef dataset;
    try {
      drift = SpamflowEvents.read(event, DriftDetected.class);
      dataset = new DatasetRef(drift.referenceDatasetId());
    } catch (EventDataException | IllegalArgumentException e) {
      throw new InvalidEventException(
          StageEventHandler.describe(event)
              + ": cannot retrain: "
              + e.getMessage()
              + " (referenceDatasetId must name the curated dataset the drifted model learned from)",
          e);
    }
    String run = drift.reportKey().replaceAll("/+$", "");
    run = run.substring(run.lastIndexOf('/') + 1);
    return new Retraining(dataset, TrainFunction.retrainName("drift-" + run));
  }

  /**
   * What a drift event retrains.
   *
   * @param dataset the dataset
   * @param name the retraining's name
   */
  public record Retraining(DatasetRef dataset, String name) {}

  @Override
  public StageReply<TrainResult> handle(CloudEvent event) {
    if (EventTypes.DRIFT_DETECTED.equals(event.getType())) {
      Retraining retraining = retraining(event);
      TrainResult result = train.retrain(retraining.dataset(), retraining.name());
      return new StageReply<>(
          result, result.event().map(data -> StageEventHandler.reply(STAGE, event, data)));
    }
    TrainResult result = train.apply(dataset(event));
    return new StageReply<>(
        result, result.event().map(data -> StageEventHandler.reply(STAGE, event, data)));
  }
}
