package dev.spamflow.inference.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The messages a benchmark sends: real SMS, read from the SMS Spam Collection's TSV. */
final class Texts {
  private Texts() {}

  /**
   * Reads texts: the part after the first tab of each line ({@code label<TAB>text}), or the whole
   * line when it has no tab; blank lines are skipped.
   */
  static List<String> read(Path file) throws IOException {
    List<String> texts = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int tab = line.indexOf('\t');
      String text = tab >= 0 ? line.substring(tab + 1) : line;
      if (!text.isBlank()) {
        texts.add(text);
      }
    }
    if (texts.isEmpty()) {
      throw new IOException("no texts in " + file);
    }
    return texts;
  }

  /** The body of {@code POST /api/predict} for {@code text}. */
  static String predictBody(String text) {
    StringBuilder json = new StringBuilder(text.length() + 16).append("{\"text\":\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append("\"}").toString();
  }
}
