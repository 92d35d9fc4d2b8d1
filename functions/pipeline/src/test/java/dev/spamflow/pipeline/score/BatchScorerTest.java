package dev.spamflow.pipeline.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.core.data.DatasetFormat;
import dev.spamflow.core.data.DatasetFormatException;
import dev.spamflow.core.data.DatasetReaders;
import dev.spamflow.core.data.ReadResult;
import dev.spamflow.core.data.ReaderLimits;
import dev.spamflow.core.data.RecordReader;
import dev.spamflow.core.data.Reject;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.serving.SpamPredictor;
import dev.spamflow.pipeline.Hashes;
import dev.spamflow.pipeline.parquet.ParquetFiles;
import dev.spamflow.pipeline.parquet.Schemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch scoring on the real SMS file and on bad input, into a directory. */
class BatchScorerTest {

  /** A bundle with both halves (LSTM and n-grams) that core's tests keep. */
  static final Path BUNDLE = Path.of("../../core/src/test/resources/bundles/sms-small-v2");

  private static final Instant NOW = Instant.parse("2026-12-03T09:30:00Z");
  private static final String DAY = "scores/date=2026-12-03/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ScoringModel model;

  @TempDir Path temp;

  @BeforeAll
  static void loadModel() throws IOException {
    model = ScoringModel.fromBundle(BUNDLE);
  }

