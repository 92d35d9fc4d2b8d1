package dev.spamflow.inference;

import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.serving.SpamPredictor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/** Real messages from the SMS Spam Collection (the shared data; the tests fail without it). */
public final class TestTexts {

  private TestTexts() {}

  /** The first {@code n} message texts of the collection, labels dropped. */
  public static List<String> sms(int n) {
    try (var lines = Files.lines(TestData.sms(), StandardCharsets.UTF_8)) {
      return lines
          .map(line -> line.substring(line.indexOf('\t') + 1))
          .filter(text -> !text.isBlank())
          .limit(n)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The first message of the collection labelled spam that the saved bundle also calls spam (its
   * threshold is strict, so not every spam message is caught).
   */
  public static String spam() {
    return CaughtSpam.TEXT;
  }

  /** Found once per test JVM. */
  private static final class CaughtSpam {
    static final String TEXT = findCaughtSpam();
  }

  private static String findCaughtSpam() {
    try (var lines = Files.lines(TestData.sms(), StandardCharsets.UTF_8)) {
      SpamPredictor predictor =
          SpamPredictor.load(TestBundles.saved(Files.createTempDirectory("spamflow-texts")));
      return lines
          .filter(line -> line.startsWith("spam\t"))
          .map(line -> line.substring(line.indexOf('\t') + 1))
          .filter(text -> predictor.predict(text).label() == Label.SPAM)
          .findFirst()
          .orElseThrow(() -> new AssertionError("the saved bundle catches no spam message"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
