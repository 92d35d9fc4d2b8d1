package dev.spamflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.cli.local.LocalPipeline;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.Run;
import dev.spamflow.pipeline.train.TrainFunction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The local system killed with SIGKILL inside each stage in turn, then started again on the same
 * data directory (or the same file uploaded again): it resumes the chain by itself, a champion is
 * served, and nothing is done twice — one search run and one model version for the dataset, one
 * folder in raw/ and in curated/.
 */
class CrashRecoveryTest {

  /** CrashPoint's property (package-private in cli.local): where the first process stops dead. */
  private static final String CRASH_POINT = "spamflow.test.crash-point";

  @TempDir static Path shared;

  private static Path sms;

  @BeforeAll
  static void smallFile() throws IOException {
    // 1,000 SMS and one trial of one epoch: a champion in seconds, the same data every run.
    List<String> lines = Files.readAllLines(TestData.sms(), StandardCharsets.UTF_8);
    sms = Files.write(shared.resolve("sms.tsv"), lines.subList(0, 1000));
  }

  @ParameterizedTest(name = "killed at {0}")
  @ValueSource(
      strings = {
        // ingest: the parts are written, the raw manifest is not
        "put:raw/[0-9a-f]+/manifest\\.json",
        // curate: the parts are written, the curated manifest is not
        "put:curated/[0-9a-f]+/manifest\\.json",
        // train: the attempt has opened its search run and no trial has finished
        "put:training/[0-9a-f]+/started\\.json",
        // train: every trial finished, the result is not recorded
        "put:training/[0-9a-f]+/result\\.json",
        // register: model.trained is in flight, register has not seen it
        "deliver:register"
      })
  void aKillInsideAnyStageIsRecoveredByStartingAgain(String point, @TempDir Path temp)
      throws Exception {
    Path data = temp.resolve("data");
    try (CliProcess first =
        CliProcess.start(
            Map.of(CRASH_POINT, point),
            "upload",
            "--data-dir",
            data.toString(),
            "--trials",
            "1",
            "--epochs",
            "1",
            sms.toString())) {
      first.await(line -> line.startsWith("crash point reached:"), Duration.ofMinutes(3));
      first.kill();
    }

    // Restarted as a user would: `up` again, or (where the kill left a dataset behind) the same
    // file uploaded again; both resume the unfinished chain first.
    boolean reupload =
        point.startsWith("put:curated") || point.startsWith("put:training/[0-9a-f]+/result");
    CliRun restart =
        reupload
            ? CliRun.of(
                "upload",
                "--data-dir",
                data.toString(),
                "--trials",
                "1",
                "--epochs",
                "1",
                sms.toString())
            : CliRun.of(
                "up",
                "--data-dir",
                data.toString(),
                "--port",
                "0",
                "--trials",
                "1",
                "--epochs",
                "1",
                "--check");

    assertThat(restart.exitCode()).as(restart.out() + restart.err()).isZero();
    assertThat(restart.out())
        .containsPattern("resuming (dataset [0-9a-f]+ \\(inbox/sms.tsv\\)|inbox/sms.tsv): ")
        .containsPattern("(resumed and )?done: spam-detector version 1 promoted");
    if (reupload) {
      assertThat(restart.out()).contains("nothing changed: inbox/sms.tsv holds the messages of");
    } else {
      assertThat(restart.out()).containsPattern("200 \\{.*\"version\":\"?1\"?");
    }
    FileSystemConfig config = new FileSystemConfig(data);
    FileSystemModelRegistry registry = FileSystemModelRegistry.create(config);
    assertThat(registry.versions(LocalPipeline.MODEL)).hasSize(1);
    String dataset = onlyFolder(FileSystemObjectStore.create(config), "raw/");
    assertThat(onlyFolder(FileSystemObjectStore.create(config), "curated/")).isEqualTo(dataset);
    assertThat(searchRuns(data, registry, dataset)).hasSize(1);

    // Started again once more: nothing is left to resume, nothing changes, the champion serves.
    CliRun again = CliRun.of("up", "--data-dir", data.toString(), "--port", "0", "--check");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out())
        .doesNotContain("resuming")
        .containsPattern("200 \\{.*\"version\":\"?1\"?");
    assertThat(registry.versions(LocalPipeline.MODEL)).hasSize(1);
  }

  /** The one dataset folder under {@code prefix}. */
  private static String onlyFolder(FileSystemObjectStore store, String prefix) {
    Set<String> folders =
        store.list(prefix).stream()
            .map(ObjectInfo::key)
            .map(k -> k.substring(prefix.length(), k.indexOf('/', prefix.length())))
            .collect(Collectors.toSet());
    assertThat(folders).as("folders under %s", prefix).hasSize(1);
    return folders.iterator().next();
  }

  private static List<Run> searchRuns(Path data, FileSystemModelRegistry registry, String dataset)
      throws IOException {
    // The embedded registry keeps one folder per run under registry/runs/.
    try (Stream<Path> runs =
        Files.list(new FileSystemConfig(data).registryDirectory().resolve("runs"))) {
      return runs.map(p -> registry.getRun(p.getFileName().toString()))
          .filter(r -> dataset.equals(r.tags().get(TrainFunction.DATASET_TAG)))
          .filter(r -> "search".equals(r.tags().get(TrainFunction.ROLE_TAG)))
          .toList();
    }
  }
}
