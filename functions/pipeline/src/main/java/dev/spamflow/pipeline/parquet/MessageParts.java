package dev.spamflow.pipeline.parquet;

import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.pipeline.FileEntry;
import dev.spamflow.pipeline.StagedFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the labelled messages of a dataset part (raw or curated Parquet) back from the store, after
 * checking the object against what its manifest recorded.
 */
public final class MessageParts {

  private MessageParts() {}

  /**
   * Downloads a part, checks its SHA-256 and row count against the manifest entry, and reads its
   * text and label columns.
   *
   * @param store where the part is
   * @param entry the part as its manifest records it
   * @param local a temporary file to stage the download in
   * @return the messages, in file order
   * @throws IllegalStateException naming the object (and the row, for a bad label) when the object
   *     differs from its manifest or holds a label other than spam or ham
   */
  public static List<Message> read(ObjectStore store, FileEntry entry, Path local) {
    String sha = StagedFiles.download(store, entry.key(), local);
    if (!sha.equals(entry.sha256())) {
      throw new IllegalStateException(
          "object '"
              + entry.key()
              + "' does not match its manifest: SHA-256 "
              + sha
              + " but the manifest says "
              + entry.sha256());
    }
    List<Message> messages = new ArrayList<>((int) Math.min(entry.rows(), Integer.MAX_VALUE - 8));
    long[] row = {0};
    ParquetFiles.forEach(
        local,
        entry.key(),
        group -> {
          row[0]++;
          String label = group.getString(Schemas.LABEL, 0);
          messages.add(
              new Message(
                  group.getString(Schemas.TEXT, 0),
                  Label.parse(label)
                      .orElseThrow(
                          () ->
                              new IllegalStateException(
                                  "object '"
                                      + entry.key()
                                      + "' row "
                                      + row[0]
                                      + ": field 'label' is '"
                                      + label
                                      + "', not spam or ham"))));
        });
    if (messages.size() != entry.rows()) {
      throw new IllegalStateException(
          "object '"
              + entry.key()
              + "' holds "
              + messages.size()
              + " rows but its manifest says "
              + entry.rows());
    }
    return messages;
  }
}
