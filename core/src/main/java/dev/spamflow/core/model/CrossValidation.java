package dev.spamflow.core.model;

import dev.spamflow.core.serving.Ensemble;
import dev.spamflow.core.serving.NgramLinearModel;
import dev.spamflow.core.text.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The k-fold cross-validation of one training run: out-of-fold LSTM logits and n-gram margins for
 * every development message, the epochs the LSTM earns, and the combiner chosen on them.
 *
 * <p>The n-gram models are fitted first; the n-gram model alone is "epoch 0". Then the folds' LSTMs
 * train in step: every epoch, each fold's network runs one epoch (on the pool, in parallel) and
 * scores its held-out fold, and the combiner ({@link NgramTrainer#combine}) is fitted on those
 * logits and the margins. An epoch counts as an improvement only if the ensemble's out-of-fold loss
 * is lower than the best so far by at least {@value #SIGNIFICANT_Z} standard errors of the paired
 * per-message difference: the LSTM has to earn its place in the ensemble on messages it did not
 * see, beyond what chance would give one more fitted weight. Training stops after {@code patience}
 * epochs without one, or after {@code epochs}. The chosen epoch count is the last improvement's —
 * zero when the LSTM never improved on the n-gram model, and the shipped model then uses none (its
 * refit is skipped: on full-size SMS data this is the usual case, and most of a run's time).
 *
 * <p>Each fold builds its own vocabulary and idf from its training folds only, so nothing about a
 * held-out message leaks into the model that scores it.
 *
 * <p>What it yields: out-of-fold LSTM logits (at the chosen epoch; zeros when none) and n-gram
 * margins per development message, the chosen epoch count and combiner, the out-of-fold losses of
 * the n-gram model alone and of the chosen ensemble, per-epoch figures (training loss averaged over
 * the folds, the LSTM's own out-of-fold loss, F1 at 0.5 and ROC-AUC), the first fold's network and
 * vocabulary (never trained on the test part: the drift embedder of a run whose shipped model has
 * no LSTM), and the wall-clock time.
 */
final class CrossValidation {

  /**
   * Standard errors by which an epoch's ensemble must beat the best so far: the conventional two
   * (about 2 % one-sided), not tuned.
   */
  static final double SIGNIFICANT_Z = 2.0;

  private final double[] lstmLogits;
  private final double[] ngramMargins;
  private final int epochs;
  private final Ensemble ensemble;
  private final double ngramOnlyLoss;
  private final double ensembleLoss;
  private final double improvementZ;
  private final LstmTrainer.Run firstFold;
  private final Vocabulary firstFoldVocabulary;
  private final List<EpochRecord> history;
  private final double seconds;

  private CrossValidation(
      double[] lstmLogits,
      double[] ngramMargins,
      int epochs,
      Ensemble ensemble,
      double ngramOnlyLoss,
      double ensembleLoss,
      double improvementZ,
      LstmTrainer.Run firstFold,
      Vocabulary firstFoldVocabulary,
      List<EpochRecord> history,
      double seconds) {
    this.lstmLogits = lstmLogits;
    this.ngramMargins = ngramMargins;
    this.epochs = epochs;
    this.ensemble = ensemble;
    this.ngramOnlyLoss = ngramOnlyLoss;
    this.ensembleLoss = ensembleLoss;
    this.improvementZ = improvementZ;
    this.firstFold = firstFold;
    this.firstFoldVocabulary = firstFoldVocabulary;
    this.history = history;
    this.seconds = seconds;
  }

  double[] lstmLogits() {
    return lstmLogits;
  }

  double[] ngramMargins() {
    return ngramMargins;
  }

  /** LSTM epochs chosen; zero when the LSTM did not improve on the n-gram model. */
  int epochs() {
    return epochs;
  }

  /** The combiner fitted on the chosen epoch's out-of-fold scores. */
  Ensemble ensemble() {
    return ensemble;
  }

  /** Mean out-of-fold cross-entropy of the n-gram model alone (through its combiner). */
  double ngramOnlyLoss() {
    return ngramOnlyLoss;
  }

  /** Mean out-of-fold cross-entropy of the chosen ensemble. */
  double ensembleLoss() {
    return ensembleLoss;
  }

  /** The chosen epoch's improvement over the one before it, in standard errors; 0 for none. */
  double improvementZ() {
    return improvementZ;
  }

  /** The first fold's network as trained when the cross-validation stopped. */
  LstmTrainer.Run firstFold() {
    return firstFold;
  }

  /** The vocabulary the first fold's network reads. */
  Vocabulary firstFoldVocabulary() {
    return firstFoldVocabulary;
  }

  List<EpochRecord> history() {
    return history;
  }

  double seconds() {
    return seconds;
  }

  /** Seeds of the folds' networks are spread apart from the run's seed by this stride. */
  private static final long FOLD_SEED_STRIDE = 7919;

  static CrossValidation run(
      SpamModelTraining.Corpus corpus,
      int[] devIndices,
      Folds folds,
      TrainingConfig config,
      ExecutorService pool,
      TrainingListener listener)
      throws InterruptedException, ExecutionException {
    long started = System.nanoTime();
    HyperParameters params = config.hyperParameters();
    int k = folds.count();
    List<Future<Fold>> pending = new ArrayList<>(k);
    for (int f = 0; f < k; f++) {
      int fold = f;
      pending.add(pool.submit(() -> Fold.prepare(corpus, devIndices, folds, fold, params)));
    }
    List<Fold> foldList = new ArrayList<>(k);
    for (Future<Fold> future : pending) {
      foldList.add(future.get());
    }
    int batchesPerEpoch = foldList.stream().mapToInt(f -> f.run().batchesPerEpoch()).sum();
    listener.onPhase(
        k
            + "-fold cross-validation on "
            + devIndices.length
            + " development messages, "
            + Math.min(k, config.parallelism())
            + " folds at a time");
    listener.onStart(params.epochs(), batchesPerEpoch);

    boolean[] labels = corpus.labels(devIndices);
    double[] ngramMargins = new double[devIndices.length];
    for (Fold fold : foldList) {
      scatter(fold.outPositions(), fold.ngramMargins(), ngramMargins);
    }
    // Epoch 0 is the n-gram model alone: the LSTM has to earn its place in the ensemble.
    double[] noLstm = new double[devIndices.length];
    Ensemble ngramOnly = NgramTrainer.combine(noLstm, ngramMargins, labels);
    double[] bestLosses =
        LstmTrainer.losses(SpamModelTraining.combine(ngramOnly, noLstm, ngramMargins), labels);
    double ngramOnlyLoss = mean(bestLosses);
    List<EpochRecord> history = new ArrayList<>();
    double[] bestLogits = noLstm;
    Ensemble bestEnsemble = ngramOnly;
    double bestZ = 0;
    int bestEpoch = 0;
    int sinceBest = 0;
    for (int epoch = 1; epoch <= params.epochs(); epoch++) {
      long epochStart = System.nanoTime();
      AtomicInteger batches = new AtomicInteger();
      int current = epoch;
      List<Future<FoldEpoch>> results = new ArrayList<>(k);
      for (Fold fold : foldList) {
        results.add(
            pool.submit(
                () -> {
                  double loss =
                      fold.run()
                          .epoch(
                              (batchLoss, b) ->
                                  listener.onBatch(current, batches.incrementAndGet(), batchLoss));
                  return new FoldEpoch(
                      loss, LstmTrainer.logits(fold.run().classifier(), fold.out().sequences()));
                }));
      }
      double[] logits = new double[devIndices.length];
      double trainLossSum = 0;
      long trainCount = 0;
      for (int f = 0; f < k; f++) {
        Fold fold = foldList.get(f);
        FoldEpoch result = results.get(f).get();
        scatter(fold.outPositions(), result.outLogits(), logits);
        trainLossSum += result.trainLoss() * fold.trainSize();
        trainCount += fold.trainSize();
      }
      double[] probabilities = new double[logits.length];
      for (int i = 0; i < logits.length; i++) {
        probabilities[i] = 1.0 / (1.0 + Math.exp(-logits[i]));
      }
      double loss = LstmTrainer.crossEntropy(probabilities, labels);
      Metrics atHalf = Metrics.compute(probabilities, labels, 0.5);
      Ensemble combined = NgramTrainer.combine(logits, ngramMargins, labels);
      double[] ensembleLosses =
          LstmTrainer.losses(SpamModelTraining.combine(combined, logits, ngramMargins), labels);
      double z = pairedImprovement(bestLosses, ensembleLosses);
      boolean improved = z >= SIGNIFICANT_Z;
      listener.onPhase(
          String.format(
              Locale.ROOT,
              "epoch %d: ensemble out-of-fold loss %.5f (n-grams alone %.5f; z %.2f against the"
                  + " best so far, %s), LSTM weight %.3f; LSTM alone %.5f",
              epoch,
              mean(ensembleLosses),
              ngramOnlyLoss,
              z,
              improved ? "an improvement" : "no significant improvement",
              combined.lstmWeight(),
              loss));
      if (improved) {
        bestLosses = ensembleLosses;
        bestEpoch = epoch;
        bestLogits = logits;
        bestEnsemble = combined;
        bestZ = z;
        sinceBest = 0;
      } else {
        sinceBest++;
      }
      EpochRecord record =
          new EpochRecord(
              epoch,
              trainLossSum / Math.max(1, trainCount),
              loss,
              atHalf.f1(),
              atHalf.rocAuc(),
              (System.nanoTime() - epochStart) / 1_000_000,
              improved);
      history.add(record);
      listener.onEpoch(record);
      if (sinceBest >= params.patience()) {
        break;
      }
    }
    return new CrossValidation(
        bestLogits,
        ngramMargins,
        bestEpoch,
        bestEnsemble,
        ngramOnlyLoss,
        mean(bestLosses),
        bestZ,
        foldList.getFirst().run(),
        foldList.getFirst().vocabulary(),
        List.copyOf(history),
        (System.nanoTime() - started) / 1e9);
  }

  /**
   * How much lower the second set of per-message losses is than the first, in standard errors of
   * the mean paired difference (a one-sample z statistic; thousands of messages make the normal
   * approximation sound). Zero when the two are identical.
   */
  static double pairedImprovement(double[] before, double[] after) {
    int n = before.length;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += before[i] - after[i];
    }
    double mean = sum / n;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      double d = before[i] - after[i] - mean;
      squares += d * d;
    }
    double standardError = Math.sqrt(squares / Math.max(1, n - 1) / n);
    return standardError == 0 ? 0 : mean / standardError;
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / Math.max(1, values.length);
  }

  private static void scatter(int[] positions, double[] values, double[] into) {
    for (int i = 0; i < positions.length; i++) {
      into[positions[i]] = values[i];
    }
  }

  /** One fold's epoch: its mean training loss and its held-out messages' logits. */
  @SuppressWarnings("ArrayRecordComponent") // built and read here only, never compared
  private record FoldEpoch(double trainLoss, double[] outLogits) {}

  /** One fold: its network in training, its held-out messages, its n-gram margins. */
  private static final class Fold {
    private final LstmTrainer.Run run;
    private final Vocabulary vocabulary;
    private final EncodedSet out;
    private final int[] outPositions;
    private final double[] ngramMargins;
    private final int trainSize;

    private Fold(
        LstmTrainer.Run run,
        Vocabulary vocabulary,
        EncodedSet out,
        int[] outPositions,
        double[] ngramMargins,
        int trainSize) {
      this.run = run;
      this.vocabulary = vocabulary;
      this.out = out;
      this.outPositions = outPositions;
      this.ngramMargins = ngramMargins;
      this.trainSize = trainSize;
    }

    static Fold prepare(
        SpamModelTraining.Corpus corpus,
        int[] devIndices,
        Folds folds,
        int fold,
        HyperParameters params) {
      int[] train = SpamModelTraining.pick(devIndices, folds.rest(fold));
      int[] outPositions = folds.members(fold);
      int[] out = SpamModelTraining.pick(devIndices, outPositions);
      Vocabulary vocabulary = corpus.vocabulary(train, params);
      HyperParameters foldParams = params.withSeed(params.seed() + FOLD_SEED_STRIDE * (fold + 1));
      LstmTrainer.Run run =
          new LstmTrainer.Run(
              foldParams, vocabulary.size(), corpus.encode(train, vocabulary, params.maxLen()));
      NgramLinearModel ngram =
          NgramTrainer.train(
              corpus.features(), corpus.counts(), corpus.isSpam(), train, foldParams.seed());
      return new Fold(
          run,
          vocabulary,
          corpus.encode(out, vocabulary, params.maxLen()),
          outPositions,
          corpus.margins(ngram, out),
          train.length);
    }

    LstmTrainer.Run run() {
      return run;
    }

    Vocabulary vocabulary() {
      return vocabulary;
    }

    EncodedSet out() {
      return out;
    }

    int[] outPositions() {
      return outPositions;
    }

    double[] ngramMargins() {
      return ngramMargins;
    }

    int trainSize() {
      return trainSize;
    }
  }
}
