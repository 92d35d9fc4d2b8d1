package dev.spamflow.core.model;

import dev.spamflow.core.baseline.NaiveBayesBaseline;
import dev.spamflow.core.data.DataSplit;
import dev.spamflow.core.data.DatasetStats;
import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.LoadedDataset;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.Splitter;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.core.text.TextFeatures;
import dev.spamflow.core.text.Vocabulary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One whole training run: split the deduplicated data, build the vocabulary from the training
 * split, train the LSTM with early stopping, choose the threshold on validation, and score the
 * held-out test split.
 */
public final class SpamModelTraining {

  private SpamModelTraining() {}

  /**
   * Trains a model.
   *
   * @param sources names of the input files, recorded for provenance
   * @param dataset the loaded, deduplicated data
   * @param config hyper-parameters, split fractions and blocked-ham ceiling
   * @param listener progress receiver
   * @return the trained model with its metrics
   * @throws IllegalArgumentException when the data cannot be split (too few rows, one class)
   */
  public static TrainedModel train(
      List<String> sources,
      LoadedDataset dataset,
      TrainingConfig config,
      TrainingListener listener) {
    HyperParameters params = config.hyperParameters();
    DataSplit split =
        Splitter.split(
            dataset.messages(), config.validationFraction(), config.testFraction(), params.seed());
    return train(
        sources, dataset.contentHash(), dataset.stats(), split, params.seed(), config, listener);
  }

  /**
   * Trains a model on a split made earlier (by the curate stage, say), so that every trial of a
   * search and the quality gate see exactly the same parts.
   *
   * @param sources names of the input files, recorded for provenance
   * @param contentHash hash of the deduplicated messages the split was cut from
   * @param stats counts from loading those messages
   * @param split the train, validation and test parts; validation and test must not be empty
   * @param splitSeed the seed the split was cut with, recorded for provenance
   * @param config hyper-parameters, the split fractions (recorded) and blocked-ham ceiling
   * @param listener progress receiver
   * @return the trained model with its metrics
   * @throws IllegalArgumentException when a part is empty
   */
  public static TrainedModel train(
      List<String> sources,
      String contentHash,
      DatasetStats stats,
      DataSplit split,
      long splitSeed,
      TrainingConfig config,
      TrainingListener listener) {
    if (split.train().isEmpty() || split.validation().isEmpty() || split.test().isEmpty()) {
      throw new IllegalArgumentException(
          "training needs non-empty train, validation and test parts but got "
              + split.train().size()
              + ", "
              + split.validation().size()
              + " and "
              + split.test().size()
              + " messages");
    }
    HyperParameters params = config.hyperParameters();
    List<List<String>> trainTokens = new ArrayList<>(split.train().size());
    for (Message message : split.train()) {
      trainTokens.add(TextFeatures.tokens(message.text()));
    }
    Vocabulary vocabulary =
        Vocabulary.build(trainTokens, params.vocabSize(), params.minTokenCount());
    EncodedSet train = encode(split.train(), vocabulary, params.maxLen());
    EncodedSet validation = encode(split.validation(), vocabulary, params.maxLen());
    EncodedSet test = encode(split.test(), vocabulary, params.maxLen());

    LstmTrainer.Result result =
        LstmTrainer.train(params, vocabulary.size(), train, validation, listener);

    int scoringBatch = Math.max(64, params.batchSize() * 4);
    double[] validationScores =
        LstmTrainer.predict(result.network(), validation.sequences(), scoringBatch);
    double threshold =
        ThresholdSelector.select(validationScores, validation.isSpam(), config.blockedHamCeiling());
    Metrics validationMetrics = Metrics.compute(validationScores, validation.isSpam(), threshold);
    double[] testScores = LstmTrainer.predict(result.network(), test.sequences(), scoringBatch);
    Metrics testMetrics = Metrics.compute(testScores, test.isSpam(), threshold);
    Metrics baselineMetrics = baseline(split, config.blockedHamCeiling());

    BundleManifest.DataProvenance provenance =
        new BundleManifest.DataProvenance(
            List.copyOf(sources),
            contentHash,
            split.hashes().train(),
            split.hashes().validation(),
            split.hashes().test(),
            stats.read(),
            stats.rejected(),
            stats.duplicates(),
            split.train().size(),
            split.validation().size(),
            split.test().size(),
            splitSeed,
            config.validationFraction(),
            config.testFraction());
    BundleManifest manifest =
        new BundleManifest(
            BundleManifest.FORMAT_VERSION,
            BundleManifest.MODEL_NAME,
            Instant.now().toString(),
            params,
            vocabulary.size(),
            threshold,
            config.blockedHamCeiling(),
            result.bestEpoch(),
            provenance,
            validationMetrics,
            testMetrics,
            baselineMetrics,
            result.history(),
            Map.of());
    return new TrainedModel(manifest, vocabulary, result.network());
  }

  /**
   * Scores the naive-Bayes baseline on the same split, its threshold chosen on validation under the
   * same ceiling, so the two models are compared on equal terms.
   *
   * @return the baseline's test metrics
   */
  public static Metrics baseline(DataSplit split, double blockedHamCeiling) {
    NaiveBayesBaseline baseline = NaiveBayesBaseline.train(split.train());
    double threshold =
        ThresholdSelector.select(
            scores(baseline, split.validation()), labels(split.validation()), blockedHamCeiling);
    return Metrics.compute(scores(baseline, split.test()), labels(split.test()), threshold);
  }

  private static double[] scores(NaiveBayesBaseline baseline, List<Message> messages) {
    double[] scores = new double[messages.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = baseline.spamProbability(messages.get(i).text());
    }
    return scores;
  }

  private static boolean[] labels(List<Message> messages) {
    boolean[] labels = new boolean[messages.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = messages.get(i).label() == Label.SPAM;
    }
    return labels;
  }

  /**
   * Encodes messages with a vocabulary.
   *
   * @return the id sequences and labels
   */
  public static EncodedSet encode(List<Message> messages, Vocabulary vocabulary, int maxLen) {
    List<int[]> sequences = new ArrayList<>(messages.size());
    boolean[] isSpam = new boolean[messages.size()];
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      sequences.add(vocabulary.encode(TextFeatures.tokens(message.text()), maxLen));
      isSpam[i] = message.label() == Label.SPAM;
    }
    return new EncodedSet(sequences, isSpam);
  }
}
