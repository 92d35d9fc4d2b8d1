package dev.spamflow.core.serving;

import dev.spamflow.core.text.TextFeatures;
import dev.spamflow.core.text.Vocabulary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Predicts spam with a trained bundle through the lean forward pass: tokenise, encode, run the LSTM
 * in plain Java, apply the bundle's threshold. Loads without ND4J; thread-safe.
 */
public final class SpamPredictor {

  private final BundleManifest manifest;
  private final Vocabulary vocabulary;
  private final FastLstmClassifier classifier;
  private final int maxLen;

  /**
   * Assembles a predictor from loaded parts.
   *
   * @param manifest the bundle manifest (threshold, maximum length)
   * @param vocabulary the vocabulary the network was trained with
   * @param classifier the forward pass over the network's weights
   */
  public SpamPredictor(
      BundleManifest manifest, Vocabulary vocabulary, FastLstmClassifier classifier) {
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
    this.classifier = Objects.requireNonNull(classifier, "classifier");
    this.maxLen = manifest.hyperParameters().maxLen();
  }

  /**
   * Loads a bundle, checking every file against the manifest's checksums.
   *
   * @param bundle a bundle directory or a zip of one
   * @return a ready predictor
   * @throws IOException naming the file when the bundle is missing, corrupt or of another format
   */
  public static SpamPredictor load(Path bundle) throws IOException {
    BundleFiles files = BundleFiles.open(bundle);
    BundleManifest manifest = files.manifest();
    Vocabulary vocabulary = files.vocabulary(manifest);
    LstmWeights weights;
    try (var in = new ByteArrayInputStream(files.readVerified(LstmWeights.FILE_NAME, manifest))) {
      weights = LstmWeights.read(in);
    } catch (IOException e) {
      throw new IOException(bundle.resolve(LstmWeights.FILE_NAME) + ": " + e.getMessage(), e);
    }
    if (weights.vocabularySize() != vocabulary.size()) {
      throw new IOException(
          bundle
              + ": weights are for a vocabulary of "
              + weights.vocabularySize()
              + " but vocabulary.txt has "
              + vocabulary.size()
              + " entries");
    }
    return new SpamPredictor(manifest, vocabulary, new FastLstmClassifier(weights));
  }

  /** Returns the manifest of the loaded bundle. */
  public BundleManifest manifest() {
    return manifest;
  }

  /** Returns the decision threshold. */
  public double threshold() {
    return manifest.threshold();
  }

  /**
   * Encodes a text as the network sees it.
   *
   * @param text raw message text
   * @return token ids, at most the bundle's maximum length, never empty
   */
  public int[] encode(String text) {
    return vocabulary.encode(TextFeatures.tokens(text), maxLen);
  }

  /**
   * Returns the probability that a message is spam.
   *
   * @param text raw message text
   * @return a probability in [0, 1]
   */
  public double spamProbability(String text) {
    int[] ids = encode(text);
    return classifier.spamProbability(ids, ids.length);
  }

  /**
   * Returns the probability for already encoded token ids (for callers that vary the tokens, such
   * as explanations).
   *
   * @param ids token ids from {@link #encode}
   * @return a probability in [0, 1]
   */
  public double spamProbability(int[] ids) {
    return classifier.spamProbability(ids, ids.length);
  }

  /**
   * Classifies one message.
   *
   * @param text raw message text
   * @return the verdict under the bundle's threshold
   */
  public Prediction predict(String text) {
    return Prediction.of(spamProbability(text), manifest.threshold());
  }

  /**
   * Classifies a message already tokenised by {@link TextFeatures#analyse}: the same verdict as
   * {@link #predict(String)} on its text, for callers that also want the text's features and so
   * should not tokenise it twice.
   *
   * @param analysis the message's analysis
   * @return the verdict under the bundle's threshold
   */
  public Prediction predict(TextFeatures.Analysis analysis) {
    return Prediction.of(
        spamProbability(vocabulary.encode(analysis.tokens(), maxLen)), manifest.threshold());
  }
}
