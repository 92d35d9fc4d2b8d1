package dev.spamflow.pipeline.train;

import dev.spamflow.core.model.HyperParameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The values a hyper-parameter search picks from; every other knob comes from a base {@link
 * HyperParameters}.
 *
 * @param embeddingDims token embedding sizes
 * @param lstmUnits LSTM hidden units
 * @param dropouts dropout probabilities
 * @param batchSizes mini-batch sizes
 * @param epochs epoch budgets (early stopping may end a trial sooner)
 */
public record SearchSpace(
    List<Integer> embeddingDims,
    List<Integer> lstmUnits,
    List<Double> dropouts,
    List<Integer> batchSizes,
    List<Integer> epochs) {

  /** The space the project searches unless told otherwise. */
  public static final SearchSpace DEFAULT =
      new SearchSpace(
          List.of(16, 32, 64),
          List.of(20, 50, 100),
          List.of(0.1, 0.5),
          List.of(16, 32, 64),
          List.of(10, 20, 30));

  /**
   * Copies the lists.
   *
   * @throws IllegalArgumentException if a list is empty
   */
  public SearchSpace {
    embeddingDims = nonEmpty(embeddingDims, "embeddingDims");
    lstmUnits = nonEmpty(lstmUnits, "lstmUnits");
    dropouts = nonEmpty(dropouts, "dropouts");
    batchSizes = nonEmpty(batchSizes, "batchSizes");
    epochs = nonEmpty(epochs, "epochs");
  }

  /**
   * Returns the number of distinct points.
   *
   * @return the product of the lists' sizes
   */
  public int size() {
    return embeddingDims.size()
        * lstmUnits.size()
        * dropouts.size()
        * batchSizes.size()
        * epochs.size();
  }

  /**
   * Draws distinct points without replacement: the whole grid shuffled with the seed, so the same
   * seed and budget always give the same trials, and a larger budget extends a smaller one. Points
   * that the epoch cap makes identical count once.
   *
   * @param base every knob the space does not cover (its seed seeds the draw and every trial)
   * @param count how many points; at most {@link #size()} are returned
   * @param maxEpochs a cap on every trial's epochs (keeps a smoke run or a test short)
   * @return the trials' hyper-parameters, in trial order; fewer than {@code count} when the capped
   *     grid is smaller
   * @throws IllegalArgumentException if {@code count} or {@code maxEpochs} is below 1
   */
  public List<HyperParameters> sample(HyperParameters base, int count, int maxEpochs) {
    if (count < 1 || maxEpochs < 1) {
      throw new IllegalArgumentException(
          "count and maxEpochs must be at least 1 but were " + count + " and " + maxEpochs);
    }
    // A set: with the cap, epoch budgets above it become one point, never two identical trials.
    Set<HyperParameters> grid = new LinkedHashSet<>();
    for (int embedding : embeddingDims) {
      for (int units : lstmUnits) {
        for (double dropout : dropouts) {
          for (int batch : batchSizes) {
            for (int epochBudget : epochs) {
              grid.add(
                  new HyperParameters(
                      embedding,
                      units,
                      dropout,
                      batch,
                      Math.min(epochBudget, maxEpochs),
                      base.maxLen(),
                      base.vocabSize(),
                      base.minTokenCount(),
                      base.learningRate(),
                      base.l2(),
                      base.seed(),
                      base.patience()));
            }
          }
        }
      }
    }
    List<HyperParameters> shuffled = new ArrayList<>(grid);
    Collections.shuffle(shuffled, new Random(base.seed()));
    return List.copyOf(shuffled.subList(0, Math.min(count, shuffled.size())));
  }

  private static <T> List<T> nonEmpty(List<T> values, String name) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException(name + " must list at least one value");
    }
    return List.copyOf(values);
  }
}
