package dev.spamflow.core.text;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps tokens to the integer ids a model consumes: {@link #PAD} is 0, {@link #OOV} (any token not
 * in the vocabulary) is 1, then tokens by descending frequency in the training split, ties broken
 * by the token so that the same data always gives the same ids. Immutable and thread-safe.
 *
 * <p>The file form is UTF-8 text, one token per line, line {@code n} (from 0) holding the token of
 * id {@code n}; it is saved with the model because ids mean nothing without it.
 */
public final class Vocabulary {

  /** The id of padding, used to fill sequences up to a fixed length. */
  public static final int PAD = 0;

  /** The id of any token outside the vocabulary. */
  public static final int OOV = 1;

  /** The token written for {@link #PAD}; the tokeniser never produces it. */
  public static final String PAD_TOKEN = "<pad>";

  /** The token written for {@link #OOV}; the tokeniser never produces it. */
  public static final String OOV_TOKEN = "<oov>";

  private final List<String> tokens;
  private final HashMap<String, Integer> ids;

  private Vocabulary(List<String> tokens) {
    this.tokens = List.copyOf(tokens);
    this.ids = HashMap.newHashMap(tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      ids.put(tokens.get(i), i);
    }
  }

  /**
   * Builds a vocabulary from tokenised training texts.
   *
   * @param tokenizedTexts the tokens of each training text (usually {@link TextFeatures#tokens})
   * @param maxSize the largest vocabulary, counting {@link #PAD} and {@link #OOV}; at least 2
   * @param minCount the fewest occurrences a token needs to get an id; at least 1
   * @return the vocabulary
   * @throws IllegalArgumentException for a bad size or count, or an empty token or one holding a
   *     line break (it could not be saved)
   */
  public static Vocabulary build(Iterable<List<String>> tokenizedTexts, int maxSize, int minCount) {
    if (maxSize < 2) {
      throw new IllegalArgumentException("maxSize must be >= 2 (PAD and OOV) but was " + maxSize);
    }
    if (minCount < 1) {
      throw new IllegalArgumentException("minCount must be >= 1 but was " + minCount);
    }
    Map<String, long[]> counts = new HashMap<>();
    for (List<String> text : tokenizedTexts) {
      for (String token : text) {
        checkToken(token);
        counts.computeIfAbsent(token, t -> new long[1])[0]++;
      }
    }
    counts.remove(PAD_TOKEN);
    counts.remove(OOV_TOKEN);
    List<Map.Entry<String, long[]>> ranked = new ArrayList<>();
    for (Map.Entry<String, long[]> entry : counts.entrySet()) {
      if (entry.getValue()[0] >= minCount) {
        ranked.add(entry);
      }
    }
    ranked.sort(
        (x, y) -> {
          int byCount = Long.compare(y.getValue()[0], x.getValue()[0]);
          return byCount != 0 ? byCount : x.getKey().compareTo(y.getKey());
        });
    List<String> tokens = new ArrayList<>(Math.min(maxSize, ranked.size() + 2));
    tokens.add(PAD_TOKEN);
    tokens.add(OOV_TOKEN);
    for (int i = 0; i < ranked.size() && tokens.size() < maxSize; i++) {
      tokens.add(ranked.get(i).getKey());
    }
    return new Vocabulary(tokens);
  }

