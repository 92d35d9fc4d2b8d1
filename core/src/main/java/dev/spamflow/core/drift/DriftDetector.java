package dev.spamflow.core.drift;

import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.core.serving.SpamPredictor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a window of messages with a model's drift reference: the columns by {@link
 * FeatureDrift}, the embeddings by {@link EmbeddingDrift}. The window drifts when the embedding
 * vote says so or when half of the columns drift.
 *
 * <p>Deterministic: the same model, reference, window and seed give the same report (the drift
 * stage relies on this to be idempotent per window and model version).
 */
public final class DriftDetector {

  /** Windows with fewer messages than this are not compared: nothing reliable can be said. */
  public static final int MIN_WINDOW = 50;

  /** The seed every run uses unless told otherwise. */
  public static final long DEFAULT_SEED = 42;

  private DriftDetector() {}

  /**
   * Compares a window with the reference.
   *
   * @param predictor the model whose reference it is; it also computes the window's verdicts and
   *     embeddings
   * @param reference the model's reference, or null when its bundle has none
   * @param embedder the bundle's drift embedder, or null when it has none
   * @param texts the window's messages
   * @param seed seeds every random choice
   * @return the report; {@link DriftReport#NO_REFERENCE} or {@link DriftReport#WINDOW_TOO_SMALL}
   *     (not drifted) when there is nothing to compare
   */
  public static DriftReport detect(
      SpamPredictor predictor,
      DriftReference reference,
      DriftEmbedder embedder,
      List<String> texts,
      long seed) {
    long started = System.nanoTime();
    Map<String, String> model = describe(predictor.manifest());
    Map<String, String> window = Map.of("messages", Integer.toString(texts.size()));
    if (reference == null || embedder == null) {
      return notCompared(
          DriftReport.NO_REFERENCE,
          "the model's bundle has no "
              + DriftReference.FILE_NAME
              + " (it was trained before bundles carried one); retrain it to check drift",
          model,
          window,
          0);
    }
    if (texts.size() < MIN_WINDOW) {
      return notCompared(
          DriftReport.WINDOW_TOO_SMALL,
          "the window holds "
              + texts.size()
              + " messages, fewer than the "
              + MIN_WINDOW
              + " a drift check needs",
          model,
          window,
          reference.messages());
    }
    DriftReference.Measured current =
        DriftReference.measure(predictor, embedder, texts, EmbeddingDrift.MAX_ROWS, seed);
    DriftReport.Features features = FeatureDrift.compare(reference.columns(), current.columns());
    DriftReport.Embeddings embeddings =
        reference.embeddings().length < 2
            ? null
            : EmbeddingDrift.compare(reference.embeddings(), current.embeddings(), seed);
    boolean drifted = features.datasetDrift() || (embeddings != null && embeddings.drifted());
    return new DriftReport(
        DriftReport.FORMAT_VERSION,
        DriftReport.CHECKED,
        null,
        drifted,
        model,
        window,
        reference.messages(),
        features,
        embeddings,
        (System.nanoTime() - started) / 1e9);
  }

  private static DriftReport notCompared(
      String status,
      String reason,
      Map<String, String> model,
      Map<String, String> window,
      long referenceMessages) {
    return new DriftReport(
        DriftReport.FORMAT_VERSION,
        status,
        reason,
        false,
        model,
        window,
        referenceMessages,
        null,
        null,
        0);
  }

  private static Map<String, String> describe(BundleManifest manifest) {
    Map<String, String> model = new LinkedHashMap<>();
    model.put("name", manifest.modelName());
    model.put("createdAt", manifest.createdAt());
    if (manifest.data() != null && manifest.data().contentHash() != null) {
      model.put("dataContentHash", manifest.data().contentHash());
    }
    return model;
  }
}
