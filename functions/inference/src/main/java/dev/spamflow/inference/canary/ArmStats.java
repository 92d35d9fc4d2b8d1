package dev.spamflow.inference.canary;

/**
 * What one arm of the canary (champion or challenger) has served, for metrics.
 *
 * @param requests requests recorded since the router was made (the champion) or since the version
 *     on trial started (the challenger)
 * @param errors of those, the ones that failed
 * @param windowRequests requests in the current window
 * @param windowErrors failed requests in the current window
 * @param windowP99Nanos the p99 latency of the current window in nanoseconds, rounded up to its
 *     histogram bucket (at most 12.5 % high); 0 for an empty window
 */
public record ArmStats(
    long requests, long errors, long windowRequests, long windowErrors, long windowP99Nanos) {

  /** The window's error rate, 0 to 1; 0 for an empty window. */
  public double windowErrorRate() {
    return windowRequests == 0 ? 0.0 : (double) windowErrors / windowRequests;
  }
}
