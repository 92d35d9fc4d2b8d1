package dev.spamflow.pipeline.event;

import dev.spamflow.pipeline.curate.CurateFunction;
import dev.spamflow.pipeline.drift.DriftFunction;
import dev.spamflow.pipeline.ingest.IngestFunction;
import dev.spamflow.pipeline.register.RegisterFunction;
import dev.spamflow.pipeline.train.TrainFunction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.function.Function;

/**
 * Every stage of the pipeline, by the name its Knative Service, Trigger subscriber and Spring Cloud
 * Function carry, and how it is built over the ports. This is the one place a stage is constructed:
 * the Spring services, the Tekton train step, {@code spamflow up} and the drift check all build
 * theirs here, so adding a stage is one entry in {@link #FACTORIES}.
 *
 * <p>Plain Java on purpose: the frameworks stay at the edges and ask this class for a handler.
 */
public final class StageCatalogue {

  private static final SequencedMap<String, Function<StageContext, StageEventHandler<?>>>
      FACTORIES = new LinkedHashMap<>();

  static {
    FACTORIES.put(IngestEventHandler.STAGE, StageCatalogue::ingest);
    FACTORIES.put(CurateEventHandler.STAGE, StageCatalogue::curate);
    FACTORIES.put(TrainEventHandler.STAGE, StageCatalogue::train);
    FACTORIES.put(RegisterEventHandler.STAGE, StageCatalogue::register);
    FACTORIES.put(DriftEventHandler.STAGE, StageCatalogue::drift);
  }

  private StageCatalogue() {}

  /** Returns the stages' names, in pipeline order. */
  public static List<String> names() {
    return List.copyOf(FACTORIES.keySet());
  }

  /** Returns whether {@code name} names a stage. */
  public static boolean contains(String name) {
    return FACTORIES.containsKey(name);
  }

  /**
   * Builds one stage's event handler.
   *
   * @param name the stage's name, one of {@link #names()}
   * @param context the ports and settings; only those the stage uses are asked for
   * @throws IllegalArgumentException naming the stages there are, if {@code name} is none of them
   */
  public static StageEventHandler<?> handler(String name, StageContext context) {
    Objects.requireNonNull(context, "context");
    Function<StageContext, StageEventHandler<?>> factory = FACTORIES.get(name);
    if (factory == null) {
      throw new IllegalArgumentException(
          "no stage named '" + name + "'; the stages are " + String.join(", ", names()));
    }
    return factory.apply(context);
  }

  /** Ingest: an upload under {@code inbox/} in, {@code dataset.ingested} out. */
  public static IngestEventHandler ingest(StageContext context) {
    return new IngestEventHandler(
        new IngestFunction(context.store(), context.ingest(), context.clock()), context.store());
  }

  /** Curate: a raw manifest in, {@code dataset.curated} out. */
  public static CurateEventHandler curate(StageContext context) {
    return new CurateEventHandler(
        new CurateFunction(
            context.store(), context.onlineFeatures(), context.curate(), context.clock()),
        context.store());
  }

  /** The trainer itself, for hosts that call it without an event (the Tekton step). */
  public static TrainFunction trainFunction(StageContext context) {
    return new TrainFunction(context.store(), context.tracker(), context.train(), context.clock());
  }

  /** Train: {@code dataset.curated} or {@code drift.detected} in, {@code model.trained} out. */
  public static TrainEventHandler train(StageContext context) {
    return new TrainEventHandler(trainFunction(context));
  }

  /** Register: {@code model.trained} in, {@code model.promoted} or {@code model.rejected} out. */
  public static RegisterEventHandler register(StageContext context) {
    return new RegisterEventHandler(
        new RegisterFunction(
            context.store(), context.tracker(), context.registry(), context.register()));
  }

  /** The drift check itself, for hosts that run it on their own schedule ({@code spamflow up}). */
  public static DriftFunction driftFunction(StageContext context) {
    return new DriftFunction(
        context.store(),
        context.registry(),
        context.driftRecorder(),
        context.drift(),
        context.clock());
  }

  /** Drift: the PingSource's ping in, {@code drift.detected} out when the window drifted. */
  public static DriftEventHandler drift(StageContext context) {
    return new DriftEventHandler(driftFunction(context));
  }
}
