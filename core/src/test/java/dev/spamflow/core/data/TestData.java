package dev.spamflow.core.data;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the real data lives, and small helpers to read in-memory fixtures. */
public final class TestData {

  private TestData() {}

  /**
   * Returns the shared data folder; fails (never skips) when the pom did not set it or it is gone.
   */
  public static Path dir() {
    String configured = System.getProperty("spamflow.data.dir");
    if (configured == null) {
      throw new AssertionError("system property spamflow.data.dir is not set (the pom sets it)");
    }
    Path dir = Path.of(configured);
    if (!Files.isDirectory(dir)) {
      throw new AssertionError(
          "spamflow.data.dir " + dir + " is not a folder; see the data READMEs");
    }
    return dir;
  }

  /** The SMS Spam Collection (UCI), label TAB text. */
  public static Path sms() {
    return existing(dir().resolve("sms-spam-collection/SMSSpamCollection"));
  }

  /** The Deysi e-mail train split, CSV text,label. */
  public static Path email() {
    return existing(dir().resolve("deysi-spam-detection/train.csv"));
  }

  /** Reads every result of an in-memory input with the default limits. */
  static List<ReadResult> readAll(DatasetFormat format, String content) {
    return readAll(format, content.getBytes(StandardCharsets.UTF_8), ReaderLimits.DEFAULT);
  }

  /** Reads every result of in-memory bytes; the input is named "data" plus the usual extension. */
  static List<ReadResult> readAll(DatasetFormat format, byte[] content, ReaderLimits limits) {
    List<ReadResult> results = new ArrayList<>();
    try (RecordReader reader =
        DatasetReaders.open(new ByteArrayInputStream(content), name(format), format, limits)) {
      reader.forEachRemaining(results::add);
    }
    return results;
  }

  /** The name {@link #readAll} gives an input of this format. */
  static String name(DatasetFormat format) {
    return switch (format) {
      case SMS_TSV -> "data.tsv";
      case CSV -> "data.csv";
      case JSON_LINES -> "data.jsonl";
    };
  }

  /** Concatenates byte arrays. */
  static byte[] bytes(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  /** The UTF-8 bytes of a string. */
  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The UTF-8 byte order mark. */
  static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private static Path existing(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new AssertionError(file + " is missing; see the README next to where it belongs");
    }
    return file;
  }
}
