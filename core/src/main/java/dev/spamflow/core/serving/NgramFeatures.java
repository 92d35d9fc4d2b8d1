package dev.spamflow.core.serving;

import java.util.Arrays;
import java.util.List;

/**
 * Hashed n-gram counts of a message, the input of the linear half of the model: word unigrams and
 * bigrams over the tokeniser's tokens (so links, numbers and currency are already class tokens),
 * and character 2- to 5-grams of each lower-cased word of the cleaned text, padded with a space on
 * either side (scikit-learn's {@code char_wb}: n-grams never span two words, a word shorter than
 * {@code n} counts once as a whole). With them come the message's {@link MessageShape} bins, which
 * are not hashed.
 *
 * <p>Every n-gram is hashed into {@code 2^bits} buckets (the hashing trick: no dictionary to store
 * or look up, and unseen n-grams need no special case). The hash is written here rather than taken
 * from a library because it runs on chars in place, with no substring allocated per n-gram, and it
 * is part of the bundle format: FNV-1a over the chars, seeded by the n-gram kind, then murmur3's
 * 64-bit finaliser; the bucket is the top {@code bits} bits.
 *
 * <p>The word block and the character block are kept apart, because each is normalised on its own
 * (see {@link NgramLinearModel}). Work per message is bounded: at most {@value #MAX_TOKENS} tokens
 * and {@value #MAX_CHARS} characters are read.
 */
public final class NgramFeatures {

  /** Buckets used unless a bundle says otherwise: 2^20. */
  public static final int DEFAULT_BITS = 20;

  /** Smallest and largest bucket counts a bundle may ask for, as powers of two. */
  public static final int MIN_BITS = 8;

  /** See {@link #MIN_BITS}. */
  public static final int MAX_BITS = 24;

  /** Tokens read per message; the rest are ignored (an inference request is at most 64 KiB). */
  static final int MAX_TOKENS = 4096;

  /** Characters of the cleaned text read per message. */
  static final int MAX_CHARS = 32_768;

  private static final int MIN_N = 2;
  private static final int MAX_N = 5;
  private static final long UNIGRAM = 101;
  private static final long BIGRAM = 102;
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final int bits;

  /**
   * Creates an extractor.
   *
   * @param bits log2 of the bucket count, in [{@value #MIN_BITS}, {@value #MAX_BITS}]
   * @throws IllegalArgumentException when {@code bits} is out of range
   */
  public NgramFeatures(int bits) {
    if (bits < MIN_BITS || bits > MAX_BITS) {
      throw new IllegalArgumentException(
          "n-gram hash bits must be in " + MIN_BITS + ".." + MAX_BITS + ", was " + bits);
    }
    this.bits = bits;
  }

  /** Returns log2 of the bucket count. */
  public int bits() {
    return bits;
  }

  /** Returns the bucket count, {@code 2^bits}. */
  public int buckets() {
    return 1 << bits;
  }

  /**
   * The counts of one message: per block, bucket indices (ascending, distinct) with the number of
   * n-grams that fell into each. The arrays are shared, not copied: callers must not change them.
   */
  public static final class Counts {
    private final int[] wordBuckets;
    private final int[] wordCounts;
    private final int[] charBuckets;
    private final int[] charCounts;
    private final int[] shapeBins;

    /**
     * Wraps counts (not copied).
     *
     * @param wordBuckets buckets of the word block, ascending and distinct
     * @param wordCounts one count per word bucket
     * @param charBuckets buckets of the character block, ascending and distinct
     * @param charCounts one count per character bucket
     * @param shapeBins the message's {@link MessageShape#bins}
     */
    public Counts(
        int[] wordBuckets, int[] wordCounts, int[] charBuckets, int[] charCounts, int[] shapeBins) {
      this.wordBuckets = wordBuckets;
      this.wordCounts = wordCounts;
      this.charBuckets = charBuckets;
      this.charCounts = charCounts;
      this.shapeBins = shapeBins;
    }

    /** Returns the buckets of the word block. */
    public int[] wordBuckets() {
      return wordBuckets;
    }

    /** Returns the counts of the word block, one per bucket. */
    public int[] wordCounts() {
      return wordCounts;
    }

    /** Returns the buckets of the character block. */
    public int[] charBuckets() {
      return charBuckets;
    }

    /** Returns the counts of the character block, one per bucket. */
    public int[] charCounts() {
      return charCounts;
    }

