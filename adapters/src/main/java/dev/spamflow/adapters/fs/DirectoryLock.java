package dev.spamflow.adapters.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion over one data directory, across threads and processes.
 *
 * <p>An OS file lock excludes other processes but not other threads of this JVM (a second lock on
 * the same file from the same JVM throws), so a JVM-wide lock per lock file is taken first.
 */
final class DirectoryLock {
  private static final ConcurrentMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path lockFile;
  private final ReentrantLock jvmLock;

  DirectoryLock(Path lockFile) throws IOException {
    Files.createDirectories(lockFile.toAbsolutePath().getParent());
    this.lockFile = lockFile.toAbsolutePath().normalize();
    this.jvmLock = JVM_LOCKS.computeIfAbsent(this.lockFile, path -> new ReentrantLock());
  }

  /** An action run while holding the lock. */
  @FunctionalInterface
  interface Action<T> {
    T run() throws IOException;
  }

  <T> T call(Action<T> action) throws IOException {
    jvmLock.lock();
    try (FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = channel.lock();
      try {
        return action.run();
      } finally {
        lock.release();
      }
    } finally {
      jvmLock.unlock();
    }
  }
}
