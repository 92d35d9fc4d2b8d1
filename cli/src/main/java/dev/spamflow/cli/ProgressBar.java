package dev.spamflow.cli;

import dev.spamflow.core.model.EpochRecord;
import dev.spamflow.core.model.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows training progress on stderr: a bar redrawn per batch on a terminal, and one summary line
 * per epoch everywhere (logs of non-interactive runs stay readable).
 */
final class ProgressBar implements TrainingListener {

  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean interactive;
  private int maxEpochs;
  private int batchesPerEpoch;
  private double lossSum;

  // Error Prone says System.console() is never null since JDK 22; it still is when the JVM has no
  // terminal at all (stdin and stdout redirected), as under CI.
  @SuppressWarnings("SystemConsoleNull")
  ProgressBar(PrintWriter err) {
    this.err = err;
    // A redrawn bar only makes sense on a terminal; CI logs get one line per epoch.
    java.io.Console console = System.console();
    this.interactive = console != null && console.isTerminal() && System.getenv("CI") == null;
  }

  @Override
  public void onStart(int maxEpochs, int batchesPerEpoch) {
    this.maxEpochs = maxEpochs;
    this.batchesPerEpoch = batchesPerEpoch;
    err.printf(
        Locale.ROOT,
        "training: up to %d epochs of %d batches over the folds (ND4J threads: %s)%n",
        maxEpochs,
        batchesPerEpoch,
        System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
    err.flush();
  }

  @Override
  public void onBatch(int epoch, int batch, double loss) {
    if (batch == 1) {
      lossSum = 0;
    }
    lossSum += loss;
    if (!interactive) {
      return;
    }
    int filled = (int) ((long) WIDTH * batch / Math.max(1, batchesPerEpoch));
    err.printf(
        Locale.ROOT,
        "\repoch %d/%d [%s%s] %d/%d loss %.4f",
        epoch,
        maxEpochs,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        batch,
        batchesPerEpoch,
        lossSum / batch);
    err.flush();
  }

  @Override
  public void onEpoch(EpochRecord r) {
    if (interactive) {
      err.print("\r\033[K");
    }
    err.printf(
        Locale.ROOT,
        "epoch %d/%d  loss %.4f  out-of-fold loss %.4f  F1 %.3f  AUC %.4f  %.1f s%s%n",
        r.epoch(),
        maxEpochs,
        r.trainLoss(),
        r.validationLoss(),
        r.validationF1(),
        r.validationRocAuc(),
        r.millis() / 1000.0,
        r.best() ? "  (best so far)" : "");
    err.flush();
  }

  @Override
  public void onPhase(String line) {
    if (interactive) {
      err.print("\r\033[K");
    }
    err.println(line);
    err.flush();
  }
}