    /** Returns the active bins of the shape block ({@link MessageShape#bins}). */
    public int[] shapeBins() {
      return shapeBins;
    }
  }

  /**
   * Counts a message's n-grams.
   *
   * @param cleaned the message as {@code TextFeatures.clean} returns it
   * @param tokens its tokens, as {@code TextFeatures.tokens} returns them
   * @return the counts
   */
  public Counts counts(String cleaned, List<String> tokens) {
    return counts(cleaned, tokens, -1);
  }

  /**
   * Counts a message's n-grams as if one token were not there (for leave-one-token-out
   * explanations): its unigram and the bigrams it is part of are left out and its neighbours form a
   * bigram; the character and shape blocks, read from the text, are unchanged.
   *
   * @param cleaned the cleaned message
   * @param tokens its tokens
   * @param skippedToken index of the token to leave out, or -1 for none
   * @return the counts
   */
  public Counts counts(String cleaned, List<String> tokens, int skippedToken) {
    Buffer words = new Buffer(2 * Math.min(tokens.size(), MAX_TOKENS) + 1);
    String previous = null;
    int limit = Math.min(tokens.size(), MAX_TOKENS);
    for (int i = 0; i < limit; i++) {
      if (i == skippedToken) {
        continue;
      }
      String token = tokens.get(i);
      words.add(bucket(hash(FNV_OFFSET ^ UNIGRAM, token)));
      if (previous != null) {
        long h = hash(FNV_OFFSET ^ BIGRAM, previous);
        h = (h ^ ' ') * FNV_PRIME;
        words.add(bucket(hash(h, token)));
      }
      previous = token;
    }
    int[][] wordRuns = words.runs();
    int[][] charRuns = charCounts(cleaned).runs();
    return new Counts(
        wordRuns[0], wordRuns[1], charRuns[0], charRuns[1], MessageShape.bins(cleaned));
  }

  private Buffer charCounts(String cleaned) {
    int length = Math.min(cleaned.length(), MAX_CHARS);
    // " " + lower-case text + " ": the cleaned text has single spaces between words, so a word's
    // padded form is the word with the spaces already around it.
    char[] text = new char[length + 2];
    text[0] = ' ';
    text[length + 1] = ' ';
    for (int i = 0; i < length; i++) {
      char c = cleaned.charAt(i);
      text[i + 1] =
          c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
    }
    Buffer out = new Buffer(4 * length + 8);
    int start = 1;
    while (start <= length) {
      int end = start;
      while (end <= length && text[end] != ' ') {
        end++;
      }
      if (end > start) {
        wordGrams(text, start - 1, end + 1, out);
      }
      start = end + 1;
    }
    return out;
  }

  /** The n-grams of one padded word {@code text[from, to)}. */
  private void wordGrams(char[] text, int from, int to, Buffer out) {
    int length = to - from;
    for (int n = MIN_N; n <= MAX_N; n++) {
      if (length <= n) {
        out.add(bucket(hash(FNV_OFFSET ^ n, text, from, to)));
        return;
      }
      for (int offset = from; offset + n <= to; offset++) {
        out.add(bucket(hash(FNV_OFFSET ^ n, text, offset, offset + n)));
      }
    }
  }

  private int bucket(long hash) {
    return (int) (fmix64(hash) >>> (64 - bits));
  }

  private static long hash(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * FNV_PRIME;
    }
    return h;
  }

  private static long hash(long h, char[] text, int from, int to) {
    for (int i = from; i < to; i++) {
      h = (h ^ text[i]) * FNV_PRIME;
    }
    return h;
  }

  /** murmur3's finaliser: FNV's low bits mix poorly, and the bucket is taken from the top bits. */
  private static long fmix64(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** A growable int array that turns into sorted (bucket, count) runs. */
  private static final class Buffer {
    private int[] values;
    private int size;

    Buffer(int capacity) {
      values = new int[Math.max(8, capacity)];
    }

    void add(int value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    int[][] runs() {
      Arrays.sort(values, 0, size);
      int distinct = 0;
      for (int i = 0; i < size; i++) {
        if (i == 0 || values[i] != values[i - 1]) {
          distinct++;
        }
      }
      int[] buckets = new int[distinct];
      int[] counts = new int[distinct];
      int run = -1;
      for (int i = 0; i < size; i++) {
        if (i == 0 || values[i] != values[i - 1]) {
          buckets[++run] = values[i];
        }
        counts[run]++;
      }
      return new int[][] {buckets, counts};
    }
  }
}