  /**
   * Reads a vocabulary written by {@link #write(Path)}.
   *
   * @param file the file
   * @return the vocabulary
   * @throws IOException when the file cannot be read, is not UTF-8, or is not a vocabulary (the
   *     message names the file and the line)
   */
  public static Vocabulary read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /**
   * Reads a vocabulary from a stream (a model bundle entry, say), leaving the stream open.
   *
   * @param in the bytes written by {@link #write(OutputStream)}
   * @param name the name to put in error messages
   * @return the vocabulary
   * @throws IOException when the stream fails, is not UTF-8, or is not a vocabulary
   */
  public static Vocabulary read(InputStream in, String name) throws IOException {
    CharsetDecoder strict =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, strict));
    List<String> tokens = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    String line;
    while ((line = reader.readLine()) != null) {
      int id = tokens.size();
      String problem = null;
      if (id == PAD && !line.equals(PAD_TOKEN)) {
        problem = "expected " + PAD_TOKEN;
      } else if (id == OOV && !line.equals(OOV_TOKEN)) {
        problem = "expected " + OOV_TOKEN;
      } else if (line.isEmpty()) {
        problem = "empty token";
      } else if (seen.putIfAbsent(line, id) != null) {
        problem = "duplicate of line " + (seen.get(line) + 1);
      }
      if (problem != null) {
        throw new IOException(
            name
                + ":"
                + (id + 1)
                + ": not a vocabulary file: "
                + problem
                + " but was \""
                + line
                + "\"");
      }
      tokens.add(line);
    }
    if (tokens.size() < 2) {
      throw new IOException(
          name
              + ": not a vocabulary file: needs at least the lines "
              + PAD_TOKEN
              + " and "
              + OOV_TOKEN
              + ", has "
              + tokens.size()
              + " line(s)");
    }
    return new Vocabulary(tokens);
  }

  /**
   * Writes the vocabulary as UTF-8, one token per line, replacing the file.
   *
   * @param file the file
   * @throws IOException when it cannot be written
   */
  public void write(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      write(out);
    }
  }

  /**
   * Writes the vocabulary to a stream, leaving it open (flushed).
   *
   * @param out where to write
   * @throws IOException when writing fails
   */
  public void write(OutputStream out) throws IOException {
    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    for (String token : tokens) {
      writer.write(token);
      writer.write('\n');
    }
    writer.flush();
  }

  /**
   * Looks a token up.
   *
   * @param token a token
   * @return its id, or {@link #OOV} when it is not in the vocabulary
   */
  public int id(String token) {
    Integer id = ids.get(token);
    return id == null ? OOV : id;
  }

  /**
   * Returns the token of an id.
   *
   * @param id an id in {@code 0..size()-1}
   * @return the token ({@link #PAD_TOKEN} for 0, {@link #OOV_TOKEN} for 1)
   * @throws IndexOutOfBoundsException for an id outside the vocabulary
   */
  public String token(int id) {
    return tokens.get(id);
  }

  /**
   * Returns the number of ids.
   *
   * @return the size, including {@link #PAD} and {@link #OOV}
   */
  public int size() {
    return tokens.size();
  }

  /**
   * Returns every token in id order.
   *
   * @return an unmodifiable list whose index is the id
   */
  public List<String> tokens() {
    return tokens;
  }

  /**
   * Encodes tokens to ids, unpadded.
   *
   * @param tokens the tokens of one text
   * @param maxLen the most ids to return; later tokens are dropped
   * @return the ids of the first {@code maxLen} tokens, {@link #OOV} for unknown ones; a single
   *     {@link #OOV} for an empty token list, so that a sequence is never empty
   * @throws IllegalArgumentException when {@code maxLen < 1}
   */
  public int[] encode(List<String> tokens, int maxLen) {
    if (maxLen < 1) {
      throw new IllegalArgumentException("maxLen must be >= 1 but was " + maxLen);
    }
    if (tokens.isEmpty()) {
      return new int[] {OOV};
    }
    int[] encoded = new int[Math.min(tokens.size(), maxLen)];
    for (int i = 0; i < encoded.length; i++) {
      encoded[i] = id(tokens.get(i));
    }
    return encoded;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Vocabulary that && tokens.equals(that.tokens);
  }

  @Override
  public int hashCode() {
    return tokens.hashCode();
  }

  @Override
  public String toString() {
    return "Vocabulary[size=" + tokens.size() + "]";
  }

  private static void checkToken(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isEmpty() || token.indexOf('\n') >= 0 || token.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(
          "a token must be non-empty and free of line breaks but was \"" + token + "\"");
    }
  }
}
