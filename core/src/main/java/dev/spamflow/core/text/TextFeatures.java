package dev.spamflow.core.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Cleaning, tokenising and hand-made features of a message: the one implementation that training,
 * serving and drift detection all call, so that a model never sees text prepared differently from
 * the text it was trained on.
 *
 * <p>Everything here is a pure function of its input, thread-safe and allocation-light: {@link
 * #tokens(String)} runs on the serving hot path and is a hand-written scanner rather than a chain
 * of regular expressions.
 */
public final class TextFeatures {

  /**
   * The version of what {@link #clean}, {@link #tokens} and {@link #features} return for the same
   * text. Bump it with any change that alters a token or a feature ({@code TokeniserGoldenTest}
   * pins the output on both data sets, so such a change fails there first): every bundle records
   * the version it was trained with, and a model trained on other tokens must not be served with
   * these.
   */
  public static final int VERSION = 1;

  /** The token that replaces a link. */
  public static final String URL = "<url>";

  /** The token that replaces an e-mail address. */
  public static final String EMAIL = "<email>";

  /**
   * The tokens that replace a run of 1, 2, 3, 4 and 5 or more digits: the length tells a price from
   * a short code from a phone number, the digits themselves are noise.
   */
  public static final List<String> NUMBERS =
      List.of("<num1>", "<num2>", "<num3>", "<num4>", "<num5+>");

  // Top-level domains accepted for links without a scheme or "www." ("getzed.co.uk"); a closed
  // list keeps "e.g." or "Mr.Smith" from becoming links.
  private static final Set<String> BARE_DOMAIN_TLDS =
      Set.of(
          "com", "net", "org", "info", "biz", "uk", "eu", "de", "fr", "ru", "au", "ca", "io", "ly",
          "tv", "mobi", "edu", "gov", "xyz", "online", "site", "co");

  private TextFeatures() {}

  /**
   * The result of cleaning, tokenising and measuring one text in a single pass.
   *
   * @param cleaned the output of {@link #clean(String)}
   * @param tokens the output of {@link #tokens(String)}
   * @param features the output of {@link #features(String)}
   */
  public record Analysis(String cleaned, List<String> tokens, Features features) {}

  /**
   * Cleans a raw message: decodes the HTML entities found in the SMS data (&amp;lt; &amp;gt;
   * &amp;amp; &amp;quot; &amp;apos; and numeric ones such as &amp;#39;), applies Unicode NFKC
   * (full-width and stylised letters become plain ones, a trick spammers use), turns typographic
   * and mis-decoded Windows-1252 quotes (U+0091–U+0094, which the UCI SMS file contains) into ASCII
   * quotes, drops invisible format characters (zero-width spaces, also an evasion trick), and
   * collapses every run of white space and control characters into one space, trimmed.
   *
   * @param raw the text as read
   * @return the cleaned text, possibly empty
   * @throws NullPointerException if {@code raw} is null
   */
  public static String clean(String raw) {
    Objects.requireNonNull(raw, "raw");
    String text = raw.indexOf('&') >= 0 ? decodeEntities(raw) : raw;
    // ASCII is NFKC-invariant; skipping the normaliser keeps the common case fast.
    if (!isAscii(text)) {
      text = Normalizer.normalize(text, Normalizer.Form.NFKC);
    }
    return normaliseSpacing(text);
  }

  /**
   * Returns the key under which two messages count as duplicates: the cleaned text in lower case,
   * so that a message re-sent with other capitals or spacing is still a duplicate.
   *
   * @param raw the text as read
   * @return {@code clean(raw).toLowerCase(Locale.ROOT)}
   * @throws NullPointerException if {@code raw} is null
   */
  public static String dedupKey(String raw) {
    return clean(raw).toLowerCase(Locale.ROOT);
  }

  /**
   * Returns a message's id: the SHA-256 of its {@link #dedupKey}, in lower-case hex. Curate keys
   * the curated parts, the lakehouse tables and the online features with it, and the inference
   * service looks a text's features up by it, so one message has one id everywhere.
   *
   * @param raw the text as read
   * @return 64 hex digits
   * @throws NullPointerException if {@code raw} is null
   */
  public static String messageId(String raw) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(dedupKey(raw).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * Splits the cleaned text into lower-case tokens: links become {@link #URL}, e-mail addresses
   * {@link #EMAIL}, digit runs one of {@link #NUMBERS} by length, currency signs, {@code !} and
   * {@code ?} are tokens of their own, letter runs (with apostrophes inside, "don't") are words,
   * and everything else is dropped. A letter run and a digit run that touch are two tokens ("2nite"
   * → {@code <num1>}, {@code nite}).
   *
   * @param raw the text as read
   * @return an unmodifiable list of tokens, empty for a text without any
   * @throws NullPointerException if {@code raw} is null
   */
  public static List<String> tokens(String raw) {
    return Collections.unmodifiableList(new Scanner(clean(raw)).run().tokens);
  }

  /**
   * Measures the cleaned text; see {@link Features} for what each feature is and why it is there.
   *
   * @param raw the text as read
   * @return its features
   * @throws NullPointerException if {@code raw} is null
   */
  public static Features features(String raw) {
    return analyse(raw).features();
  }

  /**
   * Cleans, tokenises and measures a text in one go, for callers that need all three.
   *
   * @param raw the text as read
   * @return the cleaned text, its tokens and its features
   * @throws NullPointerException if {@code raw} is null
   */
  public static Analysis analyse(String raw) {
    String cleaned = clean(raw);
    Scanner scanner = new Scanner(cleaned).run();
    int length = 0;
    int words = 0;
    int nonBlank = 0;
    int digits = 0;
    int letters = 0;
    int upper = 0;
    boolean currency = false;
    boolean inWord = false;
    for (int i = 0; i < cleaned.length(); ) {
      int cp = cleaned.charAt(i);
      if (cp < 0x80) {
        i++;
      } else {
        cp = cleaned.codePointAt(i);
        i += Character.charCount(cp);
      }
      length++;
      if (cp == ' ') {
        inWord = false;
        continue;
      }
      if (!inWord) {
        words++;
        inWord = true;
      }
      nonBlank++;
      if (isDigit(cp)) {
        digits++;
      } else if (isLetter(cp)) {
        letters++;
        if (cp < 0x80 ? cp <= 'Z' : Character.isUpperCase(cp)) {
          upper++;
        }
      } else if (cp < 0x80 ? cp == '$' : Character.getType(cp) == Character.CURRENCY_SYMBOL) {
        // '$' is ASCII's only currency sign.
        currency = true;
      }
    }
    Features features =
        new Features(
            length,
            words,
            scanner.url,
            scanner.email,
            nonBlank == 0 ? 0.0 : (double) digits / nonBlank,
            letters == 0 ? 0.0 : (double) upper / letters,
            currency);
    return new Analysis(cleaned, Collections.unmodifiableList(scanner.tokens), features);
  }

  // ASCII answered without the Unicode tables, the same answers: the common SMS case.
  private static boolean isLetter(int cp) {
    return cp < 0x80
        ? (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')
        : Character.isLetter(cp);
  }

  private static boolean isDigit(int cp) {
    return cp < 0x80 ? cp >= '0' && cp <= '9' : Character.isDigit(cp);
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static String decodeEntities(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '&') {
        int semicolon = text.indexOf(';', i + 1);
        if (semicolon > i + 1 && semicolon - i <= 10) {
          int decoded = entity(text.substring(i + 1, semicolon));
          if (decoded >= 0) {
            out.appendCodePoint(decoded);
            i = semicolon + 1;
            continue;
          }
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /** Returns the code point an entity name stands for, or -1 when it is not one we decode. */
  private static int entity(String name) {
    switch (name) {
      case "lt" -> {
        return '<';
      }
      case "gt" -> {
        return '>';
      }
      case "amp" -> {
        return '&';
      }
      case "quot" -> {
        return '"';
      }
      case "apos" -> {
        return '\'';
      }
      default -> {
        if (name.length() < 2 || name.charAt(0) != '#') {
          return -1;
        }
        boolean hex = name.charAt(1) == 'x' || name.charAt(1) == 'X';
        String digits = name.substring(hex ? 2 : 1);
        if (digits.isEmpty() || digits.length() > 6) {
          return -1;
        }
        int cp = 0;
        for (int k = 0; k < digits.length(); k++) {
          int d = Character.digit(digits.charAt(k), hex ? 16 : 10);
          if (d < 0) {
            return -1;
          }
          cp = cp * (hex ? 16 : 10) + d;
        }
        boolean valid = cp > 0 && cp <= Character.MAX_CODE_POINT && (cp < 0xD800 || cp > 0xDFFF);
        return valid ? cp : -1;
      }
    }
  }

  private static String normaliseSpacing(String text) {
    if (isTidyAscii(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    boolean pendingSpace = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      int quote = asciiQuote(cp);
      if (quote >= 0) {
        cp = quote;
      } else if (Character.isWhitespace(cp)
          || Character.isSpaceChar(cp)
          || Character.isISOControl(cp)) {
        pendingSpace = !out.isEmpty();
        continue;
      } else if (Character.getType(cp) == Character.FORMAT) {
        continue;
      }
      if (pendingSpace) {
        out.append(' ');
        pendingSpace = false;
      }
      out.appendCodePoint(cp);
    }
    return out.toString();
  }

  /** True for printable ASCII with single inner spaces: nothing to do, the common SMS case. */
  private static boolean isTidyAscii(String text) {
    int n = text.length();
    if (n == 0) {
      return true;
    }
    if (text.charAt(0) == ' ' || text.charAt(n - 1) == ' ') {
      return false;
    }
    char previous = 'x';
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7F || (c == ' ' && previous == ' ')) {
        return false;
      }
      previous = c;
    }
    return true;
  }

  private static int asciiQuote(int cp) {
    return switch (cp) {
      case 0x91, 0x92, 0x2018, 0x2019 -> '\'';
      case 0x93, 0x94, 0x201C, 0x201D -> '"';
      default -> -1;
    };
  }

  /** Scans a cleaned text (single spaces between chunks) into tokens. */
  private static final class Scanner {
    private final String s;
    private final List<String> tokens = new ArrayList<>();
    private boolean url;
    private boolean email;

    Scanner(String s) {
      this.s = s;
    }

    Scanner run() {
      int n = s.length();
      int i = 0;
      while (i < n) {
        while (i < n && s.charAt(i) == ' ') {
          i++;
        }
        int start = i;
        while (i < n && s.charAt(i) != ' ') {
          i++;
        }
        if (start < i) {
          chunk(start, i);
        }
      }
      return this;
    }

    /** Handles one space-free chunk: a link or address inside it first, then plain scanning. */
    private void chunk(int a, int b) {
      // A link needs "://" or "www.", an address '@', a bare domain '.': most chunks are plain
      // words and skip the searches below.
      if (!hasLinkMark(a, b)) {
        plain(a, b);
        return;
      }
      int link = linkStart(a, b);
      if (link >= 0) {
        plain(a, link);
        tokens.add(URL);
        url = true;
        plain(trimTrailingPunctuation(link, b), b);
        return;
      }
      // Searches bounded to the chunk: an unbounded search from every chunk is quadratic in the
      // text's length, which showed in the service's profile.
      int at = s.indexOf('@', a, b);
      if (at >= 0 && emailAround(a, at, b)) {
        return;
      }
      if (bareDomain(a, b)) {
        return;
      }
      plain(a, b);
    }

    private boolean hasLinkMark(int a, int b) {
      for (int i = a; i < b; i++) {
        char c = s.charAt(i);
        if (c == '.' || c == ':' || c == '@') {
          return true;
        }
      }
      return false;
    }

    private int linkStart(int a, int b) {
      for (int i = a; i < b; i++) {
        char c = s.charAt(i);
        if ((c == 'h' || c == 'H' || c == 'w' || c == 'W')
            && (i == a || !Character.isLetterOrDigit(s.charAt(i - 1)))
            && (startsWith(i, b, "http://")
                || startsWith(i, b, "https://")
                || startsWith(i, b, "www."))) {
          return i;
        }
      }
      return -1;
    }

    private boolean startsWith(int i, int b, String prefix) {
      return b - i > prefix.length() && s.regionMatches(true, i, prefix, 0, prefix.length());
    }

    private int trimTrailingPunctuation(int a, int b) {
      int end = b;
      while (end > a && ".,;:!?)]}>\"'".indexOf(s.charAt(end - 1)) >= 0) {
        end--;
      }
      return end;
    }

    private boolean emailAround(int a, int at, int b) {
      int start = at;
      while (start > a && isLocalChar(s.charAt(start - 1))) {
        start--;
      }
      while (start < at && s.charAt(start) == '.') {
        start++;
      }
      int end = domainEnd(at + 1, b);
      if (start == at || !isDomain(at + 1, end, false)) {
        return false;
      }
      plain(a, start);
      tokens.add(EMAIL);
      email = true;
      chunk(end, b);
      return true;
    }

    private boolean bareDomain(int a, int b) {
      int start = a;
      while (start < b && !isAsciiLetterOrDigit(s.charAt(start))) {
        start++;
      }
      if (start > a && Character.isLetterOrDigit(s.charAt(start - 1))) {
        return false;
      }
      int end = domainEnd(start, b);
      if (end == start || !isDomain(start, end, true)) {
        return false;
      }
      if (end < b && s.charAt(end) == '/') {
        end = trimTrailingPunctuation(end, b);
      }
      plain(a, start);
      tokens.add(URL);
      url = true;
      plain(end, b);
      return true;
    }

    private int domainEnd(int start, int b) {
      int end = start;
      while (end < b
          && (isAsciiLetterOrDigit(s.charAt(end))
              || s.charAt(end) == '.'
              || s.charAt(end) == '-')) {
        end++;
      }
      while (end > start && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == '-')) {
        end--;
      }
      return end;
    }

    /** Labels of letters, digits and hyphens, at least two, the last all letters. */
    private boolean isDomain(int start, int end, boolean knownTldOnly) {
      int lastDot = end - 1;
      while (lastDot > start && s.charAt(lastDot) != '.') {
        lastDot--;
      }
      if (lastDot < start + 1 || end - lastDot - 1 < 2) {
        return false;
      }
      for (int i = lastDot + 1; i < end; i++) {
        char c = s.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
          return false;
        }
      }
      for (int i = start + 1; i < end; i++) {
        if (s.charAt(i) == '.' && s.charAt(i - 1) == '.') {
          return false;
        }
      }
      return !knownTldOnly
          || BARE_DOMAIN_TLDS.contains(s.substring(lastDot + 1, end).toLowerCase(Locale.ROOT));
    }

    /** Words, digit runs, currency signs, ! and ?; everything else is dropped. */
    private void plain(int a, int b) {
      int i = a;
      while (i < b) {
        int cp = s.codePointAt(i);
        if (isLetter(cp)) {
          int start = i;
          i += Character.charCount(cp);
          while (i < b) {
            int next = s.codePointAt(i);
            if (isWordPart(next)) {
              i += Character.charCount(next);
            } else if (next == '\'' && i + 1 < b && isLetter(s.codePointAt(i + 1))) {
              i++;
            } else {
              break;
            }
          }
          tokens.add(s.substring(start, i).toLowerCase(Locale.ROOT));
        } else if (isDigit(cp)) {
          int count = 0;
          while (i < b && isDigit(s.codePointAt(i))) {
            i += Character.charCount(s.codePointAt(i));
            count++;
          }
          tokens.add(NUMBERS.get(Math.min(count, NUMBERS.size()) - 1));
        } else {
          if (cp == '!') {
            tokens.add("!");
          } else if (cp == '?') {
            tokens.add("?");
          } else if (Character.getType(cp) == Character.CURRENCY_SYMBOL) {
            tokens.add(Character.toString(cp));
          }
          i += Character.charCount(cp);
        }
      }
    }

    private static boolean isWordPart(int cp) {
      if (isLetter(cp)) {
        return true;
      }
      if (cp < 0x80) {
        return false;
      }
      int type = Character.getType(cp);
      // Combining marks belong to the letter before them (Devanagari, Thai … and stray accents).
      return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isLocalChar(char c) {
      return isAsciiLetterOrDigit(c) || "._%+-".indexOf(c) >= 0;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
  }
}
