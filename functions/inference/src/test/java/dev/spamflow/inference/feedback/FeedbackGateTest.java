package dev.spamflow.inference.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.adapters.http.BearerToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeedbackGateTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:59:30Z"));

  @Test
  void withoutATokenEveryCallerIsTurnedAway() {
    FeedbackGate gate = new FeedbackGate(Optional.empty(), 10, clock);

    assertThat(gate.enabled()).isFalse();
    assertThat(gate.authorise("Bearer anything")).isEqualTo(FeedbackGate.Verdict.DISABLED);
    assertThat(gate.authorise(null)).isEqualTo(FeedbackGate.Verdict.DISABLED);
  }

  @Test
  void onlyTheTokenIsHeard() {
    FeedbackGate gate = new FeedbackGate(Optional.of(BearerToken.of("t0k")), 10, clock);

    assertThat(gate.authorise("Bearer t0k")).isEqualTo(FeedbackGate.Verdict.ACCEPTED);
    assertThat(gate.authorise("Bearer t0K")).isEqualTo(FeedbackGate.Verdict.UNAUTHORISED);
    assertThat(gate.authorise(null)).isEqualTo(FeedbackGate.Verdict.UNAUTHORISED);
  }

  @Test
  void theCapResetsOnTheHour() {
    FeedbackGate gate = new FeedbackGate(Optional.of(BearerToken.of("t0k")), 2, clock);

    assertThat(gate.take()).isEqualTo(FeedbackGate.Verdict.ACCEPTED);
    assertThat(gate.take()).isEqualTo(FeedbackGate.Verdict.ACCEPTED);
    assertThat(gate.take()).isEqualTo(FeedbackGate.Verdict.OVER_CAP);
    assertThat(gate.untilNextHour()).isEqualTo(Duration.ofSeconds(30));

    clock.now = Instant.parse("2026-12-02T11:00:00Z");
    assertThat(gate.take()).isEqualTo(FeedbackGate.Verdict.ACCEPTED);
    assertThat(gate.untilNextHour()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void refusesACapBelowOne() {
    assertThatThrownBy(() -> new FeedbackGate(Optional.empty(), 0, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max-per-hour");
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
