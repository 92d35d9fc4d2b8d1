package dev.spamflow.pipeline.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.core.data.CountingInputStream;
import dev.spamflow.core.data.DatasetFormat;
import dev.spamflow.core.data.DatasetReaders;
import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.LabelPolicy;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.ReadResult;
import dev.spamflow.core.data.ReaderLimits;
import dev.spamflow.core.data.RecordReader;
import dev.spamflow.core.data.Reject;
import dev.spamflow.core.serving.Prediction;
import dev.spamflow.core.serving.SpamPredictor;
import dev.spamflow.pipeline.Hashes;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.StagedFiles;
import dev.spamflow.pipeline.parquet.ParquetFiles;
import dev.spamflow.pipeline.parquet.Schemas;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Scores inputs with one model into date-partitioned Parquet: the e-mail design's batch inference.
 *
 * <p>Every input is streamed (any {@link DatasetFormat}, labels optional: {@link
 * LabelPolicy#OPTIONAL}) one row at a time into a local Parquet part; a part that reaches {@code
 * rowsPerPart} rows is uploaded to {@code scores/date=<day>/part-<run>-<n>.parquet} and removed, so
 * memory and disk stay bounded by one part whatever the input's size. Rows that cannot be read are
 * never dropped: each goes to the listener and to {@code scores/date=<day>/_rejects-<run>.jsonl};
 * the run's counts go to {@code _run-<run>.json}. (Names starting with {@code _} are skipped by
 * Parquet dataset readers such as pyarrow and Spark, so the directory reads as one table.)
 *
 * <p>A run is idempotent: its id hashes the model and the inputs' names and sizes, so scoring the
 * same inputs again replaces the same parts (and removes any higher-numbered leftovers) rather than
 * adding rows twice.
 */
public final class BatchScorer {

  /** The prefix every scoring output lives under. */
  public static final String PREFIX = "scores/";

  /** Rows per Parquet part unless told otherwise: about 30 MB of GZIP Parquet for SMS. */
  public static final int DEFAULT_ROWS_PER_PART = 1_000_000;

  /** How often, in rows, {@link ScoreListener#onProgress} is called. */
  public static final int PROGRESS_ROWS = 50_000;

  private static final int RUN_ID_HEX_DIGITS = 12;
  private static final ObjectMapper JSON_LINE = Manifests.compactMapper();

  /** One value per row: a dictionary would only cost time. */
  private static final Set<String> DISTINCT_COLUMNS =
      Set.of(Schemas.MESSAGE_ID, Schemas.TEXT_SHA256, Schemas.SPAM_PROBABILITY);

  private final SpamPredictor predictor;
  private final String modelName;
  private final String modelVersion;
  private final int rowsPerPart;
  private final ReaderLimits limits;
  private final Path tempDirectory;
  private final Clock clock;

