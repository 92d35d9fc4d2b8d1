package dev.spamflow.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The one process that runs the pipeline on a data directory: an operating-system lock on {@code
 * <data-dir>/spamflow.lock}, which also names its holder ({@code up}, {@code upload} or {@code
 * dead-letters}, its pid and when it started) so that another process can tell the user who holds
 * it, or hand a file to a running {@code spamflow up}.
 *
 * <p>Two processes running the stages on one directory would train the same dataset twice and race
 * on the champion alias; with the lock, never more than one runs them. The lock is released when
 * the holder closes it or its process ends, however it ends (a {@code kill -9} included): no stale
 * lock is left behind, so whoever holds it knows no other attempt of any stage can still be alive.
 * Locks are per process: within one JVM, a second acquisition fails as if another process held it.
 */
public final class DataDirectoryLock implements AutoCloseable {

  /** The lock file's name in the data directory. */
  public static final String FILE_NAME = "spamflow.lock";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Who holds the lock.
   *
   * @param command {@code up} or {@code upload}
   * @param pid the holder's process id
   * @param startedAt when it took the lock
   */
  public record Holder(String command, long pid, String startedAt) {

    /** For messages: {@code 'spamflow up' (pid 123, since 2026-…)}. */
    public String describe() {
      return "'spamflow " + command + "' (pid " + pid + ", since " + startedAt + ")";
    }
  }

  private final FileChannel channel;
  private final FileLock lock;
  private final Holder holder;

  private DataDirectoryLock(FileChannel channel, FileLock lock, Holder holder) {
    this.channel = channel;
    this.lock = lock;
    this.holder = holder;
  }

  /**
   * Takes the lock if no other process holds it.
   *
   * @param dataDirectory the data directory (created if missing)
   * @param command what the caller runs, for others to read
   * @return the lock, or empty when another process holds it ({@link #holder} says which)
   * @throws UncheckedIOException when the lock file cannot be opened
   */
  public static Optional<DataDirectoryLock> tryAcquire(Path dataDirectory, String command) {
    return acquire(dataDirectory, command, false);
  }

  /**
   * Takes the lock, waiting for another process to release it.
   *
   * @param dataDirectory the data directory (created if missing)
   * @param command what the caller runs, for others to read
   * @return the lock
   * @throws UncheckedIOException when the lock file cannot be opened
   */
  public static DataDirectoryLock acquire(Path dataDirectory, String command) {
    return acquire(dataDirectory, command, true).orElseThrow();
  }

  private static Optional<DataDirectoryLock> acquire(
      Path dataDirectory, String command, boolean wait) {
    Path file = dataDirectory.resolve(FILE_NAME);
    FileChannel channel = null;
    try {
      Files.createDirectories(dataDirectory);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = wait ? channel.lock() : channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this JVM already
      }
      if (lock == null) {
        channel.close();
        return Optional.empty();
      }
      Holder holder = new Holder(command, ProcessHandle.current().pid(), Instant.now().toString());
      byte[] json = JSON.writeValueAsBytes(holder);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(json), 0);
      channel.force(true);
      return Optional.of(new DataDirectoryLock(channel, lock, holder));
    } catch (IOException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new UncheckedIOException("cannot lock " + file, e);
    }
  }

  /**
   * Describes who holds a data directory's lock, for a message.
   *
   * @param dataDirectory the data directory
   * @return e.g. {@code 'spamflow up' (pid 123, since …)}, or {@code another spamflow process}
   */
  public static String describeHolder(Path dataDirectory) {
    return holder(dataDirectory).map(Holder::describe).orElse("another spamflow process");
  }

  /**
   * Reads who holds (or last held) a data directory's lock.
   *
   * @param dataDirectory the data directory
   * @return the holder, or empty when the file is missing or unreadable
   */
  public static Optional<Holder> holder(Path dataDirectory) {
    Path file = dataDirectory.resolve(FILE_NAME);
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length == 0) {
        return Optional.empty();
      }
      return Optional.of(JSON.readValue(new String(bytes, StandardCharsets.UTF_8), Holder.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** This process's entry. */
  public Holder holder() {
    return holder;
  }

  /** Releases the lock. */
  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release " + FILE_NAME, e);
    }
  }

  @Override
  public String toString() {
    return Objects.toString(holder);
  }
}
