package dev.spamflow.cli;

import dev.spamflow.cli.local.LocalPipeline;
import dev.spamflow.cli.local.RunLog;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.pipeline.curate.CurateResult;
import dev.spamflow.pipeline.ingest.IngestResult;
import dev.spamflow.pipeline.register.RegisterResult;
import dev.spamflow.pipeline.register.RegisterSettings;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * Tells the user how a local run ended, in one line, and picks the exit code: 0 when the pipeline
 * reached a verdict or found nothing new to do, 1 when the upload cannot give a model (unreadable,
 * no valid rows, one label, too few rows) or a stage failed.
 */
final class RunOutcome {

  private RunOutcome() {}

  static int report(
      RunLog.Summary run, ModelRegistry registry, PrintWriter out, PrintWriter err, String who) {
    if (!run.failures().isEmpty()) {
      err.println(who + ": a stage failed on " + run.key() + ": " + run.failures().getFirst());
      return SpamflowCli.EXIT_FAILURE;
    }
    Optional<IngestResult> ingest = run.ingest();
    if (ingest.isEmpty()) {
      err.println(who + ": no Trigger routed " + run.key() + " to ingest; nothing ran");
      return SpamflowCli.EXIT_FAILURE;
    }
    IngestResult ingested = ingest.orElseThrow();
    String champion = champion(registry);
    switch (ingested.status()) {
      case SOURCE_MISSING, UNREADABLE -> {
        err.println(who + ": " + run.key() + ": " + ingested.detail());
        return SpamflowCli.EXIT_FAILURE;
      }
      case ALREADY_INGESTED, INGESTED -> {
        // Handled below: the later stages tell how far it went. Content ingested before is
        // announced again, so a chain an earlier run left unfinished is finished now.
      }
    }
    Optional<CurateResult> curate = run.curate();
    boolean notCuratable =
        curate.isPresent() && curate.orElseThrow().status() == CurateResult.Status.NOT_CURATABLE;
    if (!ingested.trainable() || notCuratable) {
      String reason = ingested.trainable() ? curate.orElseThrow().detail() : ingested.detail();
      err.println(who + ": no model from " + run.key() + ": " + reason + "; no training started");
      return SpamflowCli.EXIT_FAILURE;
    }
    Optional<RegisterResult> register = run.register();
    if (register.isEmpty()) {
      err.println(who + ": the pipeline stopped before register for " + run.key());
      return SpamflowCli.EXIT_FAILURE;
    }
    RegisterResult verdict = register.orElseThrow();
    boolean before = ingested.status() == IngestResult.Status.ALREADY_INGESTED;
    if (before && verdict.repeated()) {
      out.println(
          "nothing changed: "
              + run.key()
              + " holds the messages of dataset "
              + ingested.dataset().orElseThrow().id()
              + ", ingested and decided before: version "
              + verdict.version()
              + " "
              + verdict.outcome().toString().toLowerCase(java.util.Locale.ROOT)
              + "; no new model version ("
              + champion
              + ")");
      return 0;
    }
    out.println(
        (before ? "resumed and done: " : "done: ")
            + verdict.model()
            + " version "
            + verdict.version()
            + " "
            + verdict.outcome().toString().toLowerCase(java.util.Locale.ROOT)
            + " ("
            + champion
            + ")");
    return 0;
  }

  private static String champion(ModelRegistry registry) {
    return registry
        .versionByAlias(LocalPipeline.MODEL, RegisterSettings.CHAMPION)
        .map(ModelVersion::version)
        .map(v -> RegisterSettings.CHAMPION + " is version " + v)
        .orElse("no " + RegisterSettings.CHAMPION + " yet");
  }
}
