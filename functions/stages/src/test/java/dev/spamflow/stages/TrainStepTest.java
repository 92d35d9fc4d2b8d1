package dev.spamflow.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.events.EventTypes;
import dev.spamflow.pipeline.DatasetRef;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainStepTest {
  @TempDir Path temp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    out.reset();
    err.reset();
    return TrainStep.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private Map<String, String> env() {
    return Map.of(
        "SPAMFLOW_LOCAL_DIR",
        temp.resolve("data").toString(),
        "K_SINK",
        StageTestBase.SINK.uri().toString(),
        "SPAMFLOW_TRAIN_TRIALS",
        "1",
        "SPAMFLOW_TRAIN_MAX_EPOCHS",
        "1");
  }

  @Test
  void trainsFromTheEventPublishesAndWritesTheResultAndARerunChangesNothing() throws IOException {
    FileSystemObjectStore store =
        FileSystemObjectStore.create(new FileSystemConfig(temp.resolve("data")));
    DatasetRef dataset =
        StageTestBase.ingested(store, "inbox/sms-step.tsv", StageTestBase.sms(2200, 2800));
    CloudEvent curated =
        CloudEventBuilder.v1(StageTestBase.curated(store, dataset)).withId("step-1").build();
    Path event = temp.resolve("event.json");
    Files.write(
        event,
        EventFormatProvider.getInstance()
            .resolveFormat(JsonFormat.CONTENT_TYPE)
            .serialize(curated));
    Path result = temp.resolve("results/train.json");

    assertThat(run(env(), "--event", event.toString(), "--result", result.toString()))
        .as(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(TrainStep.OK);

    JsonNode json = new ObjectMapper().readTree(result.toFile());
    assertThat(json.path("status").asText()).isEqualTo("TRAINED");
    assertThat(json.path("datasetId").asText()).isEqualTo(dataset.id());
    assertThat(json.path("metrics").has("validation_f1")).isTrue();
    assertThat(StageTestBase.SINK.withId("step-1.train"))
        .singleElement()
        .extracting(CloudEvent::getType)
        .isEqualTo(EventTypes.MODEL_TRAINED);

    Map<String, String> before = snapshot(store);
    assertThat(run(env(), "--dataset", dataset.id())).isEqualTo(TrainStep.OK);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("ALREADY_TRAINED")
        .contains(json.path("runId").asText());
    assertThat(StageTestBase.SINK.withId("dataset-" + dataset.id() + ".train")).hasSize(1);
    assertThat(snapshot(store)).isEqualTo(before);
  }

  @Test
  void prepareTrialsAndSelectRunTheSearchAsATektonMatrixDoes() throws IOException {
    FileSystemObjectStore store =
        FileSystemObjectStore.create(new FileSystemConfig(temp.resolve("data")));
    DatasetRef dataset =
        StageTestBase.ingested(store, "inbox/sms-fan-out.tsv", StageTestBase.sms(3400, 4000));
    StageTestBase.curated(store, dataset);
    Path plan = temp.resolve("out/prepare.json");

    // As the Tekton prepare task runs it: the first trial-budget points of the seeded draw.
    assertThat(
            run(
                env(),
                "prepare",
                "--dataset",
                dataset.id(),
                "--trial-budget",
                "2",
                "--result",
                plan.toString()))
        .as(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(TrainStep.OK);
    JsonNode planned = new ObjectMapper().readTree(plan.toFile());
    assertThat(planned.path("status").asText()).isEqualTo("PLANNED");
    assertThat(planned.path("trials").toString()).isEqualTo("[1,2]");
    String runId = planned.path("runId").asText();
    assertThat(StageTestBase.SINK.withId("dataset-" + dataset.id() + ".train")).isEmpty();

    for (String trial : new String[] {"1", "2"}) {
      Path result = temp.resolve("out/trial-" + trial + ".json");
      assertThat(
              run(
                  env(),
                  "trial",
                  "--dataset",
                  dataset.id(),
                  "--trial",
                  trial,
                  "--result",
                  result.toString()))
          .as(err.toString(StandardCharsets.UTF_8))
          .isEqualTo(TrainStep.OK);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .startsWith("train trial: dataset " + dataset.id() + ": TRIAL_FINISHED, run " + runId);
      assertThat(new ObjectMapper().readTree(result.toFile()).path("validationF1").asDouble())
          .isPositive();
    }

    Path selected = temp.resolve("out/select.json");
    assertThat(run(env(), "select", "--dataset", dataset.id(), "--result", selected.toString()))
        .as(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(TrainStep.OK);
    JsonNode json = new ObjectMapper().readTree(selected.toFile());
    assertThat(json.path("status").asText()).isEqualTo("TRAINED");
    assertThat(json.path("runId").asText()).isEqualTo(runId);
    assertThat(json.path("trials").asInt()).isEqualTo(2);
    // Only the select step announces the candidate, under the id a search in threads would use.
    assertThat(StageTestBase.SINK.withId("dataset-" + dataset.id() + ".train"))
        .singleElement()
        .extracting(CloudEvent::getType)
        .isEqualTo(EventTypes.MODEL_TRAINED);
  }

  @Test
  void aStepOutOfOrderFailsNamingWhatIsMissing() {
    FileSystemObjectStore store =
        FileSystemObjectStore.create(new FileSystemConfig(temp.resolve("data")));
    DatasetRef dataset =
        StageTestBase.ingested(store, "inbox/sms-early.tsv", StageTestBase.sms(4000, 4600));
    StageTestBase.curated(store, dataset);

    assertThat(run(env(), "trial", "--dataset", dataset.id(), "--trial", "1"))
        .isEqualTo(TrainStep.FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("training/" + dataset.id() + "/plan.json")
        .contains("run the prepare step first");
  }

  @Test
  void aDatasetWithoutCuratedDataIsNothingToTrain() throws IOException {
    Path result = temp.resolve("train.json");

    assertThat(run(env(), "--dataset", "0123456789abcdef", "--result", result.toString()))
        .isEqualTo(TrainStep.NOTHING_TO_TRAIN);

    assertThat(Files.readString(result)).contains("CURATED_MISSING");
  }

  @Test
  void badArgumentsAreOneLineErrorsWithTheUsage() throws IOException {
    assertThat(run(env())).isEqualTo(TrainStep.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("exactly one of").contains("usage:");

    assertThat(run(env(), "--dataset", "NOT-AN-ID")).isEqualTo(TrainStep.USAGE);

    assertThat(run(env(), "prepare", "--dataset", "0123456789abcdef")).isEqualTo(TrainStep.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("prepare needs one of --trials N [N ...] and --trial-budget N");
    assertThat(run(env(), "trial", "--dataset", "0123456789abcdef", "--trial", "0"))
        .isEqualTo(TrainStep.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--trial takes trial numbers from 1, got '0'");
    assertThat(run(env(), "--dataset", "0123456789abcdef", "--trials", "1"))
        .isEqualTo(TrainStep.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--trials and --trial-budget go with prepare");
    assertThat(run(env(), "sweep", "--dataset", "0123456789abcdef")).isEqualTo(TrainStep.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown mode 'sweep'");

    Path notAnEvent = Files.writeString(temp.resolve("bad.json"), "{\"id\":");
    assertThat(run(env(), "--event", notAnEvent.toString())).isEqualTo(TrainStep.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("not a CloudEvent");
  }

  @Test
  void aMissingCredentialIsAFailureNamingIt() {
    Map<String, String> env =
        Map.of(
            "SPAMFLOW_LOCAL_DIR",
            temp.resolve("data").toString(),
            "SPAMFLOW_MINIO_ENDPOINT",
            "http://127.0.0.1:1");

    // MinIO is named but its credentials are not: the step fails before doing anything.
    assertThat(run(env, "--dataset", "0123456789abcdef")).isEqualTo(TrainStep.FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("SPAMFLOW_MINIO_ACCESS_KEY");
  }

  private static Map<String, String> snapshot(FileSystemObjectStore store) {
    Map<String, String> result = new TreeMap<>();
    store.list("").forEach(o -> result.put(o.key(), o.etag() + "@" + o.lastModified()));
    return result;
  }

  @Test
  void aRetrainingIsASearchOfItsOwnAndARerunOfItChangesNothing() throws IOException {
    FileSystemObjectStore store =
        FileSystemObjectStore.create(new FileSystemConfig(temp.resolve("data")));
    DatasetRef dataset =
        StageTestBase.ingested(store, "inbox/sms-retrain.tsv", StageTestBase.sms(2800, 3400));
    StageTestBase.curated(store, dataset);
    Path first = temp.resolve("first.json");
    Path retrain = temp.resolve("retrain.json");
    Path again = temp.resolve("again.json");

    assertThat(run(env(), "--dataset", dataset.id(), "--result", first.toString()))
        .isEqualTo(TrainStep.OK);
    assertThat(
            run(
                env(),
                "--dataset",
                dataset.id(),
                "--retrain",
                "drift-20261202T060000Z-x-v1",
                "--result",
                retrain.toString()))
        .as(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(TrainStep.OK);
    assertThat(
            run(
                env(),
                "--dataset",
                dataset.id(),
                "--retrain",
                "drift-20261202T060000Z-x-v1",
                "--result",
                again.toString()))
        .isEqualTo(TrainStep.OK);

    ObjectMapper json = new ObjectMapper();
    JsonNode a = json.readTree(first.toFile());
    JsonNode b = json.readTree(retrain.toFile());
    JsonNode c = json.readTree(again.toFile());
    assertThat(b.path("status").asText()).isEqualTo("TRAINED");
    assertThat(b.path("runId").asText()).isNotEqualTo(a.path("runId").asText());
    assertThat(c.path("status").asText()).isEqualTo("ALREADY_TRAINED");
    assertThat(c.path("runId").asText()).isEqualTo(b.path("runId").asText());
    assertThat(
            StageTestBase.SINK.withId(
                "dataset-" + dataset.id() + "-drift-20261202t060000z-x-v1.train"))
        .hasSize(2);
  }
}
