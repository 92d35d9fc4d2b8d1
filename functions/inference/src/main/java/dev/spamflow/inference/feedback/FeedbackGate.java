package dev.spamflow.inference.feedback;

import dev.spamflow.adapters.http.BearerToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may post feedback and how much: labels change what the next model learns, so the endpoint
 * takes them only from callers holding the feedback token, and at most {@code maxPerHour} reports
 * per clock hour on this replica. Without a token it takes none at all: an open endpoint would let
 * anyone teach the model. The train stage caps again per day across all replicas (see the
 * pipeline's {@code FeedbackSettings}), since a per-replica cap multiplies with the replicas.
 */
public final class FeedbackGate {

  /** What a caller is told. */
  public enum Verdict {
    /** The report may be stored. */
    ACCEPTED,
    /** This service takes no feedback: it has no token. */
    DISABLED,
    /** The request lacks the token or carries another. */
    UNAUTHORISED,
    /** The hour's reports are used up. */
    OVER_CAP
  }

  private final Optional<BearerToken> token;
  private final int maxPerHour;
  private final Clock clock;
  private Instant hour = Instant.MIN;
  private int taken;

  /**
   * Creates the gate.
   *
   * @param token the token callers must present; empty turns feedback off
   * @param maxPerHour reports taken per clock hour, at least 1
   * @param clock tells the hour
   * @throws IllegalArgumentException if {@code maxPerHour} is below 1
   */
  public FeedbackGate(Optional<BearerToken> token, int maxPerHour, Clock clock) {
    this.token = Objects.requireNonNull(token, "token");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxPerHour < 1) {
      throw new IllegalArgumentException(
          "spamflow.inference.feedback.max-per-hour must be at least 1 but was " + maxPerHour);
    }
    this.maxPerHour = maxPerHour;
  }

  /** Returns whether this service takes feedback at all. */
  public boolean enabled() {
    return token.isPresent();
  }

  /** Returns the reports taken per clock hour. */
  public int maxPerHour() {
    return maxPerHour;
  }

  /**
   * Checks the caller, before anything is read.
   *
   * @param authorization the request's {@code Authorization} header, or {@code null}
   * @return {@link Verdict#ACCEPTED}, {@link Verdict#DISABLED} or {@link Verdict#UNAUTHORISED}
   */
  public Verdict authorise(String authorization) {
    if (token.isEmpty()) {
      return Verdict.DISABLED;
    }
    return token.get().matches(authorization) ? Verdict.ACCEPTED : Verdict.UNAUTHORISED;
  }

  /**
   * Takes one of the hour's reports for a valid request.
   *
   * @return {@link Verdict#ACCEPTED}, or {@link Verdict#OVER_CAP} when the hour's are used up
   */
  public synchronized Verdict take() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.HOURS);
    if (!now.equals(hour)) {
      hour = now;
      taken = 0;
    }
    if (taken >= maxPerHour) {
      return Verdict.OVER_CAP;
    }
    taken++;
    return Verdict.ACCEPTED;
  }

  /** Returns how long until the next hour's reports are available (at least one second). */
  public Duration untilNextHour() {
    Instant now = clock.instant();
    Duration left =
        Duration.between(now, now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS));
    return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
  }
}
