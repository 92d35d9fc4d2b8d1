package dev.spamflow.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the decision threshold from scores of messages the scoring model never trained on
 * (out-of-fold scores of a cross-validation, or a validation split): the best spam F1 among the
 * thresholds that keep blocked ham (ham called spam) at or under a ceiling on new data.
 *
 * <p>Blocking a legitimate message costs a user far more than letting one spam through, so the
 * ceiling is a hard constraint and F1 is only maximised inside it.
 *
 * <p>The raw validation rate {@code fp / ham} is too optimistic to enforce that ceiling: the
 * threshold is placed just above a ham score after looking at the scores, and with a few hundred
 * validation ham one allowed mistake lets the threshold fall to the next ham, wherever that is
 * (measured: a 0.2 % validation rate became 2.4 % on the test split). The selector therefore uses
 * the split-conformal bound {@code (fp + 1) / (ham + 1)}: if validation and new ham are
 * exchangeable, the expected share of new ham scoring above a threshold chosen this way is at most
 * that bound. When the validation set has too little ham for even zero mistakes to meet the
 * ceiling, the threshold goes just above the highest ham score.
 */
public final class ThresholdSelector {

  /** Default ceiling on the blocked-ham rate: 0.3 %. */
  public static final double DEFAULT_BLOCKED_HAM_CEILING = 0.003;

  /**
   * Out-of-fold recall under which a chosen threshold is reported as having collapsed recall: the
   * model would let most spam through, and {@code train} says so rather than shipping it silently.
   */
  public static final double RECALL_WARNING = 0.5;

  /**
   * A chosen threshold with its account.
   *
   * @param threshold the decision threshold
   * @param choice how it was chosen and what it guarantees
   */
  public record Selection(double threshold, ThresholdChoice choice) {}

  /**
   * Chooses the threshold from out-of-fold scores and says what it guarantees.
   *
   * <p><b>The guarantee</b> (split-conformal, here cross-conformal): if a new ham message is
   * exchangeable with the {@code ham} calibration ham and scored by a model trained like the fold
   * models, the expected share of new ham at or above the threshold is at most {@code (blocked + 1)
   * / (ham + 1)}, which the rule keeps within the ceiling. The shipped model is refitted on more
   * data than each fold model, so this is an approximation that the held-out test part checks.
   *
   * <p><b>When the data cannot support the ceiling</b> — {@code 1 / (ham + 1) > ceiling}, fewer
   * than {@code 1 / ceiling - 1} ham — the fallback puts the threshold just above the highest
   * out-of-fold ham score (no calibration ham blocked), which guarantees only {@code 1 / (ham +
   * 1)}; the note says so. A note also warns when out-of-fold recall is under {@value
   * #RECALL_WARNING}.
   *
   * @param scores out-of-fold spam scores
   * @param isSpam labels
   * @param ceiling the largest acceptable share of ham called spam, in [0, 1)
   * @param folds folds the scores came from, recorded
   * @return the threshold and its account
   * @throws IllegalArgumentException on empty or mismatched input, or a ceiling out of range
   */
  public static Selection choose(double[] scores, boolean[] isSpam, double ceiling, int folds) {
    double threshold = select(scores, isSpam, ceiling);
    int ham = 0;
    int spam = 0;
    int blocked = 0;
    int caught = 0;
    for (int i = 0; i < scores.length; i++) {
      if (isSpam[i]) {
        spam++;
        caught += scores[i] >= threshold ? 1 : 0;
      } else {
        ham++;
        blocked += scores[i] >= threshold ? 1 : 0;
      }
    }
    boolean supported = 1.0 / (ham + 1.0) <= ceiling;
    double bound = (blocked + 1.0) / (ham + 1.0);
    double recall = spam == 0 ? Double.NaN : (double) caught / spam;
    List<String> notes = new ArrayList<>();
    if (!supported) {
      notes.add(
          String.format(
              Locale.ROOT,
              "blocked-ham ceiling %.2f %% needs at least %d ham to be guaranteed, the data has %d:"
                  + " threshold %.4f is above every out-of-fold ham score, which bounds blocked ham"
                  + " at %.2f %% only",
              100 * ceiling,
              (long) Math.ceil(1 / ceiling - 1),
              ham,
              threshold,
              100 * bound));
    }
    if (spam > 0 && recall < RECALL_WARNING) {
      notes.add(
          String.format(
              Locale.ROOT,
              "out-of-fold spam recall at threshold %.4f is only %.2f: under the ceiling the model"
                  + " tells too few spam from ham; more (or more varied) ham would let it catch more",
              threshold,
              recall));
    }
    return new Selection(
        threshold,
        new ThresholdChoice(
            ThresholdChoice.CROSS_CONFORMAL,
            folds,
            ham,
            spam,
            ceiling,
            supported,
            bound,
            blocked,
            recall,
            String.join("; ", notes)));
  }

