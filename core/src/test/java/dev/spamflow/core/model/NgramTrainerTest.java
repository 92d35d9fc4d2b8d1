package dev.spamflow.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import dev.spamflow.core.data.DatasetLoader;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.serving.Ensemble;
import dev.spamflow.core.serving.MessageShape;
import dev.spamflow.core.serving.NgramFeatures;
import dev.spamflow.core.serving.NgramLinearModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The n-gram half as served against LIBLINEAR, its reference, and the combiner's rules. */
class NgramTrainerTest {

  @Test
  void theServedMarginEqualsLiblinearsDecisionValue() {
    List<Message> sms = DatasetLoader.load(List.of(TestData.sms())).messages().subList(0, 1500);
    SpamModelTraining.Corpus corpus = new SpamModelTraining.Corpus(sms, new NgramFeatures(18));
    NgramTrainer.Fitted fitted =
        NgramTrainer.fit(
            corpus.features(),
            corpus.counts(),
            corpus.isSpam(),
            SpamModelTraining.range(0, 1000),
            1L);
    int buckets = corpus.features().buckets();

    double maxDelta = 0;
    for (int i = 1000; i < sms.size(); i++) {
      NgramLinearModel.Vector vector =
          NgramLinearModel.vector(corpus.counts().get(i), idfOf(fitted.model(), buckets));
      // The documented layout: buckets at 1..buckets, then the shape bins, then the bias.
      int[] bins = corpus.counts().get(i).shapeBins();
      int width = vector.buckets().length;
      Feature[] row = new Feature[width + bins.length + 1];
      for (int f = 0; f < width; f++) {
        row[f] = new FeatureNode(vector.buckets()[f] + 1, vector.values()[f]);
      }
      for (int b = 0; b < bins.length; b++) {
        row[width + b] = new FeatureNode(buckets + 1 + bins[b], MessageShape.VALUE);
      }
      row[row.length - 1] = new FeatureNode(buckets + MessageShape.WIDTH + 1, 1);
      double[] decision = new double[1];
      Linear.predictValues(fitted.reference(), row, decision);
      double reference = fitted.sign() * decision[0];
      maxDelta =
          Math.max(maxDelta, Math.abs(reference - fitted.model().margin(corpus.counts().get(i))));
    }
    // Weights are stored as float: the margins agree to float precision.
    assertThat(maxDelta).isLessThanOrEqualTo(1e-5);
  }

  private static float[] idfOf(NgramLinearModel model, int buckets) {
    float[] idf = new float[buckets];
    for (int b = 0; b < buckets; b++) {
      idf[b] = model.idfAt(b);
    }
    return idf;
  }

  @Test
  void marginsLeanSpamForSpam() {
    List<Message> sms = DatasetLoader.load(List.of(TestData.sms())).messages().subList(0, 2000);
    SpamModelTraining.Corpus corpus = new SpamModelTraining.Corpus(sms, new NgramFeatures(18));
    NgramLinearModel model =
        NgramTrainer.train(
            corpus.features(),
            corpus.counts(),
            corpus.isSpam(),
            SpamModelTraining.range(0, 1500),
            1L);
    double[] margins = corpus.margins(model, SpamModelTraining.range(1500, 2000));
    boolean[] labels = corpus.labels(SpamModelTraining.range(1500, 2000));

    assertThat(Metrics.compute(margins, labels, 0).rocAuc()).isGreaterThan(0.97);
  }

  @Test
  void theCombinerNeverGivesAHalfANegativeWeight() {
    // The LSTM's logits are anti-correlated with the labels once the margin is known: a free
    // logistic regression would give them a negative weight; the combiner leaves them out.
    int n = 400;
    double[] logits = new double[n];
    double[] margins = new double[n];
    boolean[] spam = new boolean[n];
    for (int i = 0; i < n; i++) {
      spam[i] = i % 4 == 0;
      margins[i] = (spam[i] ? 1.0 : -1.0) + ((i * 37) % 11 - 5) / 10.0;
      logits[i] = margins[i] * 10 - (spam[i] ? 6 : -6);
    }

    Ensemble ensemble = NgramTrainer.combine(logits, margins, spam);

    assertThat(ensemble.lstmWeight()).isZero();
    assertThat(ensemble.ngramWeight()).isPositive();
  }

  @Test
  void refusesOneClass() {
    assertThatThrownBy(
            () ->
                NgramTrainer.combine(
                    new double[] {1, 2}, new double[] {1, 2}, new boolean[] {true, true}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spam and ham");
  }
}
