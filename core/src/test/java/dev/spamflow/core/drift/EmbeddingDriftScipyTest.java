package dev.spamflow.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** MMD² and the mean-embedding cosine distance against NumPy/SciPy, then each verdict's sense. */
class EmbeddingDriftScipyTest {
  private static final JsonNode E = ScipyFixture.get("embeddings");
  private static final float[][] X = ScipyFixture.rows(E.get("reference"));
  private static final float[][] Y = ScipyFixture.rows(E.get("current"));

  @Test
  void mmdStatisticAndBandwidthMatchNumpy() {
    EmbeddingDrift.Kernel kernel = EmbeddingDrift.kernel(X, Y);
    assertThat(kernel.sigma()).isCloseTo(E.get("median_distance").asDouble(), within(1e-9));
    boolean[] inX = new boolean[X.length + Y.length];
    Arrays.fill(inX, 0, X.length, true);
    assertThat(EmbeddingDrift.mmd2Unbiased(kernel.values(), inX, X.length))
        .isCloseTo(E.get("mmd2_unbiased").asDouble(), within(1e-12));
  }

  @Test
  void cosineDistanceOfMeansMatchesScipy() {
    DriftReport.Method cosine = EmbeddingDrift.cosine(X, Y, 1);
    assertThat(cosine.score()).isCloseTo(E.get("cosine_distance").asDouble(), within(1e-9));
  }

  @Test
  void aShiftedSampleDriftsByEveryMethodAndTheSameSampleByNone() {
    float[][] big = gaussian(900, 8, 0, 1);
    float[][] shifted = gaussian(300, 8, 0.6, 2);
    DriftReport.Embeddings drifted = EmbeddingDrift.compare(big, shifted, 7);
    assertThat(drifted.methods()).allMatch(DriftReport.Method::drifted);
    assertThat(drifted.drifted()).isTrue();

    DriftReport.Embeddings same = EmbeddingDrift.compare(big, gaussian(300, 8, 0, 3), 7);
    assertThat(same.methods()).noneMatch(DriftReport.Method::drifted);
    assertThat(same.drifted()).isFalse();
    assertThat(same.votes()).isZero();
  }

  @Test
  void theSameInputsGiveTheSameReport() {
    float[][] a = gaussian(400, 5, 0, 11);
    float[][] b = gaussian(200, 5, 0.1, 12);
    assertThat(EmbeddingDrift.compare(a, b, 3)).isEqualTo(EmbeddingDrift.compare(a, b, 3));
  }

  @Test
  void aSmallReferenceRaisesTheClassifierThresholdByTheBootstrap() {
    DriftReport.Method classifier =
        EmbeddingDrift.domainClassifier(gaussian(120, 4, 0, 5), gaussian(60, 4, 0, 6), 120, 1);
    assertThat(classifier.threshold()).isGreaterThan(EmbeddingDrift.AUC_THRESHOLD);
    assertThat(classifier.detail()).contains("random AUCs");
  }

  private static float[][] gaussian(int rows, int dims, double shift, long seed) {
    java.util.Random random = new java.util.Random(seed);
    float[][] out = new float[rows][dims];
    for (float[] row : out) {
      for (int j = 0; j < dims; j++) {
        // Centred away from the origin, as LSTM states are: a cosine of means near 0 says little.
        row[j] = (float) (1 + random.nextGaussian() + (j == 0 ? shift : 0));
      }
    }
    return out;
  }
}