  private ThresholdSelector() {}

  /**
   * Picks the threshold.
   *
   * <p>Candidates are midpoints between consecutive distinct scores (so a threshold never sits on a
   * score seen in validation), plus a point just above the highest score. Among candidates whose
   * conformal blocked-ham bound {@code (fp + 1) / (ham + 1)} is within the ceiling, the highest F1
   * wins; ties go to the higher threshold, which blocks less.
   *
   * @param spamProbabilities validation scores
   * @param isSpam validation labels
   * @param blockedHamCeiling the largest acceptable share of ham called spam, in [0, 1)
   * @return the chosen threshold: positive for probabilities; for scores of any sign (log-odds),
   *     possibly negative
   * @throws IllegalArgumentException on empty input or a ceiling out of range
   */
  public static double select(
      double[] spamProbabilities, boolean[] isSpam, double blockedHamCeiling) {
    if (!(blockedHamCeiling >= 0 && blockedHamCeiling < 1)) {
      throw new IllegalArgumentException(
          "blocked-ham ceiling must be in [0, 1), was " + blockedHamCeiling);
    }
    if (spamProbabilities.length == 0 || spamProbabilities.length != isSpam.length) {
      throw new IllegalArgumentException(
          "need matching, non-empty scores and labels to choose a threshold");
    }
    int n = spamProbabilities.length;
    Integer[] order = new Integer[n];
    long totalSpam = 0;
    for (int i = 0; i < n; i++) {
      order[i] = i;
      totalSpam += isSpam[i] ? 1 : 0;
    }
    long totalHam = n - totalSpam;
    Arrays.sort(order, (a, b) -> Double.compare(spamProbabilities[b], spamProbabilities[a]));
    // k = how many of the highest scores are called spam; k = 0 calls nothing spam.
    double bestThreshold = Math.nextUp(spamProbabilities[order[0]]);
    double bestF1 = totalSpam == 0 ? 1.0 : 0.0;
    long tp = 0;
    long fp = 0;
    for (int k = 1; k <= n; k++) {
      if (isSpam[order[k - 1]]) {
        tp++;
      } else {
        fp++;
      }
      boolean cutBetweenDistinctScores =
          k == n || spamProbabilities[order[k]] != spamProbabilities[order[k - 1]];
      if (!cutBetweenDistinctScores) {
        continue;
      }
      // Walking down the scores, blocked ham only grows: the first breach ends the search. Once
      // a ham is called spam, the bound must hold; above every ham nothing is blocked anyway.
      if (fp > 0 && (fp + 1.0) / (totalHam + 1.0) > blockedHamCeiling) {
        break;
      }
      long fn = totalSpam - tp;
      double f1 = tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
      if (f1 > bestF1) {
        bestF1 = f1;
        double above = spamProbabilities[order[k - 1]];
        // Below the lowest score: half of it for a probability, just under it for a log-odds.
        bestThreshold =
            k == n
                ? (above > 0 ? above / 2 : Math.nextDown(above))
                : (above + spamProbabilities[order[k]]) / 2;
      }
    }
    return bestThreshold;
  }
}
