package dev.spamflow.core.baseline;

import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.text.TextFeatures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Multinomial naive Bayes over word unigram counts ({@link TextFeatures#tokens}) plus character
 * 4-gram counts (over {@link TextFeatures#dedupKey}, padded with a space at each end so that word
 * boundaries count), with Laplace (add-one) smoothing. Character 4-grams catch what words miss in
 * SMS: misspellings, "txt"/"FREEmsg" spellings and pieces of numbers and links.
 *
 * <p>It is the classic baseline the neural model must beat on the same split. Immutable and
 * thread-safe once trained.
 */
public final class NaiveBayesBaseline {

  private static final int CHAR_GRAM = 4;

  // Per feature: {log P(feature | ham), log P(feature | spam)}, indexed by Label.index().
  private final Map<String, double[]> logLikelihood;
  private final double[] logPrior;

  private NaiveBayesBaseline(Map<String, double[]> logLikelihood, double[] logPrior) {
    this.logLikelihood = logLikelihood;
    this.logPrior = logPrior;
  }

  /**
   * Trains on labelled messages.
   *
   * @param train the training messages, both labels present
   * @return the trained model
   * @throws IllegalArgumentException when a label has no messages
   */
  public static NaiveBayesBaseline train(List<Message> train) {
    Map<String, long[]> counts = new HashMap<>();
    long[] documents = new long[2];
    long[] totals = new long[2];
    for (Message message : train) {
      int c = message.label().index();
      documents[c]++;
      for (Map.Entry<String, Integer> feature : features(message.text()).entrySet()) {
        counts.computeIfAbsent(feature.getKey(), k -> new long[2])[c] += feature.getValue();
        totals[c] += feature.getValue();
      }
    }
    if (documents[0] == 0 || documents[1] == 0) {
      throw new IllegalArgumentException(
          "naive Bayes needs both spam and ham; found "
              + documents[Label.HAM.index()]
              + " ham and "
              + documents[Label.SPAM.index()]
              + " spam");
    }
    double vocabulary = counts.size();
    double[] denominator = {Math.log(totals[0] + vocabulary), Math.log(totals[1] + vocabulary)};
    Map<String, double[]> logLikelihood = HashMap.newHashMap(counts.size());
    for (Map.Entry<String, long[]> entry : counts.entrySet()) {
      long[] n = entry.getValue();
      logLikelihood.put(
          entry.getKey(),
          new double[] {
            Math.log(n[0] + 1.0) - denominator[0], Math.log(n[1] + 1.0) - denominator[1]
          });
    }
    double all = documents[0] + documents[1];
    double[] logPrior = {Math.log(documents[0] / all), Math.log(documents[1] / all)};
    return new NaiveBayesBaseline(logLikelihood, logPrior);
  }

  /**
   * Returns the log-odds of spam, {@code log P(spam | text) - log P(ham | text)}: the order of
   * {@link #spamProbability} without its rounding, which turns every confident message into exactly
   * 1.0 and leaves a threshold nothing to cut between.
   *
   * @param text a raw message
   * @return the log-odds; positive leans spam
   */
  public double logOdds(String text) {
    double ham = logPrior[Label.HAM.index()];
    double spam = logPrior[Label.SPAM.index()];
    for (Map.Entry<String, Integer> feature : features(text).entrySet()) {
      double[] logP = logLikelihood.get(feature.getKey());
      if (logP != null) {
        ham += feature.getValue() * logP[Label.HAM.index()];
        spam += feature.getValue() * logP[Label.SPAM.index()];
      }
    }
    return spam - ham;
  }

  /**
   * Returns the posterior probability that a text is spam. Features never seen in training are
   * ignored, as usual for multinomial naive Bayes; the sums are kept in log space and turned into a
   * probability with a logistic function that cannot overflow.
   *
   * @param text a raw message
   * @return P(spam | text), in [0, 1]
   */
  public double spamProbability(String text) {
    double margin = logOdds(text);
    // 1 / (1 + e^-m), written per sign so that exp never overflows.
    if (margin >= 0) {
      return 1.0 / (1.0 + Math.exp(-margin));
    }
    double e = Math.exp(margin);
    return e / (1.0 + e);
  }

  /**
   * Classifies a text.
   *
   * @param text a raw message
   * @param threshold the spam probability at and above which a message is spam
   * @return {@link Label#SPAM} or {@link Label#HAM}
   */
  public Label classify(String text, double threshold) {
    return spamProbability(text) >= threshold ? Label.SPAM : Label.HAM;
  }

  /**
   * Returns how many distinct features the model knows.
   *
   * @return the number of word and character-gram features seen in training
   */
  public int featureCount() {
    return logLikelihood.size();
  }

  private static Map<String, Integer> features(String text) {
    Map<String, Integer> counts = new HashMap<>();
    for (String token : TextFeatures.tokens(text)) {
      counts.merge("w:" + token, 1, Integer::sum);
    }
    String padded = " " + TextFeatures.dedupKey(text) + " ";
    for (int i = 0; i + CHAR_GRAM <= padded.length(); i++) {
      counts.merge("c:" + padded.substring(i, i + CHAR_GRAM), 1, Integer::sum);
    }
    return counts;
  }
}
