package dev.spamflow.core.text;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-made features of one cleaned message (see {@link TextFeatures#features(String)}).
 *
 * @param textLength characters (Unicode code points) of the cleaned text; spam fills the 160
 *     characters of an SMS, ham is often a few words
 * @param wordCount whitespace-separated words of the cleaned text
 * @param hasUrl whether the text holds a link ({@code http://}, {@code www.}, or a bare domain such
 *     as {@code example.co.uk}); links are how most spam gets paid
 * @param hasEmail whether the text holds an e-mail address
 * @param digitShare digits over non-blank characters, 0 to 1; phone numbers, short codes, prices
 *     and prize amounts make spam digit-heavy
 * @param upperCaseShare upper-case letters over letters, 0 to 1 (0 without letters); spam shouts
 *     ("URGENT! You have WON")
 * @param hasCurrency whether the text holds a currency symbol (any Unicode currency sign: £, $, €,
 *     ¥ …); offers and prizes name prices
 */
public record Features(
    int textLength,
    int wordCount,
    boolean hasUrl,
    boolean hasEmail,
    double digitShare,
    double upperCaseShare,
    boolean hasCurrency) {

  /** The feature names, in the order of {@link #asMap()}: the keys drift detection iterates. */
  public static final List<String> NAMES =
      List.of(
          "text_length",
          "word_count",
          "has_url",
          "has_email",
          "digit_share",
          "upper_case_share",
          "has_currency");

  /**
   * Returns the features by the names {@link #NAMES} gives, each in its own type ({@code Integer}
   * counts, {@code Boolean} flags, {@code Double} shares): the values the lakehouse's features
   * table, the online feature store and the inference service's features API all carry.
   *
   * @return name → value, in {@link #NAMES} order
   */
  public Map<String, Object> values() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("text_length", textLength);
    values.put("word_count", wordCount);
    values.put("has_url", hasUrl);
    values.put("has_email", hasEmail);
    values.put("digit_share", digitShare);
    values.put("upper_case_share", upperCaseShare);
    values.put("has_currency", hasCurrency);
    return Collections.unmodifiableMap(values);
  }

  /**
   * Returns the features as numbers, booleans as 0/1.
   *
   * @return an unmodifiable map from the snake_case names in {@link #NAMES}, in that order
   */
  public Map<String, Double> asMap() {
    Map<String, Double> map = new LinkedHashMap<>();
    map.put("text_length", (double) textLength);
    map.put("word_count", (double) wordCount);
    map.put("has_url", hasUrl ? 1.0 : 0.0);
    map.put("has_email", hasEmail ? 1.0 : 0.0);
    map.put("digit_share", digitShare);
    map.put("upper_case_share", upperCaseShare);
    map.put("has_currency", hasCurrency ? 1.0 : 0.0);
    return Collections.unmodifiableMap(map);
  }
}
