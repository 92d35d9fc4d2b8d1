package dev.spamflow.cli;

import dev.spamflow.core.data.DatasetFormat;
import dev.spamflow.core.data.Reject;
import dev.spamflow.pipeline.score.ScoreInput;
import dev.spamflow.pipeline.score.ScoreListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a scoring run on stderr: a bar redrawn as rows are read on a terminal, one line per input
 * and per stored part everywhere, and the first rejects in full.
 */
final class ScoreProgress implements ScoreListener {

  /** Rejects listed on stderr; the rest are counted (all are kept in the rejects object). */
  static final int REJECTS_SHOWN = 5;

  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean interactive;
  private final long started = System.nanoTime();
  private long rejectsShown;
  private boolean barShown;

  // As ProgressBar: System.console() is null when the JVM has no terminal (CI).
  @SuppressWarnings("SystemConsoleNull")
  ScoreProgress(PrintWriter err) {
    this.err = err;
    java.io.Console console = System.console();
    this.interactive = console != null && console.isTerminal() && System.getenv("CI") == null;
  }

  @Override
  public void onInput(ScoreInput input, DatasetFormat format) {
    line(
        String.format(
            Locale.ROOT, "scoring %s (%s, %,d bytes)", input.name(), format, input.size()));
  }

  @Override
  public void onProgress(long bytesRead, long totalBytes, long scored, long rejected) {
    if (!interactive) {
      return;
    }
    double share = totalBytes > 0 ? Math.min(1.0, (double) bytesRead / totalBytes) : 1.0;
    int filled = (int) (WIDTH * share);
    double seconds = (System.nanoTime() - started) / 1e9;
    err.printf(
        Locale.ROOT,
        "\r[%s%s] %3.0f%%  %,d scored  %,d rejected  %,.0f msg/s",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        share * 100,
        scored,
        rejected,
        seconds > 0 ? scored / seconds : 0.0);
    err.flush();
    barShown = true;
  }

  @Override
  public void onReject(Reject reject) {
    if (rejectsShown++ < REJECTS_SHOWN) {
      line("  rejected " + reject.describe());
    }
  }

  @Override
  public void onPart(String key, long rows) {
    line(String.format(Locale.ROOT, "stored %s (%,d rows)", key, rows));
  }

  /** Prints a line, clearing the bar first. */
  private void line(String text) {
    if (barShown) {
      err.print("\r\033[K");
      barShown = false;
    }
    err.println(text);
    err.flush();
  }
}
