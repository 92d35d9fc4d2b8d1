package dev.spamflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.cli.local.DataDirectoryLock;
import dev.spamflow.cli.local.LocalDrift;
import dev.spamflow.cli.local.LocalPipeline;
import dev.spamflow.core.data.DatasetLoader;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.predictions.PredictionLogFormat;
import dev.spamflow.core.predictions.PredictionRecord;
import dev.spamflow.core.text.TextFeatures;
import dev.spamflow.pipeline.drift.DriftSettings;
import dev.spamflow.pipeline.train.TrainSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop as {@code spamflow up} runs it: a champion from an upload, e-mail in the served
 * prediction log, one scheduled drift check — which reports the drift, retrains the champion's
 * dataset through the local broker and gates the new version.
 */
class DriftRetrainLoopTest {
  @TempDir Path temp;

  @Test
  void aDriftedWindowRetrainsAndTheGateDecidesOnVersionTwo() throws Exception {
    List<String> lines = Files.readAllLines(TestData.sms(), StandardCharsets.UTF_8);
    Path subset = Files.write(temp.resolve("sms.tsv"), lines.subList(0, 1500));
    Path data = temp.resolve("data");
    CliRun upload =
        CliRun.of(
            "upload",
            "--data-dir",
            data.toString(),
            "--trials",
            "1",
            "--epochs",
            "2",
            subset.toString());
    assertThat(upload.exitCode()).as(upload.err()).isZero();

    Instant now = Instant.now();
    logEMail(new FileSystemObjectStore(data.resolve("store")), now.minusSeconds(1800), 200);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    FileSystemConfig config = new FileSystemConfig(data);
    TrainSettings d = TrainSettings.DEFAULT;
    TrainSettings tiny =
        new TrainSettings(
            d.space(),
            d.base(),
            1,
            2,
            d.parallelism(),
            d.blockedHamCeiling(),
            d.experiment(),
            d.tempDirectory(),
            d.lease());
    try (LocalPipeline pipeline =
        new LocalPipeline(
            config,
            Path.of("../knative/base"),
            tiny,
            line -> {},
            DataDirectoryLock.tryAcquire(data, "test").orElseThrow())) {
      UpCommand.checkDrift(
          new LocalDrift(
              config, DriftSettings.DEFAULT.withWindow(Duration.ofHours(1)), Clock.systemUTC()),
          pipeline,
          new PrintWriter(out, true),
          new PrintWriter(err, true));
    }

    assertThat(err.toString()).isEmpty();
    assertThat(out.toString())
        .contains(": DRIFTED; report ")
        .containsPattern("drift retrain: version 2 (promoted|rejected): .+");
    assertThat(FileSystemModelRegistry.create(config).versions("spam-detector")).hasSize(2);
    assertThat(data.resolve("dead-letters.jsonl"))
        .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyFile());
  }

  private static void logEMail(FileSystemObjectStore store, Instant at, int count) {
    List<Message> mails = DatasetLoader.load(List.of(TestData.email())).messages();
    List<PredictionRecord> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      TextFeatures.Analysis analysis = TextFeatures.analyse(mails.get(i).text());
      records.add(
          new PredictionRecord(
              mails.get(i).text(),
              0.3,
              "ham",
              "spam-detector",
              "1",
              at.plusSeconds(i),
              analysis.tokens().size(),
              analysis.features()));
    }
    store.put(
        PredictionLogFormat.key(PredictionLogFormat.dateOf(at), at, "looptest", 0),
        PredictionLogFormat.encode(records),
        PredictionLogFormat.CONTENT_TYPE);
  }
}
