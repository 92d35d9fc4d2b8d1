package dev.spamflow.inference.log;

import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.predictions.PredictionLogFormat;
import dev.spamflow.core.predictions.PredictionRecord;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends predictions to the object store in the background, in the layout of {@link
 * PredictionLogFormat}.
 *
 * <p>{@link #offer} puts a record on a bounded queue and returns at once: it never blocks and never
 * throws, so logging can never slow down or fail a request. One writer thread takes records off the
 * queue in batches — a batch is cut when it holds {@link PredictionLogSettings#batchSize()} records
 * or its oldest record has waited {@link PredictionLogSettings#maxDelay()} — and stores each as one
 * object per UTC date it spans.
 *
 * <p>A failed write is retried with exponential back-off under the same key (so a write that
 * reached the store before failing is replaced, not duplicated). While it retries, the writer takes
 * no new records: the queue fills, and records offered to a full queue are dropped and counted in
 * {@link #dropped()}. Nothing is lost silently: every failed try counts in {@link #failures()}, and
 * records still unwritten when {@link #close()} gives up count in {@link #lost()} and are logged.
 */
public final class PredictionLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PredictionLog.class);

  /** How often an idle writer looks whether the log was closed. */
  private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /**
   * How long the writer lets records pile up between drains while it fills a batch: at 20 ms a
   * queue of 10,000 holds out up to 500,000 predictions a second.
   */
  private static final long FILL_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final ObjectStore store;
  private final PredictionLogSettings settings;
  private final Clock clock;
  private final BlockingQueue<PredictionRecord> queue;
  private final String writerId;
  private final Thread writer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final AtomicLong objects = new AtomicLong();
  private volatile long closeDeadlineNanos;
  private long sequence;

  /** One object to store: the records of one UTC date in a batch, already encoded. */
  private static final class Part {
    private final String key;
    private final byte[] content;
    private final int records;

    Part(String key, byte[] content, int records) {
      this.key = key;
      this.content = content;
      this.records = records;
    }

    String key() {
      return key;
    }

    byte[] content() {
      return content;
    }

    int records() {
      return records;
    }
  }

  /**
   * Starts the log and its writer thread.
   *
   * @param store where the objects go
   * @param settings queue, batch and retry settings
   * @param clock names the objects (the batch time in the key); record dates come from the records
   */
  public PredictionLog(ObjectStore store, PredictionLogSettings settings, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    // Random per process: replicas writing the same folder in the same millisecond never clash.
    this.writerId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    this.writer = Thread.ofPlatform().daemon().name("prediction-log-writer").unstarted(this::run);
    writer.start();
  }

  /**
   * Queues a record for writing, without waiting.
   *
   * @param record the prediction; {@code null} is ignored
   * @return true if queued; false if the queue was full or the log closed (the record is then
   *     counted in {@link #dropped()}) or the record was null
   */
  public boolean offer(PredictionRecord record) {
    if (record == null) {
      return false;
    }
    if (!closed.get() && queue.offer(record)) {
      return true;
    }
    dropped.incrementAndGet();
    return false;
  }

  /** Records refused because the queue was full or the log closed. */
  public long dropped() {
    return dropped.get();
  }

  /** Records stored. */
  public long written() {
    return written.get();
  }

  /** Failed tries to store an object (each retry of the same object counts again). */
  public long failures() {
    return failures.get();
  }

  /** Records that were queued but never stored, because {@link #close()} ran out of time. */
  public long lost() {
    return lost.get();
  }

  /** Objects stored. */
  public long objects() {
    return objects.get();
  }

  /** Records waiting in the queue now. */
  public int queued() {
    return queue.size();
  }

  /**
   * Stops taking records and writes what is queued, retrying failed writes for at most {@link
   * PredictionLogSettings#closeTimeout()}; whatever is still unwritten then counts in {@link
   * #lost()}. Returns when the writer has finished; calling it again does nothing.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed.get()) {
        return;
      }
      // The deadline is set before the flag, so the writer never sees a closed log without one.
      closeDeadlineNanos = System.nanoTime() + settings.closeTimeout().toNanos();
      closed.set(true);
    }
    closing.countDown();
    try {
      // The writer stops by itself at the deadline; the extra second covers a store call in flight.
      writer.join(settings.closeTimeout().plusSeconds(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      LOG.error(
          "prediction log writer still busy {} after close; {} queued records may be lost",
          settings.closeTimeout(),
          queue.size());
      return;
    }
    // An offer that passed the closed check just before close() may have queued its record after
    // the writer's last drain: count it rather than leave it unseen.
    int stragglers = queue.size();
    if (stragglers > 0) {
      queue.clear();
      lost.addAndGet(stragglers);
      LOG.error("prediction log closed with {} records offered too late to write", stragglers);
    }
  }

  private void run() {
    List<PredictionRecord> batch = new ArrayList<>(settings.batchSize());
    try {
      boolean open = true;
      while (open) {
        open = collect(batch);
        if (!batch.isEmpty()) {
          writeAll(encode(batch));
          batch.clear();
        }
      }
    } catch (InterruptedException e) {
      LOG.warn("prediction log writer interrupted; {} queued records not written", queue.size());
      lost.addAndGet(batch.size() + queue.size());
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      // A bug, not a store failure (those are handled in writeAll): say so loudly, once.
      LOG.error("prediction log writer failed; logging stops", e);
      lost.addAndGet(batch.size() + queue.size());
      throw e;
    }
  }

  /**
   * Fills {@code batch} up to the batch size, waiting at most the maximum delay after its first
   * record.
   *
   * @return false once the log is closed and the queue drained: this batch is the last
   */
  private boolean collect(List<PredictionRecord> batch) throws InterruptedException {
    PredictionRecord first = null;
    while (first == null) {
      if (closed.get()) {
        queue.drainTo(batch, settings.batchSize());
        return !queue.isEmpty();
      }
      first = queue.poll(IDLE_POLL_NANOS, TimeUnit.NANOSECONDS);
    }
    batch.add(first);
    long deadline = System.nanoTime() + settings.maxDelay().toNanos();
    while (batch.size() < settings.batchSize()) {
      queue.drainTo(batch, settings.batchSize() - batch.size());
      if (batch.size() >= settings.batchSize() || closed.get()) {
        break;
      }
      long wait = Math.min(deadline - System.nanoTime(), FILL_PAUSE_NANOS);
      if (wait <= 0) {
        break;
      }
      // Pause, then drain in bulk, rather than block on the queue: a writer blocked on the queue
      // is woken by every offer, which under load is a thread wake-up per prediction and cost
      // more CPU than writing the record. close() ends the pause at once.
      if (closing.await(wait, TimeUnit.NANOSECONDS)) {
        queue.drainTo(batch, settings.batchSize() - batch.size());
        break;
      }
    }
    return true;
  }

  /** Splits a batch by UTC date, oldest date first, and encodes each part. */
  private List<Part> encode(List<PredictionRecord> batch) {
    Map<LocalDate, List<PredictionRecord>> byDate = new TreeMap<>();
    for (PredictionRecord record : batch) {
      byDate
          .computeIfAbsent(PredictionLogFormat.dateOf(record.time()), d -> new ArrayList<>())
          .add(record);
    }
    List<Part> parts = new ArrayList<>(byDate.size());
    Instant batchTime = clock.instant();
    for (Map.Entry<LocalDate, List<PredictionRecord>> entry : byDate.entrySet()) {
      String key = PredictionLogFormat.key(entry.getKey(), batchTime, writerId, sequence++);
      parts.add(
          new Part(key, PredictionLogFormat.encode(entry.getValue()), entry.getValue().size()));
    }
    return parts;
  }

  /** Stores every part, retrying each until it is stored or the close deadline passes. */
  private void writeAll(List<Part> parts) throws InterruptedException {
    for (int i = 0; i < parts.size(); i++) {
      if (closeDeadlinePassed() || !write(parts.get(i))) {
        int remaining = 0;
        for (Part part : parts.subList(i, parts.size())) {
          remaining += part.records();
        }
        lost.addAndGet(remaining);
        LOG.error(
            "prediction log gave up: {} records not written (from {})",
            remaining,
            parts.get(i).key());
        return;
      }
    }
  }

  private boolean write(Part part) throws InterruptedException {
    Duration backoff = settings.initialBackoff();
    while (true) {
      try {
        store.put(
            part.key(),
            new ByteArrayInputStream(part.content()),
            part.content().length,
            PredictionLogFormat.CONTENT_TYPE,
            PredictionLogFormat.metadata(part.records()));
        written.addAndGet(part.records());
        objects.incrementAndGet();
        return true;
      } catch (IllegalArgumentException e) {
        // The store refused the key or content outright: retrying cannot help.
        failures.incrementAndGet();
        LOG.error("prediction log object {} refused by the store", part.key(), e);
        return false;
      } catch (RuntimeException e) {
        long failed = failures.incrementAndGet();
        LOG.warn(
            "writing prediction log object {} failed (failure {}), retrying in {}: {}",
            part.key(),
            failed,
            backoff,
            e.toString());
      }
      if (!pause(backoff)) {
        return false;
      }
      backoff = backoff.multipliedBy(2);
      if (backoff.compareTo(settings.maxBackoff()) > 0) {
        backoff = settings.maxBackoff();
      }
    }
  }

  /**
   * Waits {@code backoff} before the next try; once the log is closing, no longer than the close
   * deadline.
   *
   * @return false if the close deadline has passed: give up
   */
  private boolean pause(Duration backoff) throws InterruptedException {
    if (!closed.get()) {
      // Returns early when close() is called, so shutdown does not wait out a long back-off.
      if (!closing.await(backoff.toNanos(), TimeUnit.NANOSECONDS)) {
        return true;
      }
    }
    long left = closeDeadlineNanos - System.nanoTime();
    if (left <= 0) {
      return false;
    }
    TimeUnit.NANOSECONDS.sleep(Math.min(left, backoff.toNanos()));
    return true;
  }

  private boolean closeDeadlinePassed() {
    return closed.get() && System.nanoTime() - closeDeadlineNanos >= 0;
  }
}
