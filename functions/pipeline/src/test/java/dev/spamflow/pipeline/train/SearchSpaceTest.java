package dev.spamflow.pipeline.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.core.model.HyperParameters;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

  private static final HyperParameters BASE = HyperParameters.DEFAULTS;

  @Test
  void theDefaultSpaceIsTheProjectsGrid() {
    assertThat(SearchSpace.DEFAULT.size()).isEqualTo(3 * 3 * 2 * 3 * 3);
  }

  @Test
  void drawsDistinctPointsOfTheSpaceKeepingTheBaseForEverythingElse() {
    List<HyperParameters> points = SearchSpace.DEFAULT.sample(BASE, 20, 30);

    assertThat(points).hasSize(20);
    assertThat(new HashSet<>(points)).hasSize(20);
    assertThat(points)
        .allSatisfy(
            p -> {
              assertThat(p.embeddingDim()).isIn(16, 32, 64);
              assertThat(p.lstmUnits()).isIn(20, 50, 100);
              assertThat(p.dropout()).isIn(0.1, 0.5);
              assertThat(p.batchSize()).isIn(16, 32, 64);
              assertThat(p.epochs()).isIn(10, 20, 30);
              assertThat(p.maxLen()).isEqualTo(BASE.maxLen());
              assertThat(p.seed()).isEqualTo(BASE.seed());
            });
  }

  @Test
  void theSameSeedDrawsTheSameTrialsAndALargerBudgetExtendsASmallerOne() {
    List<HyperParameters> three = SearchSpace.DEFAULT.sample(BASE, 3, 30);

    assertThat(SearchSpace.DEFAULT.sample(BASE, 3, 30)).isEqualTo(three);
    assertThat(SearchSpace.DEFAULT.sample(BASE, 5, 30))
        .startsWith(three.toArray(new HyperParameters[0]));
  }

  @Test
  void capsEpochsAndNeverDrawsMoreThanTheGrid() {
    SearchSpace small =
        new SearchSpace(List.of(8), List.of(8, 16), List.of(0.1), List.of(64), List.of(10, 20));

    List<HyperParameters> points = small.sample(BASE, 10, 3);

    // Four grid points, but capped at 3 epochs the two epoch budgets are one: two trials remain.
    assertThat(points).hasSize(2).allSatisfy(p -> assertThat(p.epochs()).isEqualTo(3));
  }

  @Test
  void refusesAnEmptyListOrABudgetBelowOne() {
    assertThatThrownBy(
            () -> new SearchSpace(List.of(), List.of(8), List.of(0.1), List.of(64), List.of(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("embeddingDims");
    assertThatThrownBy(() -> SearchSpace.DEFAULT.sample(BASE, 0, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