  private BatchScorer scorer(int rowsPerPart) {
    return new BatchScorer(
        model.predictor(),
        model.name(),
        model.version(),
        rowsPerPart,
        ReaderLimits.DEFAULT,
        temp.resolve("tmp"),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void everyRowOfTheSmsFileIsScoredAsThePredictorScoresIt() throws IOException {
    Path sms = TestData.sms();
    Path out = temp.resolve("out");
    List<String> parts = new ArrayList<>();

    ScoreReport report =
        scorer(2_000)
            .score(
                List.of(ScoreInput.file(sms)),
                ScoreOutput.directory(out),
                new ScoreListener() {
                  @Override
                  public void onPart(String key, long rows) {
                    parts.add(key + "=" + rows);
                  }
                });

    assertThat(report.read()).isEqualTo(5574);
    assertThat(report.scored()).isEqualTo(5574);
    assertThat(report.rejected()).isZero();
    assertThat(report.rejectsKey()).isEmpty();
    String run = report.runId();
    assertThat(report.parts())
        .containsExactly(
            DAY + "part-" + run + "-00000.parquet",
            DAY + "part-" + run + "-00001.parquet",
            DAY + "part-" + run + "-00002.parquet");
    assertThat(parts)
        .extracting(p -> p.substring(p.lastIndexOf('=') + 1))
        .containsExactly("2000", "2000", "1574");

    List<Group> rows = readAll(out, report.parts());
    List<ReadResult.Accepted> expected = readSms(sms);
    assertThat(rows).hasSize(expected.size());
    SpamPredictor predictor = model.predictor();
    long spam = 0;
    for (int i = 0; i < rows.size(); i++) {
      Group row = rows.get(i);
      ReadResult.Accepted input = expected.get(i);
      String text = input.message().text();
      double probability = predictor.spamProbability(text);
      assertThat(row.getString(Schemas.MESSAGE_ID, 0)).isEqualTo(sms + ":" + input.row());
      assertThat(row.getString(Schemas.TEXT_SHA256, 0)).isEqualTo(Hashes.hex(Hashes.sha256(text)));
      assertThat(row.getDouble(Schemas.SPAM_PROBABILITY, 0)).isEqualTo(probability);
      assertThat(row.getString(Schemas.PREDICTION, 0))
          .isEqualTo(predictor.predict(text).label().wireName());
      assertThat(row.getString(Schemas.LABEL, 0)).isEqualTo(input.message().label().wireName());
      assertThat(row.getString(Schemas.MODEL_NAME, 0)).isEqualTo(model.name());
      assertThat(row.getString(Schemas.MODEL_VERSION, 0)).isEqualTo(model.version());
      assertThat(row.getLong(Schemas.SCORED_AT, 0)).isEqualTo(NOW.toEpochMilli());
      spam += row.getString(Schemas.PREDICTION, 0).equals("spam") ? 1 : 0;
    }
    assertThat(report.spam()).isEqualTo(spam).isPositive();

    JsonNode summary = JSON.readTree(out.resolve(DAY + "_run-" + run + ".json").toFile());
    assertThat(summary.get("scored").asLong()).isEqualTo(5574);
    assertThat(summary.get("modelVersion").asText()).isEqualTo(model.version());
    assertThat(summary.get("scoredAt").asText()).isEqualTo(NOW.toString());
  }

  @Test
  void aRerunReplacesItsOwnPartsAndRemovesTheOnesItNoLongerWrites() throws IOException {
    Path sms = TestData.sms();
    Path out = temp.resolve("out");
    ScoreReport first =
        scorer(2_000)
            .score(List.of(ScoreInput.file(sms)), ScoreOutput.directory(out), ScoreListener.NONE);

    ScoreReport again =
        scorer(3_000)
            .score(List.of(ScoreInput.file(sms)), ScoreOutput.directory(out), ScoreListener.NONE);

    assertThat(again.runId()).isEqualTo(first.runId());
    assertThat(again.parts()).hasSize(2);
    assertThat(listParquet(out)).containsExactlyInAnyOrderElementsOf(again.parts());
    assertThat(readAll(out, again.parts())).hasSize(5574);
  }

  @Test
  void badRowsAreKeptWithFileRowAndReasonAndTheRestIsScored() throws IOException {
    Path jsonl = temp.resolve("inbox.jsonl");
    Files.writeString(
        jsonl,
        """
        {"text": "WINNER! Claim your free prize now, text WIN to 80082"}
        {"text": "see you at six", "label": "ham"}
        {"text": 42}
        {"label": "spam"}
        not json at all
        {"text": "what do you think", "label": "maybe"}
        """,
        StandardCharsets.UTF_8);
    Path csv = temp.resolve("export.csv");
    Files.writeString(csv, "id,text\n1,\"Call now, 50% off\"\n2,\n", StandardCharsets.UTF_8);
    Path txt = temp.resolve("plain.txt");
    Files.writeString(
        txt, "are you coming tonight\nFREE ringtones reply STOP\n", StandardCharsets.UTF_8);
    Path out = temp.resolve("out");
    List<Reject> heard = new ArrayList<>();

    ScoreReport report =
        scorer(1_000)
            .score(
                List.of(ScoreInput.file(jsonl), ScoreInput.file(csv), ScoreInput.file(txt)),
                ScoreOutput.directory(out),
                new ScoreListener() {
                  @Override
                  public void onReject(Reject reject) {
                    heard.add(reject);
                  }
                });

    assertThat(report.scored()).isEqualTo(5);
    assertThat(report.rejected()).isEqualTo(5);
    assertThat(heard)
        .extracting(Reject::describe)
        .containsExactly(
            jsonl + ":3: field 'text': expected a string but was a number",
            jsonl + ":4: field 'text': missing",
            heard.get(2).describe(),
            heard.get(3).describe(),
            csv + ":3: field 'text': is empty");
    assertThat(heard.get(2).describe()).startsWith(jsonl + ":5: malformed JSON");
    assertThat(heard.get(3).describe()).startsWith(jsonl + ":6: field 'label': expected one of");
    List<String> kept = Files.readAllLines(out.resolve(report.rejectsKey()));
    assertThat(kept).hasSize(5);
    JsonNode first = JSON.readTree(kept.get(0));
    assertThat(first.get("file").asText()).isEqualTo(jsonl.toString());
    assertThat(first.get("row").asLong()).isEqualTo(3);
    assertThat(first.get("field").asText()).isEqualTo("text");
    List<Group> rows = readAll(out, report.parts());
    assertThat(rows)
        .extracting(r -> r.getString(Schemas.MESSAGE_ID, 0))
        .containsExactly(jsonl + ":1", jsonl + ":2", csv + ":2", txt + ":1", txt + ":2");
    // Labels only where the input had one.
    assertThat(rows.get(0).getFieldRepetitionCount(Schemas.LABEL)).isZero();
    assertThat(rows.get(1).getString(Schemas.LABEL, 0)).isEqualTo("ham");
  }

  @Test
  void aRunWhoseRowsAreAllRejectedWritesNoPartButKeepsTheRejects() throws IOException {
    Path jsonl = temp.resolve("broken.jsonl");
    Files.writeString(jsonl, "{\"label\":\"spam\"}\n[1,2]\n", StandardCharsets.UTF_8);
    Path out = temp.resolve("out");

    ScoreReport report =
        scorer(10)
            .score(List.of(ScoreInput.file(jsonl)), ScoreOutput.directory(out), ScoreListener.NONE);

    assertThat(report.scored()).isZero();
    assertThat(report.parts()).isEmpty();
    assertThat(Files.readAllLines(out.resolve(report.rejectsKey()))).hasSize(2);
  }

  @Test
  void anInputWhoseFormatCannotBeToldFailsNamingIt() throws IOException {
    Path csv = temp.resolve("bodies.csv");
    Files.writeString(csv, "id,body\n1,hello\n", StandardCharsets.UTF_8);

    assertThatThrownBy(
            () ->
                scorer(10)
                    .score(
                        List.of(ScoreInput.file(csv)),
                        ScoreOutput.directory(temp.resolve("out")),
                        ScoreListener.NONE))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(csv.toString())
        .hasMessageContaining("text column");
  }

  static List<Group> readAll(Path out, List<String> parts) {
    List<Group> rows = new ArrayList<>();
    for (String part : parts) {
      ParquetFiles.forEach(out.resolve(part), part, rows::add);
    }
    return rows;
  }

  private static List<String> listParquet(Path out) throws IOException {
    try (Stream<Path> files = Files.walk(out)) {
      return files
          .filter(p -> p.toString().endsWith(".parquet"))
          .map(p -> out.relativize(p).toString())
          .toList();
    }
  }

  private static List<ReadResult.Accepted> readSms(Path sms) {
    List<ReadResult.Accepted> accepted = new ArrayList<>();
    try (RecordReader reader =
        DatasetReaders.open(
            sms, ReaderLimits.DEFAULT, dev.spamflow.core.data.LabelPolicy.OPTIONAL)) {
      reader.forEachRemaining(r -> accepted.add((ReadResult.Accepted) r));
    }
    assertThat(DatasetReaders.detect(sms)).isEqualTo(DatasetFormat.SMS_TSV);
    return accepted;
  }
}
