package dev.spamflow.core.model;

import dev.spamflow.core.BuildInfo;
import dev.spamflow.core.baseline.NaiveBayesBaseline;
import dev.spamflow.core.data.DataSplit;
import dev.spamflow.core.data.DatasetStats;
import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.LoadedDataset;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.Splitter;
import dev.spamflow.core.drift.DriftEmbedder;
import dev.spamflow.core.drift.DriftReference;
import dev.spamflow.core.drift.EmbeddingDrift;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.core.serving.Ensemble;
import dev.spamflow.core.serving.FastLstmClassifier;
import dev.spamflow.core.serving.NgramFeatures;
import dev.spamflow.core.serving.NgramLinearModel;
import dev.spamflow.core.serving.SpamPredictor;
import dev.spamflow.core.text.TextFeatures;
import dev.spamflow.core.text.Vocabulary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One whole training run, judged as its users will meet it.
 *
 * <ol>
 *   <li><b>Cross-validation.</b> The development data (the split's training and validation parts)
 *       is dealt into k stratified folds. For each fold an LSTM and an n-gram model learn from the
 *       other folds; the folds' LSTMs train in step, an epoch at a time, and stop when the summed
 *       out-of-fold loss has not improved for {@code patience} epochs. Every development message so
 *       gets scores from models that never saw it.
 *   <li><b>Choices from those scores.</b> The epoch with the lowest out-of-fold loss; the combiner
 *       of the two halves ({@link Ensemble}, a logistic regression on their out-of-fold scores);
 *       and the threshold ({@link ThresholdSelector#choose}, with its guarantee) — from thousands
 *       of scores rather than one small validation part.
 *   <li><b>Held-out figures.</b> A model trained the same way on all the development data is scored
 *       on the test part it never saw, at that threshold: the figures reported as held-out.
 *   <li><b>The shipped model learns from everything</b>: both halves are refitted on all the
 *       messages, development and test, with the chosen epochs, combiner and threshold.
 * </ol>
 *
 * <p>The naive-Bayes baseline goes through the same folds, threshold rule and test part.
 */
public final class SpamModelTraining {

  private SpamModelTraining() {}

  /**
   * Trains a model.
   *
   * @param sources names of the input files, recorded for provenance
   * @param dataset the loaded, deduplicated data
   * @param config hyper-parameters, split fractions, ceiling, folds
   * @param listener progress receiver
   * @return the trained model with its metrics
   * @throws IllegalArgumentException when the data cannot be split or cross-validated (too few
   *     rows, too few of a class)
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
   * @param split the parts; training and validation together are the development data, the test
   *     part is held out
   * @param splitSeed the seed the split was cut with, recorded for provenance
   * @param config hyper-parameters, the split fractions (recorded), ceiling, folds, parallelism
   * @param progress progress receiver
   * @return the trained model with its metrics
   * @throws IllegalArgumentException when the test part is empty or the development data has fewer
   *     spam or ham than folds
   */
  public static TrainedModel train(
      List<String> sources,
      String contentHash,
      DatasetStats stats,
      DataSplit split,
      long splitSeed,
      TrainingConfig config,
      TrainingListener progress) {
    TrainingListener listener = new SerialListener(progress);
    List<Message> development = new ArrayList<>(split.train());
    development.addAll(split.validation());
    if (split.test().isEmpty()) {
      throw new IllegalArgumentException(
          "training needs a non-empty test part to report held-out figures, got 0 messages");
    }
    List<Message> everything = new ArrayList<>(development);
    everything.addAll(split.test());
    Corpus corpus = new Corpus(everything, new NgramFeatures(config.ngramBits()));
    int devCount = development.size();
    int[] devIndices = range(0, devCount);
    int[] testIndices = range(devCount, everything.size());
    boolean[] devLabels = corpus.labels(devIndices);
    Folds folds = Folds.stratified(devLabels, config.folds(), config.hyperParameters().seed());

    ExecutorService pool = Executors.newFixedThreadPool(config.parallelism());
    try {
      CrossValidation cv = CrossValidation.run(corpus, devIndices, folds, config, pool, listener);
      Ensemble ensemble = cv.ensemble();
      double[] oofScores = combine(ensemble, cv.lstmLogits(), cv.ngramMargins());
      ThresholdSelector.Selection selection =
          ThresholdSelector.choose(
              oofScores, devLabels, config.blockedHamCeiling(), config.folds());
      double threshold = selection.threshold();
      Metrics validation = Metrics.compute(oofScores, devLabels, threshold);
      // The LSTM alone at the chosen epoch, or at the last one run when it earned none.
      int lstmEpoch = cv.epochs() > 0 ? cv.epochs() : cv.history().size();
      double lstmRocAuc = cv.history().get(lstmEpoch - 1).validationRocAuc();
      double ngramRocAuc = Metrics.compute(cv.ngramMargins(), devLabels, 0).rocAuc();
      listener.onPhase(
          String.format(
              Locale.ROOT,
              "cross-validation: %s; out-of-fold F1 %.3f, recall %.3f, blocked ham"
                  + " %d of %d at threshold %.4f (guaranteed ≤ %.2f %%); ROC-AUC LSTM %.4f,"
                  + " n-grams %.4f, combined %.4f",
              cv.epochs() > 0
                  ? cv.epochs()
                      + " LSTM epochs chosen (weight "
                      + round(ensemble.lstmWeight())
                      + ")"
                  : "the LSTM did not improve on the n-gram model out of fold, so the model is the"
                      + " n-gram model alone",
              validation.f1(),
              validation.recall(),
              validation.falsePositives(),
              validation.falsePositives() + validation.trueNegatives(),
              threshold,
              100 * selection.choice().bound(),
              lstmRocAuc,
              ngramRocAuc,
              validation.rocAuc()));
      if (!selection.choice().note().isEmpty()) {
        listener.onPhase("threshold: " + selection.choice().note());
      }

      listener.onPhase(
          "fitting the held-out model on "
              + devCount
              + " messages and the shipped model on all "
              + everything.size()
              + (cv.epochs() > 0 ? ", " + cv.epochs() + " LSTM epochs each" : ", n-grams only"));
      HyperParameters fitted = config.hyperParameters();
      Future<Fit> heldOutFit =
          pool.submit(() -> Fit.train(corpus, devIndices, fitted, cv, listener, "held-out"));
      Future<Fit> shippedFit =
          pool.submit(
              () ->
                  Fit.train(corpus, range(0, everything.size()), fitted, cv, listener, "shipped"));
      Metrics baseline = baseline(corpus, devIndices, testIndices, folds, config);
      Fit heldOut = heldOutFit.get();
      Metrics test =
          Metrics.compute(
              heldOut.scores(corpus, testIndices, ensemble), corpus.labels(testIndices), threshold);
      Fit shipped = shippedFit.get();
      listener.onPhase(
          String.format(
              Locale.ROOT,
              "held-out test (%d messages the held-out model never saw): F1 %.3f, recall %.3f,"
                  + " blocked ham %d of %d; naive-Bayes baseline F1 %.3f",
              test.count(),
              test.f1(),
              test.recall(),
              test.falsePositives(),
              test.falsePositives() + test.trueNegatives(),
              baseline.f1()));

      BundleManifest manifest =
          new BundleManifest(
              BundleManifest.FORMAT_VERSION,
              BundleManifest.MODEL_NAME,
              Instant.now().toString(),
              config.hyperParameters(),
              shipped.vocabulary().size(),
              threshold,
              config.blockedHamCeiling(),
              cv.epochs(),
              provenance(sources, contentHash, stats, split, splitSeed, config),
              validation,
              test,
              baseline,
              cv.history(),
              Map.of(),
              ensemble,
              selection.choice(),
              new BundleManifest.CrossValidation(
                  config.folds(),
                  devCount,
                  cv.epochs(),
                  lstmRocAuc,
                  ngramRocAuc,
                  validation.rocAuc(),
                  cv.seconds(),
                  cv.ngramOnlyLoss(),
                  cv.ensembleLoss(),
                  cv.improvementZ()),
              new BundleManifest.Refit(everything.size(), cv.epochs()),
              BuildInfo.codeVersion(),
              TextFeatures.VERSION);
      listener.onPhase(
          "measuring the drift reference: features of all "
              + everything.size()
              + " messages, the held-out model's embeddings of up to "
              + Math.min(EmbeddingDrift.MAX_ROWS, testIndices.length)
              + " test messages it never saw");
      SpamPredictor shippedPredictor =
          new SpamPredictor(
              manifest,
              shipped.vocabulary(),
              new FastLstmClassifier(LstmWeightsExporter.export(shipped.run().network())),
              shipped.ngram());
      List<String> texts = new ArrayList<>(everything.size());
      for (Message message : everything) {
        texts.add(message.text());
      }
      DriftEmbedder embedder =
          new DriftEmbedder(heldOut.vocabulary(), heldOut.run().classifier(), heldOut.maxLen());
      DriftReference reference =
          DriftReference.build(
              shippedPredictor,
              embedder,
              texts,
              texts.subList(devCount, everything.size()),
              config.hyperParameters().seed());
      return new TrainedModel(
          manifest,
          shipped.vocabulary(),
          shipped.run().network(),
          shipped.ngram(),
          reference,
          embedder);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while training", e);
    } catch (ExecutionException e) {
      throw rethrow(e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static BundleManifest.DataProvenance provenance(
      List<String> sources,
      String contentHash,
      DatasetStats stats,
      DataSplit split,
      long splitSeed,
      TrainingConfig config) {
    return new BundleManifest.DataProvenance(
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
  }

  /**
   * Scores the naive-Bayes baseline on the test part, its threshold chosen by the same rule from
   * its own out-of-fold scores over the same folds, so the two models are compared on equal terms.
   * Its scores are log-odds: its probabilities round dozens of messages, ham among them, to exactly
   * 1.0, and a threshold cannot cut between tied scores (the "threshold 1.0, F1 0.0").
   */
  private static Metrics baseline(
      Corpus corpus, int[] devIndices, int[] testIndices, Folds folds, TrainingConfig config) {
    double[] oof = new double[devIndices.length];
    for (int fold = 0; fold < folds.count(); fold++) {
      NaiveBayesBaseline model =
          NaiveBayesBaseline.train(corpus.messages(pick(devIndices, folds.rest(fold))));
      for (int member : folds.members(fold)) {
        oof[member] = model.logOdds(corpus.message(devIndices[member]).text());
      }
    }
    double threshold =
        ThresholdSelector.select(oof, corpus.labels(devIndices), config.blockedHamCeiling());
    NaiveBayesBaseline model = NaiveBayesBaseline.train(corpus.messages(devIndices));
    double[] scores = new double[testIndices.length];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = model.logOdds(corpus.message(testIndices[i]).text());
    }
    return Metrics.compute(scores, corpus.labels(testIndices), threshold);
  }

  static double[] combine(Ensemble ensemble, double[] lstmLogits, double[] ngramMargins) {
    double[] out = new double[lstmLogits.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = ensemble.spamProbability(lstmLogits[i], ngramMargins[i]);
    }
    return out;
  }

  /** The messages of a run, analysed once: tokens for both halves, n-gram counts, labels. */
  static final class Corpus {
    private final List<Message> messages;
    private final List<List<String>> tokens;
    private final List<NgramFeatures.Counts> counts;
    private final boolean[] isSpam;
    private final NgramFeatures features;

    Corpus(List<Message> messages, NgramFeatures features) {
      this.messages = List.copyOf(messages);
      this.features = features;
      this.tokens = new ArrayList<>(messages.size());
      this.counts = new ArrayList<>(messages.size());
      this.isSpam = new boolean[messages.size()];
      for (int i = 0; i < messages.size(); i++) {
        TextFeatures.Analysis analysis = TextFeatures.analyse(messages.get(i).text());
        tokens.add(analysis.tokens());
        counts.add(features.counts(analysis.cleaned(), analysis.tokens()));
        isSpam[i] = messages.get(i).label() == Label.SPAM;
      }
    }

    Message message(int index) {
      return messages.get(index);
    }

    List<Message> messages(int[] indices) {
      List<Message> out = new ArrayList<>(indices.length);
      for (int index : indices) {
        out.add(messages.get(index));
      }
      return out;
    }

    boolean[] labels(int[] indices) {
      boolean[] out = new boolean[indices.length];
      for (int i = 0; i < indices.length; i++) {
        out[i] = isSpam[indices[i]];
      }
      return out;
    }

    NgramFeatures features() {
      return features;
    }

    List<NgramFeatures.Counts> counts() {
      return counts;
    }

    boolean[] isSpam() {
      return isSpam;
    }

    Vocabulary vocabulary(int[] indices, HyperParameters params) {
      List<List<String>> chosen = new ArrayList<>(indices.length);
      for (int index : indices) {
        chosen.add(tokens.get(index));
      }
      return Vocabulary.build(chosen, params.vocabSize(), params.minTokenCount());
    }

    EncodedSet encode(int[] indices, Vocabulary vocabulary, int maxLen) {
      List<int[]> sequences = new ArrayList<>(indices.length);
      for (int index : indices) {
        sequences.add(vocabulary.encode(tokens.get(index), maxLen));
      }
      return new EncodedSet(sequences, labels(indices));
    }

    double[] margins(NgramLinearModel model, int[] indices) {
      double[] out = new double[indices.length];
      for (int i = 0; i < indices.length; i++) {
        out[i] = model.margin(counts.get(indices[i]));
      }
      return out;
    }
  }

  /**
   * Both halves trained on one set of messages for the epochs the cross-validation chose. With none
   * chosen the LSTM half is the cross-validation's first fold network, which the ensemble weighs 0
   * (it is never run when serving) and which serves only as the drift embedder: it never saw the
   * test part.
   */
  record Fit(Vocabulary vocabulary, LstmTrainer.Run run, NgramLinearModel ngram, int maxLen) {

    static Fit train(
        Corpus corpus,
        int[] members,
        HyperParameters params,
        CrossValidation cv,
        TrainingListener listener,
        String name) {
      int epochs = cv.epochs();
      if (epochs == 0) {
        return new Fit(
            cv.firstFoldVocabulary(),
            cv.firstFold(),
            ngram(corpus, members, params),
            params.maxLen());
      }
      Vocabulary vocabulary = corpus.vocabulary(members, params);
      EncodedSet set = corpus.encode(members, vocabulary, params.maxLen());
      LstmTrainer.Run run = new LstmTrainer.Run(params, vocabulary.size(), set);
      for (int epoch = 1; epoch <= epochs; epoch++) {
        long start = System.nanoTime();
        double loss = run.epoch((l, b) -> {});
        listener.onPhase(
            String.format(
                Locale.ROOT,
                "%s model: epoch %d/%d loss %.4f, %.1f s",
                name,
                epoch,
                epochs,
                loss,
                (System.nanoTime() - start) / 1e9));
      }
      return new Fit(vocabulary, run, ngram(corpus, members, params), params.maxLen());
    }

    private static NgramLinearModel ngram(Corpus corpus, int[] members, HyperParameters params) {
      return NgramTrainer.train(
          corpus.features(), corpus.counts(), corpus.isSpam(), members, params.seed());
    }

    double[] scores(Corpus corpus, int[] indices, Ensemble ensemble) {
      FastLstmClassifier classifier = run.classifier();
      double[] logits =
          LstmTrainer.logits(classifier, corpus.encode(indices, vocabulary, maxLen).sequences());
      return combine(ensemble, logits, corpus.margins(ngram, indices));
    }
  }

  private static String round(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  static int[] range(int from, int to) {
    int[] out = new int[to - from];
    for (int i = 0; i < out.length; i++) {
      out[i] = from + i;
    }
    return out;
  }

  static int[] pick(int[] indices, int[] positions) {
    int[] out = new int[positions.length];
    for (int i = 0; i < positions.length; i++) {
      out[i] = indices[positions[i]];
    }
    return out;
  }

  /** Listener calls from the folds' threads arrive one at a time, as its contract promises. */
  private static final class SerialListener implements TrainingListener {
    private final TrainingListener delegate;

    SerialListener(TrainingListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public synchronized void onStart(int maxEpochs, int batchesPerEpoch) {
      delegate.onStart(maxEpochs, batchesPerEpoch);
    }

    @Override
    public synchronized void onBatch(int epoch, int batch, double loss) {
      delegate.onBatch(epoch, batch, loss);
    }

    @Override
    public synchronized void onEpoch(EpochRecord record) {
      delegate.onEpoch(record);
    }

    @Override
    public synchronized void onPhase(String line) {
      delegate.onPhase(line);
    }
  }

  static RuntimeException rethrow(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException("training failed: " + cause, cause);
  }
}
