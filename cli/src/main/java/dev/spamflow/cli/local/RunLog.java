package dev.spamflow.cli.local;

import dev.spamflow.pipeline.curate.CurateResult;
import dev.spamflow.pipeline.ingest.IngestResult;
import dev.spamflow.pipeline.register.RegisterResult;
import java.util.List;
import java.util.Optional;

/**
 * What the stages did for one object, collected while the broker delivers, so a caller can tell its
 * user the outcome and choose an exit code. Delivery is synchronous and one at a time, so the
 * stages write this from the thread that started the run.
 */
public final class RunLog {

  /**
   * The outcome of one run.
   *
   * @param key the object the run started from
   * @param ingest what ingest did, if it ran
   * @param curate what curate did, if it ran
   * @param register what register decided, if it ran
   * @param failures stage failures that ended in the dead-letter log, one line each
   */
  public record Summary(
      String key,
      Optional<IngestResult> ingest,
      Optional<CurateResult> curate,
      Optional<RegisterResult> register,
      List<String> failures) {

    /** Copies the list. */
    public Summary {
      failures = List.copyOf(failures);
    }
  }

  private String key = "";
  private IngestResult ingest;
  private CurateResult curate;
  private RegisterResult register;

  RunLog() {}

  synchronized void start(String startKey) {
    key = startKey;
    ingest = null;
    curate = null;
    register = null;
  }

  synchronized void ingested(IngestResult result) {
    ingest = result;
  }

  synchronized void curated(CurateResult result) {
    curate = result;
  }

  synchronized void registered(RegisterResult result) {
    register = result;
  }

  synchronized Summary finish(List<String> failures) {
    return new Summary(
        key,
        Optional.ofNullable(ingest),
        Optional.ofNullable(curate),
        Optional.ofNullable(register),
        failures);
  }
}