  /**
   * Creates a scorer.
   *
   * @param predictor the model
   * @param modelName its name, written on every row
   * @param modelVersion its version, written on every row
   * @param rowsPerPart rows per Parquet part, at least 1
   * @param limits the readers' limits (row size)
   * @param tempDirectory where a part is staged before upload
   * @param clock the time source of {@code scored_at} and the day partition
   */
  public BatchScorer(
      SpamPredictor predictor,
      String modelName,
      String modelVersion,
      int rowsPerPart,
      ReaderLimits limits,
      Path tempDirectory,
      Clock clock) {
    this.predictor = Objects.requireNonNull(predictor, "predictor");
    this.modelName = requireNonBlank(modelName, "modelName");
    this.modelVersion = requireNonBlank(modelVersion, "modelVersion");
    if (rowsPerPart < 1) {
      throw new IllegalArgumentException("rowsPerPart must be >= 1 but was " + rowsPerPart);
    }
    this.rowsPerPart = rowsPerPart;
    this.limits = Objects.requireNonNull(limits, "limits");
    this.tempDirectory = Objects.requireNonNull(tempDirectory, "tempDirectory");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The id of a run over these inputs with this model.
   *
   * @param modelName the model's name
   * @param modelVersion its version
   * @param inputs the inputs, in order
   * @return twelve hex digits
   */
  public static String runId(String modelName, String modelVersion, List<ScoreInput> inputs) {
    MessageDigest sha = Hashes.sha256();
    StringBuilder identity = new StringBuilder(modelName).append('\n').append(modelVersion);
    for (ScoreInput input : inputs) {
      identity.append('\n').append(input.name()).append('\t').append(input.size());
    }
    return Hashes.hex(sha.digest(identity.toString().getBytes(StandardCharsets.UTF_8)))
        .substring(0, RUN_ID_HEX_DIGITS);
  }

  /**
   * Scores every row of the inputs and stores the parts.
   *
   * @param inputs the inputs, read in order; at least one
   * @param store where {@code scores/} is written
   * @param listener hears progress, rejects and parts
   * @return what was done; {@link ScoreReport#scored()} is 0 when every row was rejected
   * @throws UncheckedIOException naming the input when one cannot be read
   * @throws dev.spamflow.core.data.DatasetFormatException naming the input when its format cannot
   *     be told or its CSV header lacks a text column
   * @throws dev.spamflow.core.port.ObjectStoreException if the store fails
   */
  public ScoreReport score(List<ScoreInput> inputs, ScoreOutput store, ScoreListener listener) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(listener, "listener");
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("nothing to score: no inputs");
    }
    long started = System.nanoTime();
    Instant scoredAt = clock.instant();
    String day = scoredAt.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    String runId = runId(modelName, modelVersion, inputs);
    Run run = new Run(store, listener, PREFIX + "date=" + day + "/", runId, scoredAt, inputs);
    try (StagedFiles staged = StagedFiles.create(tempDirectory, "score-")) {
      run.staged = staged;
      for (ScoreInput input : inputs) {
        run.read(input);
      }
      run.finishPart();
      String rejectsKey = run.storeRejects();
      run.removeLeftovers();
      ScoreReport report =
          new ScoreReport(
              runId,
              day,
              scoredAt.toString(),
              modelName,
              modelVersion,
              predictor.threshold(),
              inputs.stream().map(ScoreInput::name).toList(),
              run.scored + run.rejected,
              run.scored,
              run.rejected,
              run.spam,
              run.parts,
              rejectsKey,
              (System.nanoTime() - started) / 1e9);
      Path summary = staged.file("run.json");
      Files.write(summary, Manifests.toJson(report));
      store.put(run.prefix + "_run-" + runId + ".json", summary, "application/json", 1);
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException("scoring run " + runId + " failed: " + e.getMessage(), e);
    }
  }

  /** The state of one run: the open part, the rejects file and the counts. */
  private final class Run {
    private final ScoreOutput store;
    private final ScoreListener listener;
    private final String prefix;
    private final String runId;
    private final long scoredAtMillis;
    private final long totalBytes;
    private final SimpleGroupFactory rows = new SimpleGroupFactory(Schemas.SCORES);
    private final MessageDigest textSha = Hashes.sha256();
    private final List<String> parts = new ArrayList<>();
    private StagedFiles staged;
    private ParquetWriter<Group> part;
    private Path partFile;
    private long partRows;
    private Writer rejects;
    private long bytesBefore;
    private long scored;
    private long rejected;
    private long spam;

    Run(
        ScoreOutput store,
        ScoreListener listener,
        String prefix,
        String runId,
        Instant scoredAt,
        List<ScoreInput> inputs) {
      this.store = store;
      this.listener = listener;
      this.prefix = prefix;
      this.runId = runId;
      this.scoredAtMillis = scoredAt.toEpochMilli();
      this.totalBytes = inputs.stream().mapToLong(ScoreInput::size).sum();
    }

    void read(ScoreInput input) throws IOException {
      try (CountingInputStream counted = new CountingInputStream(open(input));
          BufferedInputStream in = new BufferedInputStream(counted, 64 * 1024)) {
        DatasetFormat format = DatasetReaders.detect(input.name(), in, LabelPolicy.OPTIONAL);
        listener.onInput(input, format);
        try (RecordReader reader =
            DatasetReaders.open(in, input.name(), format, limits, LabelPolicy.OPTIONAL)) {
          long sinceProgress = 0;
          while (reader.hasNext()) {
            switch (reader.next()) {
              case ReadResult.Accepted(Message message, long row) ->
                  write(input.name(), row, message.text(), message.label());
              case ReadResult.Unlabelled(String text, long row) ->
                  write(input.name(), row, text, null);
              case ReadResult.Rejected(Reject reject) -> reject(reject);
            }
            if (++sinceProgress == PROGRESS_ROWS) {
              sinceProgress = 0;
              listener.onProgress(bytesBefore + counted.count(), totalBytes, scored, rejected);
            }
          }
        }
        bytesBefore += counted.count();
        listener.onProgress(bytesBefore, totalBytes, scored, rejected);
      }
    }

    private InputStream open(ScoreInput input) {
      try {
        return input.source().open();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open " + input.name() + ": " + e.getMessage(), e);
      }
    }

    private void write(String input, long row, String text, Label label) throws IOException {
      Prediction prediction = predictor.predict(text);
      if (part == null) {
        partFile = staged.file("part-" + parts.size() + ".parquet");
        part = ParquetFiles.writer(partFile, Schemas.SCORES, DISTINCT_COLUMNS);
        partRows = 0;
      }
      Group group =
          rows.newGroup()
              .append(Schemas.MESSAGE_ID, input + ":" + row)
              .append(
                  Schemas.TEXT_SHA256,
                  Hashes.hex(textSha.digest(text.getBytes(StandardCharsets.UTF_8))))
              .append(Schemas.PREDICTION, prediction.label().wireName())
              .append(Schemas.SPAM_PROBABILITY, prediction.spamProbability())
              .append(Schemas.MODEL_NAME, modelName)
              .append(Schemas.MODEL_VERSION, modelVersion)
              .append(Schemas.SCORED_AT, scoredAtMillis);
      if (label != null) {
        group.append(Schemas.LABEL, label.wireName());
      }
      part.write(group);
      scored++;
      if (prediction.label() == Label.SPAM) {
        spam++;
      }
      if (++partRows == rowsPerPart) {
        finishPart();
      }
    }

    private void reject(Reject reject) throws IOException {
      rejected++;
      listener.onReject(reject);
      if (rejects == null) {
        rejects = Files.newBufferedWriter(staged.file("rejects.jsonl"), StandardCharsets.UTF_8);
      }
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("file", reject.file());
      line.put("row", reject.row());
      line.put("field", reject.field());
      line.put("reason", reject.reason());
      rejects.write(JSON_LINE.writeValueAsString(line));
      rejects.write('\n');
    }

    /** Closes the open part, if any, and uploads it. */
    void finishPart() throws IOException {
      if (part == null) {
        return;
      }
      part.close();
      part = null;
      String key = prefix + String.format(Locale.ROOT, "part-%s-%05d.parquet", runId, parts.size());
      store.put(key, partFile, ParquetFiles.CONTENT_TYPE, partRows);
      Files.delete(partFile);
      parts.add(key);
      listener.onPart(key, partRows);
    }

    /** Uploads the rejects, if any, and returns their key (empty when there were none). */
    String storeRejects() throws IOException {
      String key = prefix + "_rejects-" + runId + ".jsonl";
      if (rejects == null) {
        store.delete(key);
        return "";
      }
      rejects.close();
      store.put(key, staged.file("rejects.jsonl"), "application/x-ndjson", rejected);
      return key;
    }

    /** Removes parts of an earlier run with this id that this run did not write again. */
    void removeLeftovers() {
      Set<String> written = new HashSet<>(parts);
      for (String key : store.keys(prefix + "part-" + runId + "-")) {
        if (!written.contains(key)) {
          store.delete(key);
        }
      }
    }
  }

  private static String requireNonBlank(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
