package dev.spamflow.inference.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Canary routing and rollback, with a clock that moves only when a test moves it. */
class CanaryRouterTest {
  private static final long FAST = TimeUnit.MILLISECONDS.toNanos(2);
  private static final long SLOW = TimeUnit.MILLISECONDS.toNanos(150);

  /** 10 % to the challenger; rollback above 5 % errors or 100 ms p99, given 100 requests. */
  private static final CanarySettings TEN_PERCENT = CanarySettings.DEFAULTS.withPercent(10);

  private static final String V1 = "1";
  private static final String V2 = "2";

  private final ManualClock clock = new ManualClock();

  @Test
  void offRoutesNothingToTheChallenger() {
    CanaryRouter router = routerOnTrial(CanarySettings.DEFAULTS);

    assertThat(IntStream.range(0, 1_000).filter(i -> router.toChallenger("text " + i, V1)))
        .isEmpty();
  }

  @Test
  void routesTheConfiguredShareOfTexts() {
    CanaryRouter router = routerOnTrial(TEN_PERCENT);

    long toChallenger =
        IntStream.range(0, 20_000)
            .filter(i -> router.toChallenger("message number " + i, V1))
            .count();

    // 10 % of 20,000 is 2,000; a fair hash stays within a few standard deviations (~42).
    assertThat(toChallenger).isBetween(1_800L, 2_200L);
    CanaryRouter all = routerOnTrial(CanarySettings.DEFAULTS.withPercent(100));
    assertThat(IntStream.range(0, 1_000).allMatch(i -> all.toChallenger("text " + i, V1))).isTrue();
  }

  @Test
  void theSameTextAlwaysGoesToTheSameModelEvenInAnotherRouter() {
    CanaryRouter router = routerOnTrial(TEN_PERCENT);
    CanaryRouter otherReplica = new CanaryRouter(TEN_PERCENT, new ManualClock());
    otherReplica.challengerLoaded(V1);

    for (int i = 0; i < 1_000; i++) {
      String text = "Call 0906170146" + i + " to claim your prize";
      boolean first = router.toChallenger(text, V1);
      assertThat(router.toChallenger(text, V1)).isEqualTo(first);
      assertThat(otherReplica.toChallenger(text, V1)).isEqualTo(first);
    }
    assertThat(router.toChallenger(null, V1)).isFalse();
  }

  @Test
  void anErrorRateAboveTheLimitRollsBackAndRoutesNothingMore() {
    CanaryRouter router = routerOnTrial(TEN_PERCENT);
    String challengerText = challengerText(router);

    record(router, true, 94, FAST, false);
    record(router, true, 6, FAST, true);

    assertThat(router.rolledBack()).isTrue();
    assertThat(router.rollbackReason().orElseThrow()).contains("error rate 6.00 %");
    assertThat(router.toChallenger(challengerText, V1)).isFalse();
    assertThat(router.stats().rolledBack()).isTrue();
  }

  @Test
  void anErrorRateAtTheLimitDoesNotRollBack() {
    CanaryRouter router = routerOnTrial(TEN_PERCENT);

    record(router, true, 95, FAST, false);
    record(router, true, 5, FAST, true);

    assertThat(router.rolledBack()).isFalse();
  }

  @Test
  void fewerRequestsThanTheMinimumNeverRollBackHoweverBad() {
    CanaryRouter router = routerOnTrial(TEN_PERCENT);

    record(router, true, 1, SLOW, true);
    record(router, true, 98, SLOW, true);

    assertThat(router.rolledBack()).isFalse();
    router.recordChallenger(V1, SLOW, true);
    // The hundredth request reaches the minimum sample count: now the window is judged.
    assertThat(router.rolledBack()).isTrue();
  }

  @Test
  void onePercentOfSlowRequestsKeepsP99UnderTheLimitAndOneMoreBreaksIt() {
    CanaryRouter router = routerOnTrial(TEN_PERCENT);

    record(router, true, 198, FAST, false);
    record(router, true, 2, SLOW, false);
    // 2 of 200 over 100 ms: the 198th value is fast, so p99 is within the limit.
    assertThat(router.rolledBack()).isFalse();

    router.recordChallenger(V1, SLOW, false);

    assertThat(router.rolledBack()).isTrue();
    assertThat(router.rollbackReason().orElseThrow()).contains("p99 latency");
  }

  @Test
  void requestsOlderThanTheWindowNoLongerCount() {
    CanaryRouter router = routerOnTrial(TEN_PERCENT);
    record(router, true, 40, FAST, true);

    clock.advance(Duration.ofSeconds(61));
    record(router, true, 100, FAST, false);

    // 40 errors then 100 good would be 29 % errors in one window; the errors have slid out.
    assertThat(router.rolledBack()).isFalse();
    assertThat(router.stats().challenger().windowRequests()).isEqualTo(100);
    assertThat(router.stats().challenger().requests()).isEqualTo(140);
  }

  @Test
  void requestsWithinTheWindowAddUpAcrossSlices() {
    CanaryRouter router = routerOnTrial(TEN_PERCENT);
    record(router, true, 40, FAST, true);

    clock.advance(Duration.ofSeconds(30));
    record(router, true, 60, FAST, false);

    assertThat(router.rolledBack()).isTrue();
  }

