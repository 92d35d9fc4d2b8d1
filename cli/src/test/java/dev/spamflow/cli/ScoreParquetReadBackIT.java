package dev.spamflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.pipeline.parquet.ParquetFiles;
import dev.spamflow.pipeline.parquet.Schemas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spamflow score}'s Parquet read back by pyarrow (installed by {@code scripts/servers.sh}),
 * as one hive-partitioned dataset: the same rows, values and types as spamflow wrote, so a user's
 * Spark, DuckDB or pandas job reads it as it is.
 */
class ScoreParquetReadBackIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  @Test
  void pyarrowReadsTheSameRowsAndTypes() throws Exception {
    String python = System.getenv("SPAMFLOW_PYARROW_PYTHON");
    assertThat(python)
        .as(
            "SPAMFLOW_PYARROW_PYTHON names a python with pyarrow; run the tests through"
                + " scripts/test, or: source scripts/servers.sh && servers_install && servers_up")
        .isNotBlank();
    Path unlabelled = temp.resolve("inbox.jsonl");
    Files.writeString(
        unlabelled,
        "{\"text\":\"Congratulations, you won a £500 voucher! Call 09061701461\"}\n"
            + "{\"text\":\"running late, save me a seat\"}\n",
        StandardCharsets.UTF_8);
    Path out = temp.resolve("out");
    CliRun run =
        CliRun.of(
            "score",
            "--model",
            CliRun.SAVED_BUNDLE.toString(),
            "--input",
            ScoreCommandTest.sms() + "," + unlabelled,
            "--out",
            out.toString(),
            "--rows-per-part",
            "2500");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());

    Path listing = temp.resolve("pyarrow.json");
    Process process =
        new ProcessBuilder(
                python,
                Path.of("src/test/resources/pyarrow/read_scores.py").toString(),
                out.resolve("scores").toString())
            .redirectOutput(listing.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).isZero();
    JsonNode read = JSON.readTree(listing.toFile());

    assertThat(fields(read.get("schema")))
        .containsExactly(
            "message_id=string",
            "text_sha256=string",
            "prediction=string",
            "spam_probability=double",
            "model_name=string",
            "model_version=string",
            "scored_at=timestamp[ms, tz=UTC]",
            "label=string",
            "date=string");
    assertThat(read.get("nullable").get("message_id").asBoolean()).isFalse();
    assertThat(read.get("nullable").get("label").asBoolean()).isTrue();

    // spamflow's own reading of the same parts, row by row.
    Map<String, Group> written = new TreeMap<>();
    for (JsonNode part : report.get("parts")) {
      ParquetFiles.forEach(
          out.resolve(part.asText()),
          part.asText(),
          g -> written.put(g.getString(Schemas.MESSAGE_ID, 0), g));
    }
    List<JsonNode> rows = new ArrayList<>();
    read.get("rows").forEach(rows::add);
    rows.sort(Comparator.comparing(r -> r.get("message_id").asText()));
    assertThat(rows).hasSize(5574 + 2).hasSize(written.size());
    Instant scoredAt = Instant.parse(report.get("scoredAt").asText());
    int i = 0;
    for (Map.Entry<String, Group> entry : written.entrySet()) {
      JsonNode row = rows.get(i++);
      Group group = entry.getValue();
      assertThat(row.get("message_id").asText()).isEqualTo(entry.getKey());
      assertThat(row.get("text_sha256").asText())
          .isEqualTo(group.getString(Schemas.TEXT_SHA256, 0));
      assertThat(row.get("prediction").asText()).isEqualTo(group.getString(Schemas.PREDICTION, 0));
      assertThat(row.get("spam_probability").asDouble())
          .isEqualTo(group.getDouble(Schemas.SPAM_PROBABILITY, 0));
      assertThat(row.get("model_version").asText()).isEqualTo(report.get("modelVersion").asText());
      assertThat(Instant.parse(row.get("scored_at").asText().replace("+00:00", "Z")))
          .isEqualTo(Instant.ofEpochMilli(scoredAt.toEpochMilli()));
      assertThat(row.get("date").asText()).isEqualTo(report.get("day").asText());
      if (group.getFieldRepetitionCount(Schemas.LABEL) == 0) {
        assertThat(row.get("label").isNull()).as(entry.getKey()).isTrue();
      } else {
        assertThat(row.get("label").asText()).isEqualTo(group.getString(Schemas.LABEL, 0));
      }
    }
  }

  private static List<String> fields(JsonNode schema) {
    List<String> fields = new ArrayList<>();
    schema.properties().forEach(e -> fields.add(e.getKey() + "=" + e.getValue().asText()));
    return fields;
  }
}
