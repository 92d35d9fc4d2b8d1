package dev.spamflow.pipeline;

/**
 * Messages per label.
 *
 * @param ham legitimate messages
 * @param spam spam messages
 */
public record LabelCounts(long ham, long spam) {

  /**
   * Returns the total.
   *
   * @return {@code ham + spam}
   */
  public long total() {
    return ham + spam;
  }
}
