package dev.spamflow.pipeline.event;

import dev.spamflow.core.data.DatasetStats;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.events.DatasetCounts;
import dev.spamflow.events.DatasetIngested;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.ObjectCreated;
import dev.spamflow.pipeline.RawManifest;
import dev.spamflow.pipeline.ingest.IngestFunction;
import dev.spamflow.pipeline.ingest.IngestResult;
import io.cloudevents.CloudEvent;
import java.util.Objects;
import java.util.Optional;

/**
 * Ingest behind its edge: an object-created event for a key under {@code inbox/} in, {@code
 * dev.spamflow.dataset.ingested} out. An object that is gone, or not a dataset at all, yields no
 * event; a dataset ingested before yields the same event data again.
 */
public final class IngestEventHandler implements StageEventHandler<IngestResult> {
  /** The stage's name. */
  public static final String STAGE = "ingest";

  private final IngestFunction ingest;
  private final ObjectStore store;

  /**
   * Creates the handler.
   *
   * @param ingest the stage
   * @param store the store the stage writes to, where the raw manifest is read back
   */
  public IngestEventHandler(IngestFunction ingest, ObjectStore store) {
    this.ingest = Objects.requireNonNull(ingest, "ingest");
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public String stage() {
    return STAGE;
  }

  @Override
  public StageReply<IngestResult> handle(CloudEvent event) {
    ObjectCreated created = S3ObjectEvents.toObjectCreated(event);
    if (!created.key().startsWith(DatasetRef.INBOX_PREFIX)) {
      throw new InvalidEventException(
          StageEventHandler.describe(event)
              + " is about '"
              + created.key()
              + "', which is not an upload under "
              + DatasetRef.INBOX_PREFIX);
    }
    IngestResult result = ingest.apply(created);
    if (result.dataset().isEmpty()) {
      return new StageReply<>(result, Optional.empty());
    }
    DatasetRef dataset = result.dataset().orElseThrow();
    // The etag of the bytes actually read is in the manifest; the notification may carry none.
    RawManifest raw = Manifests.read(store, dataset.raw(DatasetRef.MANIFEST), RawManifest.class);
    DatasetStats c = result.counts();
    DatasetIngested data =
        new DatasetIngested(
            dataset.id(),
            created.bucket(),
            created.key(),
            raw.source().etag().isBlank() ? "unknown" : raw.source().etag(),
            dataset.raw(""),
            dataset.raw(DatasetRef.MANIFEST),
            dataset.raw(IngestFunction.REJECTS),
            new DatasetCounts(c.read(), c.accepted(), c.rejected(), c.duplicates()));
    return new StageReply<>(result, Optional.of(StageEventHandler.reply(STAGE, event, data)));
  }
}
