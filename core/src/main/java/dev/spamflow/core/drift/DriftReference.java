package dev.spamflow.core.drift;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.spamflow.core.data.Label;
import dev.spamflow.core.serving.BundleFiles;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.core.serving.SpamPredictor;
import dev.spamflow.core.text.Features;
import dev.spamflow.core.text.TextFeatures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * {@code drift-reference.json} in a model bundle: what the model's training messages looked like,
 * for drift detection to compare a window with. Built when the bundle is trained, from the messages
 * the shipped model was fitted on, by the same code that measures a window ({@link #measure}), so
 * the two sides can never be computed differently.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param messages training messages the reference describes
 * @param columns column name → one value per sampled message: {@link Features#NAMES}, then {@code
 *     token_count} and {@code predicted_spam} (the shipped model's own verdict, 0 or 1)
 * @param embeddingMethod how a message's embedding is made
 * @param embeddings a seeded sample of at most {@link EmbeddingDrift#MAX_ROWS} embeddings
 */
@JsonIgnoreProperties(ignoreUnknown = true)
// Thousands of numbers per column: arrays, shared and not copied; no caller modifies them.
@SuppressWarnings("ArrayRecordComponent")
public record DriftReference(
    int formatVersion,
    long messages,
    Map<String, double[]> columns,
    String embeddingMethod,
    float[][] embeddings) {

  /** The file name inside a bundle. */
  public static final String FILE_NAME = "drift-reference.json";

  /** The version of this layout; bump it when a field changes meaning. */
  public static final int FORMAT_VERSION = 1;

  /** What {@link #embeddingMethod} says for the mean-pooled LSTM states. */
  public static final String MEAN_POOLED_LSTM =
      "mean-pooled LSTM hidden states of the held-out twin";

  /** Column rows kept at most: a seeded sample beyond (the tests need no more). */
  public static final int MAX_COLUMN_ROWS = 20_000;

  /** The columns besides {@link Features#NAMES}. */
  public static final String TOKEN_COUNT = "token_count";

  /** The model's verdict column, 1 for spam. */
  public static final String PREDICTED_SPAM = "predicted_spam";

  /** Copies the map, keeping its order. */
  public DriftReference {
    Objects.requireNonNull(columns, "columns");
    Objects.requireNonNull(embeddings, "embeddings");
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  /**
   * Reads a bundle's reference, checked against its manifest.
   *
   * @param files the bundle
   * @param manifest its manifest
   * @return the reference, or null when the bundle has none
   * @throws IOException naming the file when it differs from the manifest or is malformed
   */
  public static DriftReference read(BundleFiles files, BundleManifest manifest) throws IOException {
    if (manifest.files() == null || !manifest.files().containsKey(FILE_NAME)) {
      return null;
    }
    try {
      DriftReference reference =
          BundleFiles.JSON.readValue(files.readVerified(FILE_NAME, manifest), DriftReference.class);
      if (reference.formatVersion() > FORMAT_VERSION) {
        throw new IOException(
            "format version "
                + reference.formatVersion()
                + " is newer than this build reads ("
                + FORMAT_VERSION
                + ")");
      }
      return reference;
    } catch (IOException e) {
      throw new IOException(files.location().resolve(FILE_NAME) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Measures the training messages of a model.
   *
   * @param predictor the shipped model, for the {@code predicted_spam} column
   * @param embedder the held-out twin
   * @param texts every message the shipped model was fitted on
   * @param unseen the messages the twin never saw (the test part), for the embeddings
   * @param seed seeds the samples
   * @return the reference
   * @throws IllegalArgumentException when {@code texts} or {@code unseen} is empty
   */
  public static DriftReference build(
      SpamPredictor predictor,
      DriftEmbedder embedder,
      List<String> texts,
      List<String> unseen,
      long seed) {
    if (texts.isEmpty() || unseen.isEmpty()) {
      throw new IllegalArgumentException(
          "a drift reference needs training and unseen messages, got "
              + texts.size()
              + " and "
              + unseen.size());
    }
    Map<String, double[]> columns =
        measure(predictor, null, sample(texts, MAX_COLUMN_ROWS, seed), 0, seed).columns();
    float[][] embeddings =
        measure(predictor, embedder, unseen, EmbeddingDrift.MAX_ROWS, seed + 1).embeddings();
    return new DriftReference(FORMAT_VERSION, texts.size(), columns, MEAN_POOLED_LSTM, embeddings);
  }

  /**
   * Measures messages as drift compares them: every column and, for a seeded sample, the embedding.
   *
   * @param predictor the model, for the {@code predicted_spam} column
   * @param embedder the embedder, or null to skip the embeddings
   * @param texts the messages
   * @param maxEmbeddings how many embeddings to compute at most
   * @param seed seeds the embedding sample
   * @return the columns and embeddings
   */
  public static Measured measure(
      SpamPredictor predictor,
      DriftEmbedder embedder,
      List<String> texts,
      int maxEmbeddings,
      long seed) {
    int n = texts.size();
    Map<String, double[]> columns = new LinkedHashMap<>();
    for (String name : Features.NAMES) {
      columns.put(name, new double[n]);
    }
    double[] tokenCounts = new double[n];
    double[] predictedSpam = new double[n];
    boolean[] embed = chosen(n, embedder == null ? 0 : maxEmbeddings, seed);
    List<float[]> embeddings = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TextFeatures.Analysis analysis = TextFeatures.analyse(texts.get(i));
      int f = 0;
      for (double value : analysis.features().asMap().values()) {
        columns.get(Features.NAMES.get(f++))[i] = value;
      }
      tokenCounts[i] = analysis.tokens().size();
      predictedSpam[i] = predictor.predict(analysis).label() == Label.SPAM ? 1 : 0;
      if (embed[i]) {
        embeddings.add(embedder.embed(analysis.tokens()));
      }
    }
    columns.put(TOKEN_COUNT, tokenCounts);
    columns.put(PREDICTED_SPAM, predictedSpam);
    return new Measured(columns, embeddings.toArray(new float[0][]));
  }

  /**
   * Measured messages.
   *
   * @param columns column name → one value per message, in {@link DriftReference#columns} order
   * @param embeddings the sampled messages' embeddings
   */
  @SuppressWarnings("ArrayRecordComponent") // as the reference's own arrays
  public record Measured(Map<String, double[]> columns, float[][] embeddings) {}

  private static boolean[] chosen(int n, int max, long seed) {
    boolean[] chosen = new boolean[n];
    if (n <= max) {
      java.util.Arrays.fill(chosen, true);
      return chosen;
    }
    List<Integer> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    for (int i = 0; i < max; i++) {
      chosen[order.get(i)] = true;
    }
    return chosen;
  }

  private static List<String> sample(List<String> texts, int max, long seed) {
    if (texts.size() <= max) {
      return texts;
    }
    boolean[] keep = chosen(texts.size(), max, seed);
    List<String> out = new ArrayList<>(max);
    for (int i = 0; i < texts.size(); i++) {
      if (keep[i]) {
        out.add(texts.get(i));
      }
    }
    return out;
  }
}
