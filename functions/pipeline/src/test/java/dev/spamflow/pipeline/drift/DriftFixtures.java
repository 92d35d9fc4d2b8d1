package dev.spamflow.pipeline.drift;

import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.data.DatasetLoader;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.port.ExperimentTracker;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.predictions.PredictionLogFormat;
import dev.spamflow.core.predictions.PredictionRecord;
import dev.spamflow.core.text.TextFeatures;
import dev.spamflow.events.ModelTrained;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.TestStores;
import dev.spamflow.pipeline.curate.CurateFunction;
import dev.spamflow.pipeline.curate.CurateResult;
import dev.spamflow.pipeline.curate.CurateSettings;
import dev.spamflow.pipeline.ingest.IngestFunction;
import dev.spamflow.pipeline.ingest.IngestSettings;
import dev.spamflow.pipeline.register.RegisterFunction;
import dev.spamflow.pipeline.register.RegisterSettings;
import dev.spamflow.pipeline.train.TrainFunction;
import dev.spamflow.pipeline.train.TrainingFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A champion trained by the real pipeline on three quarters of the SMS collection, the quarter it
 * never saw, and the e-mail messages: what the drift tests compare.
 */
final class DriftFixtures {
  private DriftFixtures() {}

  /**
   * A store and registry whose champion learned from 75 % of the SMS collection.
   *
   * @param store the store
   * @param tracker the tracker the champion's runs are in
   * @param registry the registry
   * @param unseen SMS texts the champion never saw
   * @param emails e-mail texts
   */
  record Champion(
      ObjectStore store,
      ExperimentTracker tracker,
      ModelRegistry registry,
      List<String> unseen,
      List<String> emails) {}

  /**
   * Trains the champion of {@code spam-detector} on the embedded store and registry in {@code dir}.
   */
  static Champion train(Path dir) {
    FileSystemObjectStore store = TestStores.open(dir);
    FileSystemModelRegistry registry = new FileSystemModelRegistry(dir.resolve("registry"));
    return train(store, registry, registry, RegisterSettings.DEFAULT.model(), dir.resolve("tmp"));
  }

  /** Trains the champion of {@code model} on any store and registry. */
  static Champion train(
      ObjectStore store,
      ExperimentTracker tracker,
      ModelRegistry registry,
      String model,
      Path temp) {
    List<String> lines;
    try {
      lines = new ArrayList<>(Files.readAllLines(TestData.sms(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Collections.shuffle(lines, new Random(3));
    int cut = lines.size() * 3 / 4;
    byte[] training =
        (String.join("\n", lines.subList(0, cut)) + "\n").getBytes(StandardCharsets.UTF_8);
    List<String> unseen = new ArrayList<>();
    for (String line : lines.subList(cut, lines.size())) {
      int tab = line.indexOf('\t');
      if (tab > 0 && !line.substring(tab + 1).isBlank()) {
        unseen.add(line.substring(tab + 1));
      }
    }
    DatasetRef dataset =
        new IngestFunction(store, new IngestSettings(IngestSettings.DEFAULT.readerLimits(), temp))
            .apply(TestStores.upload(store, "inbox/sms-three-quarters.tsv", training))
            .dataset()
            .orElseThrow();
    CurateResult curated =
        new CurateFunction(store, CurateSettings.DEFAULT.withTempDirectory(temp)).apply(dataset);
    if (curated.status() != CurateResult.Status.CURATED) {
      throw new IllegalStateException("not curated: " + curated);
    }
    ModelTrained trained =
        new TrainFunction(store, tracker, TrainingFixtures.tinySearch(1, temp))
            .apply(dataset)
            .event()
            .orElseThrow();
    RegisterSettings d = RegisterSettings.DEFAULT;
    new RegisterFunction(
            store,
            tracker,
            registry,
            new RegisterSettings(model, d.alias(), d.f1Tolerance(), d.blockedHamCeiling(), temp))
        .apply(trained);
    List<String> emails =
        DatasetLoader.load(List.of(TestData.email())).messages().stream()
            .map(Message::text)
            .toList();
    return new Champion(store, tracker, registry, unseen, emails);
  }

  /**
   * Writes predictions of {@code texts} into the log, spread evenly over the span before {@code
   * end}, as the inference service would.
   */
  static void log(ObjectStore store, List<String> texts, Instant end, Duration span, String tag) {
    List<PredictionRecord> records = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      Instant time = end.minus(span).plus(span.multipliedBy(i).dividedBy(texts.size()));
      TextFeatures.Analysis analysis = TextFeatures.analyse(texts.get(i));
      records.add(
          new PredictionRecord(
              texts.get(i),
              0.1,
              "ham",
              "spam-detector",
              "1",
              time,
              analysis.tokens().size(),
              analysis.features()));
    }
    store.put(
        PredictionLogFormat.key(
            PredictionLogFormat.dateOf(records.get(0).time()), records.get(0).time(), tag, 0),
        PredictionLogFormat.encode(records),
        PredictionLogFormat.CONTENT_TYPE);
  }
}
