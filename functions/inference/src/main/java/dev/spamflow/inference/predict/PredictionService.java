package dev.spamflow.inference.predict;

import dev.spamflow.core.predictions.PredictionRecord;
import dev.spamflow.core.serving.Prediction;
import dev.spamflow.core.text.TextFeatures;
import dev.spamflow.inference.InferenceMetrics;
import dev.spamflow.inference.canary.CanaryRouter;
import dev.spamflow.inference.log.PredictionLog;
import dev.spamflow.inference.model.LoadedModel;
import dev.spamflow.inference.model.ModelSlot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers predictions: picks the champion, or the challenger for the canary's share of texts,
 * scores the text, counts it, and hands it to the prediction log. Never blocks on anything but the
 * forward pass; a failing challenger falls back to the champion so the caller never sees it.
 */
public final class PredictionService {

  private static final Logger LOG = LoggerFactory.getLogger(PredictionService.class);

  private final ModelSlot champion;
  private final Optional<ModelSlot> challenger;
  private final CanaryRouter canary;
  private final PredictionLog log;
  private final InferenceMetrics metrics;
  private final int explainTokens;
  private final Clock clock;

  /**
   * Creates the service.
   *
   * @param champion the main model's slot
   * @param challenger the canary's slot, empty when the canary is off
   * @param canary decides which texts the challenger answers and rolls it back
   * @param log where every answer is recorded for drift detection
   * @param metrics counts predictions
   * @param explainTokens how many tokens an explanation lists
   * @param clock the time stamped on logged predictions
   */
  public PredictionService(
      ModelSlot champion,
      Optional<ModelSlot> challenger,
      CanaryRouter canary,
      PredictionLog log,
      InferenceMetrics metrics,
      int explainTokens,
      Clock clock) {
    this.champion = Objects.requireNonNull(champion, "champion");
    this.challenger = Objects.requireNonNull(challenger, "challenger");
    this.canary = Objects.requireNonNull(canary, "canary");
    this.log = Objects.requireNonNull(log, "log");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.explainTokens = explainTokens;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Answers one text.
   *
   * @param text the message, not blank
   * @param explain whether to add the tokens that moved the score most
   * @return the answer
   * @throws NoModelException when no model has loaded yet
   */
  public Answer predict(String text, boolean explain) {
    LoadedModel main = servingChampion();
    Optional<LoadedModel> other = challengerFor(text);
    if (other.isPresent()) {
      String version = other.get().version();
      long start = System.nanoTime();
      try {
        Answer answer = score(other.get(), "challenger", text, explain);
        canary.recordChallenger(version, System.nanoTime() - start, false);
        return answer;
      } catch (RuntimeException e) {
        canary.recordChallenger(version, System.nanoTime() - start, true);
        LOG.warn(
            "challenger version {} failed; the champion answers instead: {}",
            version,
            e.toString());
      }
    }
    long start = System.nanoTime();
    try {
      Answer answer = score(main, "champion", text, explain);
      canary.recordChampion(System.nanoTime() - start, false);
      return answer;
    } catch (RuntimeException e) {
      // Counted too, so the canary compares the challenger's error rate with the champion's.
      canary.recordChampion(System.nanoTime() - start, true);
      throw e;
    }
  }

  /**
   * Answers several texts, each as {@link #predict} without explanations.
   *
   * @param texts the messages, none blank
   * @return one answer per text, in order
   * @throws NoModelException when no model has loaded yet
   */
  public List<Answer> predictAll(List<String> texts) {
    servingChampion();
    List<Answer> answers = new ArrayList<>(texts.size());
    for (String text : texts) {
      answers.add(predict(text, false));
    }
    return answers;
  }

  /** Returns the champion now serving, or empty before the first model loaded. */
  public Optional<LoadedModel> champion() {
    return champion.current();
  }

  /**
   * Returns whether the registry names no champion at all yet (nothing was ever promoted), as
   * opposed to one that is still loading: the service then takes traffic and answers that no model
   * exists, so a new cluster's first revision becomes ready before its first training.
   */
  public boolean noChampionYet() {
    return champion.aliasUnset();
  }

  private LoadedModel servingChampion() {
    return champion
        .current()
        .orElseThrow(
            () ->
                new NoModelException(
                    champion.aliasUnset()
                        ? "no model exists yet: the registry has no "
                            + champion.name()
                            + "; upload a labelled dataset to the inbox (or train and register a"
                            + " model) and the service loads it when it is promoted"
                        : "no model is loaded yet; wait until GET /health/readiness reports a"
                            + " model (the service loads the registry's "
                            + champion.name()
                            + " at start and on every promotion)"));
  }

  private Optional<LoadedModel> challengerFor(String text) {
    if (challenger.isEmpty()) {
      return Optional.empty();
    }
    Optional<LoadedModel> model = challenger.get().current();
    return model.isPresent() && canary.toChallenger(text, model.get().version())
        ? model
        : Optional.empty();
  }

  private Answer score(LoadedModel model, String slot, String text, boolean explain) {
    // One analysis: its tokens feed the model, its features go to the prediction log.
    TextFeatures.Analysis analysis = TextFeatures.analyse(text);
    Prediction prediction = model.predictor().predict(analysis);
    List<TokenEffect> explanation =
        explain
            ? Explainer.explain(
                model.predictor(), text, prediction.spamProbability(), explainTokens)
            : List.of();
    String label = prediction.label().wireName();
    metrics.prediction(label, slot);
    log.offer(
        new PredictionRecord(
            text,
            prediction.spamProbability(),
            label,
            model.name(),
            model.version(),
            clock.instant(),
            analysis.tokens().size(),
            analysis.features()));
    return new Answer(prediction, model.name(), model.version(), slot, explanation);
  }
}
