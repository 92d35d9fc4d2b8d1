package dev.spamflow.core.serving;

import dev.spamflow.core.text.TextFeatures;
import dev.spamflow.core.text.Vocabulary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Predicts spam with a trained bundle, in plain Java: tokenise, then the LSTM's forward pass and,
 * in a format-2 bundle, the n-gram model, combined by the bundle's {@link Ensemble}; then the
 * bundle's threshold. Loads without ND4J; thread-safe.
 */
public final class SpamPredictor {

  private final BundleManifest manifest;
  private final Vocabulary vocabulary;
  private final FastLstmClassifier classifier;
  private final NgramLinearModel ngram;
  private final int maxLen;

  /**
   * Assembles a predictor for an LSTM-only (format 1) bundle.
   *
   * @param manifest the bundle manifest (threshold, maximum length); no ensemble
   * @param vocabulary the vocabulary the network was trained with
   * @param classifier the forward pass over the network's weights
   * @throws IllegalArgumentException when the manifest describes an ensemble
   */
  public SpamPredictor(
      BundleManifest manifest, Vocabulary vocabulary, FastLstmClassifier classifier) {
    this(manifest, vocabulary, classifier, null);
  }

  /**
   * Assembles a predictor from loaded parts.
   *
   * @param manifest the bundle manifest (threshold, maximum length, ensemble)
   * @param vocabulary the vocabulary the network was trained with
   * @param classifier the forward pass over the network's weights
   * @param ngram the n-gram model: required when the manifest has an ensemble, null otherwise
   * @throws IllegalArgumentException when {@code ngram} and the manifest disagree
   */
  public SpamPredictor(
      BundleManifest manifest,
      Vocabulary vocabulary,
      FastLstmClassifier classifier,
      NgramLinearModel ngram) {
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
    this.classifier = Objects.requireNonNull(classifier, "classifier");
    if (manifest.hasEnsemble() != (ngram != null)) {
      throw new IllegalArgumentException(
          manifest.hasEnsemble()
              ? "the manifest combines an n-gram model, but none was given"
              : "an n-gram model was given, but the manifest has no ensemble to combine it");
    }
    this.ngram = ngram;
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
    // readVerified names the file in its own errors; only the parse's need the path added.
    byte[] weightBytes = files.readVerified(LstmWeights.FILE_NAME, manifest);
    try (var in = new ByteArrayInputStream(weightBytes)) {
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
    return new SpamPredictor(
        manifest, vocabulary, new FastLstmClassifier(weights), files.ngramModel(manifest));
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
   * Encodes a text as the LSTM sees it.
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
    return spamProbability(TextFeatures.analyse(text));
  }

  /**
   * Returns the probability for a message already analysed by {@link TextFeatures#analyse}.
   *
   * @param analysis the message's analysis
   * @return a probability in [0, 1]
   */
  public double spamProbability(TextFeatures.Analysis analysis) {
    if (ngram == null) {
      int[] ids = vocabulary.encode(analysis.tokens(), maxLen);
      return classifier.spamProbability(ids, ids.length);
    }
    Ensemble ensemble = manifest.ensemble();
    return ensemble.spamProbability(
        lstmLogit(ensemble, analysis.tokens()),
        ngram.margin(analysis.cleaned(), analysis.tokens()));
  }

  /** The LSTM's logit, or 0 when the combiner gave it no weight (then it is not run at all). */
  private double lstmLogit(Ensemble ensemble, List<String> tokens) {
    if (ensemble.lstmWeight() == 0) {
      return 0;
    }
    int[] ids = vocabulary.encode(tokens, maxLen);
    return classifier.spamLogit(ids, ids.length);
  }

  /**
   * Returns the probability with one token left out, for leave-one-token-out explanations: the LSTM
   * reads the other tokens; the n-gram model loses that token's word unigram and bigrams (its
   * character n-grams, read from the text, stay).
   *
   * @param analysis the message's analysis
   * @param skipped index into {@code analysis.tokens()} of the token to leave out
   * @return a probability in [0, 1]
   * @throws IndexOutOfBoundsException when {@code skipped} is not a token index
   */
  public double spamProbabilityWithout(TextFeatures.Analysis analysis, int skipped) {
    List<String> tokens = analysis.tokens();
    Objects.checkIndex(skipped, tokens.size());
    List<String> rest = new ArrayList<>(tokens.size() - 1);
    for (int i = 0; i < tokens.size(); i++) {
      if (i != skipped) {
        rest.add(tokens.get(i));
      }
    }
    if (ngram == null) {
      int[] ids = vocabulary.encode(rest, maxLen);
      return classifier.spamProbability(ids, ids.length);
    }
    double margin =
        ngram.margin(ngram.features().counts(analysis.cleaned(), analysis.tokens(), skipped));
    Ensemble ensemble = manifest.ensemble();
    return ensemble.spamProbability(lstmLogit(ensemble, rest), margin);
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
    return Prediction.of(spamProbability(analysis), manifest.threshold());
  }
}
