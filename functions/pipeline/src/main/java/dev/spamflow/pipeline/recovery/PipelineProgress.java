package dev.spamflow.pipeline.recovery;

import dev.spamflow.core.port.ExperimentTracker;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.RegistryEntryNotFoundException;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.RawManifest;
import dev.spamflow.pipeline.curate.CurateFunction;
import dev.spamflow.pipeline.ingest.IngestFunction;
import dev.spamflow.pipeline.register.RegisterFunction;
import dev.spamflow.pipeline.train.TrainFunction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How far the chain got for every upload and dataset in a store, read from what the stages leave
 * behind: an upload under {@code inbox/} that no raw manifest (nor {@code raw/<id>/sources/})
 * names, a raw manifest, a curated manifest, {@code training/<id>/started.json} and {@code
 * result.json}, and the gate's tags on the search run. A chain that did not reach a verdict is
 * resumed by announcing its first unfinished stage's input again; every stage is idempotent, finds
 * its finished work and announces it in turn.
 */
public final class PipelineProgress {

  /** How far one chain got. */
  public enum Stage {
    /** In the inbox, not ingested (or ingested from other bytes under the same key). */
    UPLOADED,
    /** Ingested and trainable, not curated. */
    INGESTED,
    /** Curated, training not started. */
    CURATED,
    /** Training started and did not finish. */
    TRAINING_STARTED,
    /** Trained, not registered and gated. */
    TRAINED,
    /** The gate decided (promoted or rejected): done. */
    DECIDED,
    /** Ingested, but no model can come of it (one label, no valid rows): done. */
    NOT_TRAINABLE,
    /** Ingested, but curate could not split it (too few of a label): done. */
    NOT_CURATABLE;

    /** Whether the chain ended. */
    public boolean finished() {
      return this == DECIDED || this == NOT_TRAINABLE || this == NOT_CURATABLE;
    }
  }

  /**
   * One chain.
   *
   * @param stage how far it got
   * @param sourceKey the upload's key under {@code inbox/}
   * @param dataset the dataset, empty for {@link Stage#UPLOADED}
   * @param object the upload, for {@link Stage#UPLOADED}: what to announce to ingest
   */
  public record Chain(
      Stage stage, String sourceKey, Optional<DatasetRef> dataset, Optional<ObjectInfo> object) {

    /** Checks for nulls. */
    public Chain {
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(sourceKey, "sourceKey");
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(object, "object");
    }

    /** A line for the user: what is unfinished. */
    public String describe() {
      String what =
          switch (stage) {
            case UPLOADED -> "uploaded, not ingested";
            case INGESTED -> "ingested, not curated";
            case CURATED -> "curated, not trained";
            case TRAINING_STARTED -> "training started and did not finish";
            case TRAINED -> "trained, not registered";
            case DECIDED -> "decided";
            case NOT_TRAINABLE -> "not trainable";
            case NOT_CURATABLE -> "not curatable";
          };
      return dataset.map(d -> "dataset " + d.id() + " (" + sourceKey + ")").orElse(sourceKey)
          + ": "
          + what;
    }
  }

  private PipelineProgress() {}

  /**
   * Reads every chain's progress.
   *
   * @param store the store the stages write to
   * @param tracker the tracker train and register write runs to
   * @return one chain per raw manifest and per upload no raw manifest names, datasets first
   * @throws dev.spamflow.core.port.ObjectStoreException when the store fails
   * @throws dev.spamflow.core.port.ModelRegistryException when the tracker fails
   */
  public static List<Chain> scan(ObjectStore store, ExperimentTracker tracker) {
    List<Chain> chains = new ArrayList<>();
    Set<String> ingestedSources = new HashSet<>();
    for (ObjectInfo object : store.list(DatasetRef.RAW_PREFIX)) {
      DatasetRef dataset;
      try {
        dataset = DatasetRef.fromRawManifestKey(object.key());
      } catch (IllegalArgumentException e) {
        continue; // a part, not a manifest
      }
      RawManifest raw = Manifests.read(store, object.key(), RawManifest.class);
      ingestedSources.add(raw.source().key() + "\n" + raw.source().etag());
      for (ObjectInfo other : store.list(dataset.raw(IngestFunction.SOURCES))) {
        IngestFunction.KnownSource known =
            Manifests.read(store, other.key(), IngestFunction.KnownSource.class);
        ingestedSources.add(known.key() + "\n" + known.etag());
      }
      chains.add(
          new Chain(
              stage(store, tracker, dataset, raw),
              raw.source().key(),
              Optional.of(dataset),
              Optional.empty()));
    }
    for (ObjectInfo upload : store.list(DatasetRef.INBOX_PREFIX)) {
      if (!ingestedSources.contains(upload.key() + "\n" + upload.etag())) {
        chains.add(new Chain(Stage.UPLOADED, upload.key(), Optional.empty(), Optional.of(upload)));
      }
    }
    return chains;
  }

  private static Stage stage(
      ObjectStore store, ExperimentTracker tracker, DatasetRef dataset, RawManifest raw) {
    if (!raw.trainable()) {
      return Stage.NOT_TRAINABLE;
    }
    if (store.stat(dataset.curated(DatasetRef.MANIFEST)).isEmpty()) {
      return store.stat(dataset.curated(CurateFunction.NOT_CURATABLE)).isPresent()
          ? Stage.NOT_CURATABLE
          : Stage.INGESTED;
    }
    Optional<String> run = TrainFunction.finishedRun(store, dataset);
    if (run.isEmpty()) {
      return store.stat(TrainFunction.startedKey(dataset)).isPresent()
          ? Stage.TRAINING_STARTED
          : Stage.CURATED;
    }
    try {
      return tracker.getRun(run.get()).tags().containsKey(RegisterFunction.OUTCOME_TAG)
          ? Stage.DECIDED
          : Stage.TRAINED;
    } catch (RegistryEntryNotFoundException e) {
      // The result outlived its registry; train trains again (see TrainFunction).
      return Stage.CURATED;
    }
  }
}
