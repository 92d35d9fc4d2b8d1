package dev.spamflow.core.drift;

import dev.spamflow.core.serving.BundleFiles;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.core.serving.FastLstmClassifier;
import dev.spamflow.core.serving.LstmWeights;
import dev.spamflow.core.text.Vocabulary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a message into the embedding drift compares: the mean-pooled hidden states ({@link
 * FastLstmClassifier#meanHiddenState}) of the model's <b>held-out twin</b> — the LSTM that training
 * fits on the development data only, with the shipped model's hyper-parameters and epochs, to
 * report the held-out figures.
 *
 * <p>Why the twin and not the shipped network: the shipped model was fitted on every reference
 * message, and a network's states for messages it learned differ from its states for messages it
 * never saw (their words are all in its vocabulary, and it has pulled them towards confident
 * answers). Measured with {@code scripts/bench-drift}, a domain classifier told unseen SMS from the
 * shipped model's own training messages in 100 of 100 windows. The twin never saw the test part, so
 * its reference embeddings (of the test part) and a window's (of new messages) are both embeddings
 * of unseen messages, and only a real change of the messages separates them.
 *
 * <p>Stored in the bundle as {@value #WEIGHTS_FILE} and {@value #VOCABULARY_FILE}, checksummed like
 * every other file. Immutable and thread-safe.
 */
public final class DriftEmbedder {
  /** The twin's weights inside a bundle, in the {@link LstmWeights} format. */
  public static final String WEIGHTS_FILE = "drift-embedder-weights.bin";

  /** The twin's vocabulary inside a bundle (built from the development data only). */
  public static final String VOCABULARY_FILE = "drift-embedder-vocabulary.txt";

  private final Vocabulary vocabulary;
  private final FastLstmClassifier network;
  private final int maxLen;

  /**
   * Creates the embedder.
   *
   * @param vocabulary the twin's vocabulary
   * @param network the twin's forward pass
   * @param maxLen the most tokens read per message, as in training
   */
  public DriftEmbedder(Vocabulary vocabulary, FastLstmClassifier network, int maxLen) {
    this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
    this.network = Objects.requireNonNull(network, "network");
    if (network.vocabularySize() != vocabulary.size()) {
      throw new IllegalArgumentException(
          "the embedder's weights are for a vocabulary of "
              + network.vocabularySize()
              + " but its vocabulary has "
              + vocabulary.size());
    }
    this.maxLen = maxLen;
  }

  /**
   * Embeds a message.
   *
   * @param tokens its tokens ({@code TextFeatures.tokens})
   * @return {@link #dimensions()} floats
   */
  public float[] embed(List<String> tokens) {
    int[] ids = vocabulary.encode(tokens, maxLen);
    return network.meanHiddenState(ids, ids.length);
  }

  /** Returns the embedding's length: the twin's LSTM units. */
  public int dimensions() {
    return network.units();
  }

  /**
   * Returns the bundle files that hold this embedder, by name.
   *
   * @return {@value #WEIGHTS_FILE} and {@value #VOCABULARY_FILE}
   * @throws IOException when encoding fails
   */
  public Map<String, byte[]> files() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    ByteArrayOutputStream weights = new ByteArrayOutputStream();
    network.weights().write(weights);
    files.put(WEIGHTS_FILE, weights.toByteArray());
    ByteArrayOutputStream words = new ByteArrayOutputStream();
    vocabulary.write(words);
    files.put(VOCABULARY_FILE, words.toByteArray());
    return files;
  }

  /**
   * Reads a bundle's embedder, checked against its manifest.
   *
   * @param files the bundle
   * @param manifest its manifest
   * @return the embedder, or null when the bundle has none (trained before bundles carried one)
   * @throws IOException naming the file when it differs from the manifest or is malformed
   */
  public static DriftEmbedder read(BundleFiles files, BundleManifest manifest) throws IOException {
    if (manifest.files() == null || !manifest.files().containsKey(WEIGHTS_FILE)) {
      return null;
    }
    LstmWeights weights;
    try (var in = new ByteArrayInputStream(files.readVerified(WEIGHTS_FILE, manifest))) {
      weights = LstmWeights.read(in);
    } catch (IOException e) {
      throw new IOException(files.location().resolve(WEIGHTS_FILE) + ": " + e.getMessage(), e);
    }
    Vocabulary vocabulary =
        Vocabulary.read(
            new ByteArrayInputStream(files.readVerified(VOCABULARY_FILE, manifest)),
            files.location().resolve(VOCABULARY_FILE).toString());
    try {
      return new DriftEmbedder(
          vocabulary, new FastLstmClassifier(weights), manifest.hyperParameters().maxLen());
    } catch (IllegalArgumentException e) {
      throw new IOException(files.location() + ": " + e.getMessage(), e);
    }
  }
}
