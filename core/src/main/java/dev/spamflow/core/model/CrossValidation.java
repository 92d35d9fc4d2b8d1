package dev.spamflow.core.model;

import dev.spamflow.core.serving.NgramLinearModel;
import dev.spamflow.core.text.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The k-fold cross-validation of one training run: out-of-fold LSTM logits and n-gram margins for
 * every development message, and the epoch count chosen on them.
 *
 * <p>The folds' LSTMs train in step: every epoch, each fold's network runs one epoch (on the pool,
 * in parallel) and scores its held-out fold; the summed out-of-fold loss decides. Training stops
 * when that loss has not improved for {@code patience} epochs, or after {@code epochs}; the logits
 * kept are those of the best epoch. Each fold builds its own vocabulary and idf from its training
 * folds only, so nothing about a held-out message leaks into the model that scores it.
 *
 * <p>What it yields: out-of-fold LSTM logits (at the chosen epoch) and n-gram margins per
 * development message, the chosen epoch count, per-epoch figures (training loss averaged over the
 * folds, out-of-fold loss, F1 at 0.5, ROC-AUC) and the wall-clock time.
 */
final class CrossValidation {

  private final double[] lstmLogits;
  private final double[] ngramMargins;
  private final int epochs;
  private final List<EpochRecord> history;
  private final double seconds;

  private CrossValidation(
      double[] lstmLogits,
      double[] ngramMargins,
      int epochs,
      List<EpochRecord> history,
      double seconds) {
    this.lstmLogits = lstmLogits;
    this.ngramMargins = ngramMargins;
    this.epochs = epochs;
    this.history = history;
    this.seconds = seconds;
  }

  double[] lstmLogits() {
    return lstmLogits;
  }

  double[] ngramMargins() {
    return ngramMargins;
  }

  int epochs() {
    return epochs;
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
    List<EpochRecord> history = new ArrayList<>();
    double[] bestLogits = null;
    double bestLoss = Double.POSITIVE_INFINITY;
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
      boolean improved = loss < bestLoss;
      if (improved) {
        bestLoss = loss;
        bestEpoch = epoch;
        bestLogits = logits;
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
        List.copyOf(history),
        (System.nanoTime() - started) / 1e9);
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
    private final EncodedSet out;
    private final int[] outPositions;
    private final double[] ngramMargins;
    private final int trainSize;

    private Fold(
        LstmTrainer.Run run,
        EncodedSet out,
        int[] outPositions,
        double[] ngramMargins,
        int trainSize) {
      this.run = run;
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
          corpus.encode(out, vocabulary, params.maxLen()),
          outPositions,
          corpus.margins(ngram, out),
          train.length);
    }

    LstmTrainer.Run run() {
      return run;
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