  @Test
  void theChampionsFailuresNeverRollTheChallengerBack() {
    CanaryRouter router = routerOnTrial(TEN_PERCENT);

    record(router, false, 500, SLOW, true);

    assertThat(router.rolledBack()).isFalse();
    assertThat(router.stats().champion().errors()).isEqualTo(500);
  }

  @Test
  void statsGiveRequestsErrorsAndP99PerArm() {
    CanaryRouter router = routerOnTrial(TEN_PERCENT);
    for (int micros = 1; micros <= 1_000; micros++) {
      router.recordChampion(TimeUnit.MICROSECONDS.toNanos(micros), micros % 100 == 0);
    }
    record(router, true, 50, FAST, false);

    CanaryStats stats = router.stats();

    assertThat(stats.percent()).isEqualTo(10);
    assertThat(stats.champion().requests()).isEqualTo(1_000);
    assertThat(stats.champion().errors()).isEqualTo(10);
    assertThat(stats.champion().windowErrorRate()).isEqualTo(0.01);
    // Nearest-rank p99 of 1..1000 µs is 990 µs; the histogram rounds up by at most 12.5 %.
    assertThat(stats.champion().windowP99Nanos()).isBetween(990_000L, 1_113_750L);
    assertThat(stats.challenger().requests()).isEqualTo(50);
    assertThat(stats.challenger().windowP99Nanos()).isBetween(FAST, FAST * 9 / 8);
    clock.advance(Duration.ofMinutes(2));
    assertThat(router.stats().champion().windowP99Nanos()).isZero();
    assertThat(router.stats().champion().windowErrorRate()).isZero();
  }

  @Test
  void aNewChallengerVersionStartsAFreshTrialAfterARollback() {
    CanaryRouter router = routerOnTrial(TEN_PERCENT);
    String challengerText = challengerText(router);
    record(router, V1, 90, FAST, false);
    record(router, V1, 10, FAST, true);
    assertThat(router.rollbackReason().orElseThrow()).contains("error rate 10.00 %");
    assertThat(router.toChallenger(challengerText, V1)).isFalse();

    // The challenger alias moves on to version 2: it is routed to and judged on its own requests.
    router.challengerLoaded(V2);

    assertThat(router.toChallenger(challengerText, V2)).isTrue();
    assertThat(router.challengerVersion()).contains(V2);
    assertThat(router.rolledBack()).isFalse();
    assertThat(router.rollbackReason()).isEmpty();
    assertThat(router.stats().challenger().requests()).isZero();
    record(router, V2, 100, FAST, false);
    assertThat(router.rolledBack()).isFalse();
    assertThat(router.stats().challenger().requests()).isEqualTo(100);
  }

  @Test
  void onlyTheVersionOnTrialIsRoutedToAndCounted() {
    CanaryRouter router = routerOnTrial(TEN_PERCENT);
    String challengerText = challengerText(router);
    record(router, V1, 100, FAST, true);
    router.challengerLoaded(V2);

    // A request that picked version 1 up before the swap goes to the champion instead, and
    // version 1's requests still in flight do not count against version 2.
    assertThat(router.toChallenger(challengerText, V1)).isFalse();
    record(router, V1, 200, SLOW, true);

    assertThat(router.rolledBack()).isFalse();
    assertThat(router.stats().challenger().requests()).isZero();
    assertThat(router.toChallenger(challengerText, V2)).isTrue();
  }

  @Test
  void theSameVersionLoadedAgainKeepsItsTrial() {
    CanaryRouter router = routerOnTrial(TEN_PERCENT);
    record(router, V1, 100, FAST, true);

    router.challengerLoaded(V1);

    assertThat(router.rolledBack()).isTrue();
    assertThat(router.stats().challenger().requests()).isEqualTo(100);
  }

  @Test
  void nothingIsRoutedBeforeAChallengerHasLoaded() {
    CanaryRouter router = new CanaryRouter(TEN_PERCENT, clock);

    assertThat(IntStream.range(0, 1_000).filter(i -> router.toChallenger("text " + i, V1)))
        .isEmpty();
    assertThat(router.challengerVersion()).isEmpty();
  }

  @Test
  void settingsRejectValuesThatCannotWork() {
    CanarySettings defaults = CanarySettings.DEFAULTS;

    assertThatThrownBy(() -> defaults.withPercent(101))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withPercent(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withLimits(1.5, Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withLimits(0.05, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withWindow(Duration.ofMillis(5), 100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withWindow(Duration.ofMinutes(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A router whose challenger slot has swapped {@link #V1} in. */
  private CanaryRouter routerOnTrial(CanarySettings settings) {
    CanaryRouter router = new CanaryRouter(settings, clock);
    router.challengerLoaded(V1);
    return router;
  }

  private static void record(
      CanaryRouter router, boolean challenger, int n, long nanos, boolean error) {
    record(router, challenger ? V1 : null, n, nanos, error);
  }

  /** Records {@code n} requests of a challenger version, or of the champion when it is null. */
  private static void record(
      CanaryRouter router, String version, int n, long nanos, boolean error) {
    for (int i = 0; i < n; i++) {
      if (version == null) {
        router.recordChampion(nanos, error);
      } else {
        router.recordChallenger(version, nanos, error);
      }
    }
  }

  private static String challengerText(CanaryRouter router) {
    return IntStream.range(0, 1_000)
        .mapToObj(i -> "text " + i)
        .filter(text -> router.toChallenger(text, V1))
        .findFirst()
        .orElseThrow();
  }
}
