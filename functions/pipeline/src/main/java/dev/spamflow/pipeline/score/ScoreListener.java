package dev.spamflow.pipeline.score;

import dev.spamflow.core.data.DatasetFormat;
import dev.spamflow.core.data.Reject;

/** What a scoring run reports while it goes; every method does nothing by default. */
public interface ScoreListener {

  /** A listener that hears nothing. */
  ScoreListener NONE = new ScoreListener() {};

  /**
   * An input was opened.
   *
   * @param input the input
   * @param format the format it was read as
   */
  default void onInput(ScoreInput input, DatasetFormat format) {}

  /**
   * Some more rows were read, every {@link BatchScorer#PROGRESS_ROWS} rows and at the end of each
   * input.
   *
   * @param bytesRead bytes read so far over all inputs
   * @param totalBytes the inputs' total size
   * @param scored rows scored so far
   * @param rejected rows rejected so far
   */
  default void onProgress(long bytesRead, long totalBytes, long scored, long rejected) {}

  /**
   * A row was rejected; it is also kept in the run's rejects object.
   *
   * @param reject the file, row, field and reason
   */
  default void onReject(Reject reject) {}

  /**
   * A Parquet part was stored.
   *
   * @param key its key
   * @param rows the rows it holds
   */
  default void onPart(String key, long rows) {}
}
