package dev.spamflow.pipeline.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.pipeline.ColumnSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFilesTest {

  @TempDir Path dir;

  @Test
  void rowsSurviveARoundTripAcrossRowGroupsAndUnicode() throws Exception {
    Path file = dir.resolve("m.parquet");
    SimpleGroupFactory rows = new SimpleGroupFactory(Schemas.RAW);
    int n = 20_000;
    try (ParquetWriter<Group> writer = ParquetFiles.writer(file, Schemas.RAW)) {
      for (int i = 0; i < n; i++) {
        writer.write(
            rows.newGroup()
                .append(Schemas.ID, "id" + i)
                .append(Schemas.TEXT, "Ｗｉｎ £" + i + " 😀 " + "x".repeat(i % 300))
                .append(Schemas.LABEL, i % 2 == 0 ? "ham" : "spam")
                .append(Schemas.SOURCE_KEY, "inbox/a.tsv")
                .append(Schemas.SOURCE_ROW, (long) i + 1));
      }
    }
    // Magic bytes at both ends: a complete Parquet file (and GZIP keeps it small).
    byte[] bytes = Files.readAllBytes(file);
    assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("PAR1");

    List<String> texts = new ArrayList<>();
    long read =
        ParquetFiles.forEach(
            file,
            "m",
            g -> {
              texts.add(g.getString(Schemas.TEXT, 0));
              assertThat(g.getLong(Schemas.SOURCE_ROW, 0)).isEqualTo(texts.size());
            });

    assertThat(read).isEqualTo(n);
    assertThat(texts.get(12_345)).isEqualTo("Ｗｉｎ £12345 😀 " + "x".repeat(12_345 % 300));
  }

  @Test
  void theSchemaIsDescribedForManifests() {
    assertThat(ParquetFiles.describe(Schemas.RAW))
        .containsExactly(
            new ColumnSpec("id", "string"),
            new ColumnSpec("text", "string"),
            new ColumnSpec("label", "string"),
            new ColumnSpec("source_key", "string"),
            new ColumnSpec("source_row", "int64"));
    assertThat(ParquetFiles.describe(Schemas.CURATED))
        .extracting(ColumnSpec::name)
        .containsSubsequence(
            "text_length",
            "word_count",
            "has_url",
            "has_email",
            "digit_share",
            "upper_case_share",
            "has_currency");
  }

  @Test
  void aFileThatIsNotParquetFailsNamingTheObject() throws Exception {
    Path file = dir.resolve("x.parquet");
    Files.writeString(file, "not parquet at all");

    assertThatThrownBy(() -> ParquetFiles.forEach(file, "raw/abc/messages.parquet", g -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("object 'raw/abc/messages.parquet' is not valid Parquet");
  }
}
