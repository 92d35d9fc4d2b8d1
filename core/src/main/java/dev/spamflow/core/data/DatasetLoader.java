package dev.spamflow.core.data;

import dev.spamflow.core.text.TextFeatures;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams data files into one deduplicated {@link LoadedDataset}.
 *
 * <p>Duplicates are found by {@link TextFeatures#dedupKey(String)}, keeping the first occurrence.
 * Deduplication happens here, before any split, because a message in both the training and the test
 * split inflates every score. To keep memory proportional to distinct texts rather than bytes, only
 * a 128-bit hash of each key is remembered (the chance of a collision among a billion keys is about
 * 10<sup>-21</sup>).
 */
public final class DatasetLoader {

  /** How many rejects a {@link LoadedDataset} keeps; the rest are only counted. */
  public static final int MAX_KEPT_REJECTS = 1000;

  private DatasetLoader() {}

  /**
   * Loads files with the default limits.
   *
   * @param files the files, each in a format {@link DatasetReaders#detect} can tell
   * @return the distinct messages, counts, rejects and content hash
   * @throws java.io.UncheckedIOException when a file cannot be read
   * @throws DatasetFormatException when a file's format cannot be told or its header is unusable
   */
  public static LoadedDataset load(List<Path> files) {
    return load(files, ReaderLimits.DEFAULT);
  }

  /**
   * Loads files.
   *
   * @param files the files, each in a format {@link DatasetReaders#detect} can tell
   * @param limits the reader limits
   * @return the distinct messages, counts, rejects and content hash
   * @throws java.io.UncheckedIOException when a file cannot be read
   * @throws DatasetFormatException when a file's format cannot be told or its header is unusable
   */
  public static LoadedDataset load(List<Path> files, ReaderLimits limits) {
    Deduplicator deduplicator = new Deduplicator();
    for (Path file : files) {
      try (RecordReader reader = DatasetReaders.open(file, limits)) {
        reader.forEachRemaining(deduplicator::accept);
      }
    }
    return deduplicator.finish();
  }

  /**
   * Loads everything one reader yields (an uploaded object, say) and closes it.
   *
   * @param reader an open reader
   * @return the distinct messages, counts, rejects and content hash
   * @throws java.io.UncheckedIOException when the input fails
   */
  public static LoadedDataset load(RecordReader reader) {
    Deduplicator deduplicator = new Deduplicator();
    try (reader) {
      reader.forEachRemaining(deduplicator::accept);
    }
    return deduplicator.finish();
  }

  /** Collects results, dropping duplicates by the 128-bit hash of their dedup key. */
  private static final class Deduplicator {
    private final Map<KeyHash, Label> seen = new HashMap<>();
    private final List<Message> messages = new ArrayList<>();
    private final List<Reject> rejects = new ArrayList<>();
    private long read;
    private long rejected;
    private long duplicates;
    private long conflicts;

    void accept(ReadResult result) {
      read++;
      switch (result) {
        case ReadResult.Rejected(Reject reject) -> {
          rejected++;
          if (rejects.size() < MAX_KEPT_REJECTS) {
            rejects.add(reject);
          }
        }
        case ReadResult.Unlabelled unlabelled -> throw unlabelled.unexpected("input");
        case ReadResult.Accepted accepted -> {
          Message message = accepted.message();
          Label earlier = seen.putIfAbsent(KeyHash.of(message.text()), message.label());
          if (earlier == null) {
            messages.add(message);
          } else {
            duplicates++;
            if (earlier != message.label()) {
              conflicts++;
            }
          }
        }
      }
    }

    LoadedDataset finish() {
      DatasetStats stats = new DatasetStats(read, messages.size(), rejected, duplicates, conflicts);
      return new LoadedDataset(messages, stats, rejects, ContentHash.of(messages));
    }
  }

  /** The first 128 bits of the SHA-256 of a dedup key. */
  private record KeyHash(long high, long low) {
    static KeyHash of(String text) {
      ByteBuffer digest = ByteBuffer.wrap(ContentHash.sha256(TextFeatures.dedupKey(text)));
      return new KeyHash(digest.getLong(), digest.getLong());
    }
  }
}
