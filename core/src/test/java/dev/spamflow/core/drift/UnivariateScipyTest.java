package dev.spamflow.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each statistic against the value SciPy/NumPy computed for the same samples. */
class UnivariateScipyTest {

  static Stream<Arguments> columns() {
    return cases("columns");
  }

  static Stream<Arguments> categorical() {
    return cases("categorical");
  }

  static Stream<Arguments> binary() {
    return cases("binary");
  }

  private static Stream<Arguments> cases(String section) {
    return StreamSupport.stream(ScipyFixture.get(section).spliterator(), false)
        .map(node -> Arguments.of(node.get("name").asText(), node));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("columns")
  void kolmogorovSmirnovMatchesScipy(String name, JsonNode c) {
    double p = Univariate.ksPValue(ref(c), cur(c));
    assertThat(p).isCloseTo(c.get("ks_p_value").asDouble(), within(1e-6));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("columns")
  void wassersteinMatchesScipy(String name, JsonNode c) {
    assertThat(Univariate.wasserstein(ref(c), cur(c)))
        .isCloseTo(c.get("wasserstein").asDouble(), within(1e-12));
    assertThat(Univariate.normedWasserstein(ref(c), cur(c)))
        .isCloseTo(c.get("normed_wasserstein").asDouble(), within(1e-12));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("columns")
  void jensenShannonAndPsiBinAsEvidently(String name, JsonNode c) {
    Univariate.Binned binned = Univariate.binned(ref(c), cur(c));
    assertThat(Univariate.jensenShannon(binned.reference(), binned.current()))
        .isCloseTo(c.get("jensen_shannon").asDouble(), within(1e-12));
    double psi =
        Univariate.psi(
            Univariate.fillZeroes(binned.reference()), Univariate.fillZeroes(binned.current()));
    assertThat(psi).isCloseTo(c.get("psi").asDouble(), within(1e-9));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("categorical")
  void chiSquareMatchesScipy(String name, JsonNode c) {
    assertThat(Univariate.chiSquarePValue(ref(c), cur(c)))
        .isCloseTo(c.get("chi_square_p_value").asDouble(), within(1e-9));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binary")
  void zTestAndJensenShannonMatchScipy(String name, JsonNode c) {
    assertThat(Univariate.zTestPValue(ref(c), cur(c)))
        .isCloseTo(c.get("z_p_value").asDouble(), within(1e-9));
    Univariate.Binned binned = Univariate.binned(ref(c), cur(c));
    assertThat(Univariate.jensenShannon(binned.reference(), binned.current()))
        .isCloseTo(c.get("jensen_shannon").asDouble(), within(1e-12));
  }

  private static double[] ref(JsonNode c) {
    return ScipyFixture.doubles(c.get("reference"));
  }

  private static double[] cur(JsonNode c) {
    return ScipyFixture.doubles(c.get("current"));
  }
}
