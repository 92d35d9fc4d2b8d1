package dev.spamflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.cli.local.DataDirectoryLock;
import dev.spamflow.cli.local.FeedbackToken;
import dev.spamflow.cli.local.LocalDrift;
import dev.spamflow.cli.local.LocalPipeline;
import dev.spamflow.core.data.DatasetLoader;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.predictions.PredictionLogFormat;
import dev.spamflow.devtools.broker.HttpSubscriber;
import dev.spamflow.inference.InferenceOptions;
import dev.spamflow.inference.InferenceServer;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.drift.DriftSettings;
import dev.spamflow.pipeline.feedback.FeedbackLabels;
import dev.spamflow.pipeline.train.TrainFunction;
import dev.spamflow.pipeline.train.TrainSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop as {@code spamflow up} runs it, through its real parts: a champion from an upload, the
 * inference API serving e-mail (so the prediction log is the one the service writes) and taking
 * feedback with the data folder's token, one scheduled drift check — which reports the drift,
 * retrains the champion's dataset with the feedback through the local broker and gates the new
 * version — and then the API answering from whichever version the gate left as champion.
 */
class DriftRetrainLoopTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SERVED = 200;
  private static final int REPORTED = 10;

  @TempDir Path temp;

  @Test
  void aDriftedServedWindowRetrainsWithFeedbackAndTheApiServesTheGatesChoice() throws Exception {
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

    List<Message> mails = new ArrayList<>();
    for (Message mail : DatasetLoader.load(List.of(TestData.email())).messages()) {
      // Well under the API's 64 KiB body limit.
      if (mail.text().length() < 20_000) {
        mails.add(mail);
      }
    }
    FileSystemConfig config = new FileSystemConfig(data);
    FileSystemObjectStore store = new FileSystemObjectStore(data.resolve("store"));
    Path tokenFile = FeedbackToken.ensure(data);
    String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
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
            d.lease(),
            d.feedback());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (HttpClient client = HttpClient.newHttpClient();
        InferenceServer api =
            InferenceServer.start(
                InferenceOptions.embedded(data)
                    .withPort(0)
                    .withPollInterval(Duration.ofSeconds(1))
                    .withFeedbackTokenFile(tokenFile));
        LocalPipeline pipeline =
            new LocalPipeline(
                config,
                Path.of("../knative/base"),
                tiny,
                line -> {},
                Map.of(
                    "inference",
                    new HttpSubscriber(api.uri().resolve("/"), client, Duration.ofSeconds(30))),
                DataDirectoryLock.tryAcquire(data, "test").orElseThrow())) {
      assertThat(api.awaitReady(Duration.ofSeconds(60))).isTrue();
      for (Message mail : mails.subList(0, SERVED)) {
        HttpResponse<String> answer =
            post(client, api.uri(), "/api/predict", mail.text(), null, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).at("/model/version").asText()).isEqualTo("1");
      }
      // Users tell the API the right label for e-mail it has not served.
      List<Message> reported = mails.subList(SERVED, SERVED + REPORTED);
      for (Message mail : reported) {
        HttpResponse<String> stored =
            post(client, api.uri(), "/api/feedback", mail.text(), mail.label().wireName(), token);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(202);
      }
      awaitLogged(store, SERVED, Duration.ofSeconds(30));

      UpCommand.checkDrift(
          new LocalDrift(
              config, DriftSettings.DEFAULT.withWindow(Duration.ofHours(1)), Clock.systemUTC()),
          pipeline,
          new PrintWriter(out, true),
          new PrintWriter(err, true));

      assertThat(err.toString()).isEmpty();
      assertThat(out.toString())
          .contains(": DRIFTED; report ")
          .containsPattern("drift retrain: version 2 (promoted|rejected): .+");
      FileSystemModelRegistry registry = FileSystemModelRegistry.create(config);
      assertThat(registry.versions("spam-detector")).hasSize(2);
      // The retraining learnt from every report, and recorded which.
      List<String> chosen =
          store.list("training/").stream()
              .map(ObjectInfo::key)
              .filter(key -> key.endsWith("/" + TrainFunction.FEEDBACK_FILE))
              .toList();
      assertThat(chosen).hasSize(1);
      FeedbackLabels.Choice choice =
          Manifests.read(store, chosen.getFirst(), FeedbackLabels.Choice.class);
      assertThat(choice.keys()).hasSize(REPORTED).allMatch(key -> key.startsWith("feedback/"));
      assertThat(choice.counts().used()).isEqualTo(REPORTED);

      // The API answers from the version the gate left as champion: version 2 if promoted.
      String champion =
          Integer.toString(
              registry.versionByAlias("spam-detector", "champion").orElseThrow().version());
      if (out.toString().contains("version 2 promoted")) {
        assertThat(champion).isEqualTo("2");
      }
      assertThat(
              answeringVersion(
                  client, api.uri(), mails.get(0).text(), champion, Duration.ofSeconds(30)))
          .isEqualTo(champion);
    }
    assertThat(data.resolve("dead-letters.jsonl"))
        .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyFile());
  }

  /** Waits until the service's prediction log holds at least {@code count} records. */
  private static void awaitLogged(FileSystemObjectStore store, int count, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int logged = 0;
    while (System.nanoTime() < deadline) {
      logged = 0;
      for (ObjectInfo object : store.list(PredictionLogFormat.PREFIX)) {
        logged += PredictionLogFormat.decode(store.getBytes(object.key())).records().size();
      }
      if (logged >= count) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(logged + " of " + count + " predictions logged after " + timeout);
  }

  /** Asks until {@code expected} answers (the swap follows model.promoted); the last version. */
  private static String answeringVersion(
      HttpClient client, URI base, String text, String expected, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String version;
    do {
      HttpResponse<String> answer = post(client, base, "/api/predict", text, null, null);
      version = JSON.readTree(answer.body()).at("/model/version").asText();
      if (version.equals(expected)) {
        return version;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return version;
  }

  private static HttpResponse<String> post(
      HttpClient client, URI base, String path, String text, String label, String token)
      throws Exception {
    Map<String, String> body =
        label == null ? Map.of("text", text) : Map.of("text", text, "label", label);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
