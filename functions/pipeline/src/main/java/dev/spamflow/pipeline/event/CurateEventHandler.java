package dev.spamflow.pipeline.event;

import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.events.DatasetCurated;
import dev.spamflow.events.SplitCounts;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.ObjectCreated;
import dev.spamflow.pipeline.RawManifest;
import dev.spamflow.pipeline.curate.CurateFunction;
import dev.spamflow.pipeline.curate.CurateResult;
import io.cloudevents.CloudEvent;
import java.util.Objects;
import java.util.Optional;

/**
 * Curate behind its edge: the object-created event of {@code raw/<id>/manifest.json} in, {@code
 * dev.spamflow.dataset.curated} out. A dataset that is gone or cannot be trained on yields no
 * event, so no training starts.
 */
public final class CurateEventHandler implements StageEventHandler<CurateResult> {
  /** The stage's name. */
  public static final String STAGE = "curate";

  private final CurateFunction curate;
  private final ObjectStore store;

  /**
   * Creates the handler.
   *
   * @param curate the stage
   * @param store the store the stage reads, where the raw manifest's content hash is read
   */
  public CurateEventHandler(CurateFunction curate, ObjectStore store) {
    this.curate = Objects.requireNonNull(curate, "curate");
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public String stage() {
    return STAGE;
  }

  @Override
  public StageReply<CurateResult> handle(CloudEvent event) {
    ObjectCreated created = S3ObjectEvents.toObjectCreated(event);
    DatasetRef dataset;
    try {
      dataset = DatasetRef.fromRawManifestKey(created.key());
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException(StageEventHandler.describe(event) + ": " + e.getMessage(), e);
    }
    CurateResult result = curate.apply(dataset);
    if (result.status() != CurateResult.Status.CURATED
        && result.status() != CurateResult.Status.ALREADY_CURATED) {
      return new StageReply<>(result, Optional.empty());
    }
    RawManifest raw = Manifests.read(store, dataset.raw(DatasetRef.MANIFEST), RawManifest.class);
    DatasetCurated data =
        new DatasetCurated(
            dataset.id(),
            created.bucket(),
            dataset.curated(""),
            dataset.curated(DatasetRef.MANIFEST),
            dataset.curated(CurateFunction.REFERENCE_STATS),
            raw.contentHash(),
            new SplitCounts(
                result.train().total(), result.validation().total(), result.test().total()));
    return new StageReply<>(result, Optional.of(StageEventHandler.reply(STAGE, event, data)));
  }
}
