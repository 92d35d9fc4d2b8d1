package dev.spamflow.pipeline.train;

import dev.spamflow.core.model.HyperParameters;
import java.util.List;
import java.util.Objects;

/**
 * What a search will try, fixed once before its first trial and kept in {@code
 * training/<id>/[retrain/<name>/]plan.json}: the search run, and every trial's number and
 * hyper-parameters. Every process that takes part reads it — the trials of a Tekton matrix, the
 * select step, an attempt that takes over a crashed one — so they all work on the same points
 * whatever their own settings say.
 *
 * @param runId the search's parent run in the tracker
 * @param seed the seed the points were drawn with
 * @param maxEpochs the epoch cap the points were drawn under
 * @param trials the trials, in number order
 */
record SearchPlan(String runId, long seed, int maxEpochs, List<Trial> trials) {

  /**
   * One planned trial.
   *
   * @param number 1-based; trial {@code n} is the {@code n}-th point of the seeded draw ({@link
   *     SearchSpace#sample}), whichever process runs it
   * @param hyperParameters what it trains with
   */
  record Trial(int number, HyperParameters hyperParameters) {
    Trial {
      Objects.requireNonNull(hyperParameters, "hyperParameters");
    }
  }

  SearchPlan {
    Objects.requireNonNull(runId, "runId");
    trials = List.copyOf(trials);
  }

  /** The trials' numbers, in order. */
  List<Integer> numbers() {
    return trials.stream().map(Trial::number).toList();
  }

  /**
   * Returns one trial.
   *
   * @throws IllegalArgumentException naming the planned numbers when the plan has no such trial
   */
  Trial trial(int number) {
    return trials.stream()
        .filter(t -> t.number() == number)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "trial "
                        + number
                        + " is not in the search's plan, which has trials "
                        + numbers()));
  }
}
