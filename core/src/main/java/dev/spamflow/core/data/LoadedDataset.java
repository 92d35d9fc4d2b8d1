package dev.spamflow.core.data;

import java.util.List;
import java.util.Objects;

/**
 * A loaded, validated and deduplicated dataset.
 *
 * @param messages the distinct messages, in the order first seen
 * @param stats the counts
 * @param rejects the first {@link DatasetLoader#MAX_KEPT_REJECTS} rejects; the total is in {@code
 *     stats.rejected()}
 * @param contentHash {@link ContentHash#of} the messages: the same for the same distinct messages
 *     whatever the input order
 */
public record LoadedDataset(
    List<Message> messages, DatasetStats stats, List<Reject> rejects, String contentHash) {

  /** Copies the lists (unmodifiable) and checks for nulls. */
  public LoadedDataset {
    messages = List.copyOf(messages);
    Objects.requireNonNull(stats, "stats");
    rejects = List.copyOf(rejects);
    Objects.requireNonNull(contentHash, "contentHash");
  }
}
