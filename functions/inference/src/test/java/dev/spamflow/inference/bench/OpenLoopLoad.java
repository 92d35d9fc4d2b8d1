package dev.spamflow.inference.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed-rate load generator that does not hide stalls: each of its connections sends on its own
 * schedule (request {@code n} of connection {@code i} is due at {@code start + (n * connections +
 * i) / rate}), and each latency is measured from when the request was due, not from when the
 * connection was free to send it. A server that stalls therefore shows the stall in every request
 * that waited, instead of slowing the generator down and hiding it (coordinated omission, the flaw
 * of closed-loop tools such as wrk at a fixed connection count; this is wrk2's model). No hand-off
 * between threads, so the generator takes little of the two cores it shares with the server.
 *
 * <p>Usage: {@code OpenLoopLoad --url URL --rate PER_SECOND --seconds N [--texts FILE]
 * [--connections N] [--report-every SECONDS] [--pid PID] [--label NAME]}. With {@code --texts} it
 * POSTs each text in turn as {@code {"text": …}}, else it GETs the URL. Every {@code
 * --report-every} seconds it prints that interval's rate, p50, p99, errors and the resident memory
 * of process {@code --pid}; at the end one {@code RESULT} line.
 */
public final class OpenLoopLoad {
  private final URI url;
  private final List<byte[]> requests;
  private final double rate;
  private final long seconds;
  private final int connections;
  private final long reportEvery;
  private final long pid;
  private final String label;
  private final AtomicLong behind = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong next = new AtomicLong();
  private volatile Histogram interval = new Histogram();
  private final Histogram total = new Histogram();
  private long start;
  private long end;
  private long period;

  private OpenLoopLoad(Args args) throws IOException {
    this.url = URI.create(args.value("--url", null));
    this.rate = Double.parseDouble(args.value("--rate", null));
    this.seconds = Long.parseLong(args.value("--seconds", "60"));
    this.connections = Integer.parseInt(args.value("--connections", "16"));
    this.reportEvery = Long.parseLong(args.value("--report-every", "0"));
    this.pid = Long.parseLong(args.value("--pid", "0"));
    this.label = args.value("--label", "load");
    String texts = args.value("--texts", "");
    int port = url.getPort();
    String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    this.requests = new ArrayList<>();
    if (texts.isEmpty()) {
      requests.add(HttpConnection.request("GET", url.getHost(), port, path, null));
    } else {
      for (String text : Texts.read(Path.of(texts))) {
        requests.add(
            HttpConnection.request("POST", url.getHost(), port, path, Texts.predictBody(text)));
      }
    }
  }

  /** Runs the load described by the arguments and prints its figures. */
  public static void main(String[] argv) throws Exception {
    new OpenLoopLoad(new Args(argv)).run();
  }

  private void run() throws InterruptedException, IOException {
    period = (long) (1e9 / rate);
    start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    end = start + TimeUnit.SECONDS.toNanos(seconds);
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      int connection = i;
      workers.add(Thread.ofPlatform().daemon().name("load-" + i).start(() -> work(connection)));
    }
    long lastSent = 0;
    long lastErrors = 0;
    List<Long> rssSamples = new ArrayList<>();
    if (pid > 0) {
      rssSamples.add(rssKiB());
    }
    if (reportEvery > 0) {
      for (long at = start + TimeUnit.SECONDS.toNanos(reportEvery);
          at - end <= 0;
          at += TimeUnit.SECONDS.toNanos(reportEvery)) {
        sleepUntil(at);
        Histogram last = interval;
        interval = new Histogram();
        long sentNow = sent.get();
        long errorsNow = errors.get();
        long rss = pid > 0 ? rssKiB() : 0;
        if (pid > 0) {
          rssSamples.add(rss);
        }
        System.out.printf(
            Locale.ROOT,
            "%s t=%ds rate=%.0f/s p50=%.2fms p99=%.2fms errors=%d rss=%.1fMiB%n",
            label,
            TimeUnit.NANOSECONDS.toSeconds(at - start),
            (sentNow - lastSent) / (double) reportEvery,
            last.quantileMicros(0.50) / 1e3,
            last.quantileMicros(0.99) / 1e3,
            errorsNow - lastErrors,
            rss / 1024.0);
        lastSent = sentNow;
        lastErrors = errorsNow;
      }
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double elapsed = (end - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "RESULT %s target=%.0f/s achieved=%.0f/s requests=%d errors=%d not_sent_in_time=%d"
            + " p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f%n",
        label,
        rate,
        sent.get() / elapsed,
        sent.get(),
        errors.get(),
        behind.get(),
        total.quantileMicros(0.50) / 1e3,
        total.quantileMicros(0.90) / 1e3,
        total.quantileMicros(0.99) / 1e3,
        total.quantileMicros(0.999) / 1e3,
        total.maxMicros() / 1e3);
    if (!rssSamples.isEmpty()) {
      rssSamples.add(rssKiB());
      long min = rssSamples.stream().mapToLong(Long::longValue).min().orElse(0);
      long max = rssSamples.stream().mapToLong(Long::longValue).max().orElse(0);
      int n = rssSamples.size();
      // Growth after the first fifth: start-up and warm-up growth is expected, a leak is not.
      long settled = rssSamples.get(Math.min(n - 1, n / 5));
      System.out.printf(
          Locale.ROOT,
          "RSS %s first=%.1fMiB settled=%.1fMiB last=%.1fMiB min=%.1fMiB max=%.1fMiB"
              + " growth_after_settling=%.1fMiB samples=%d%n",
          label,
          rssSamples.getFirst() / 1024.0,
          settled / 1024.0,
          rssSamples.getLast() / 1024.0,
          min / 1024.0,
          max / 1024.0,
          (rssSamples.getLast() - settled) / 1024.0,
          n);
    }
  }

  /** Sends connection {@code i}'s share of the requests, each at its due time or as soon after. */
  private void work(int i) {
    HttpConnection connection = null;
    for (long n = 0; ; n++) {
      long dueAt = start + (n * connections + i) * period;
      if (dueAt - end >= 0) {
        break;
      }
      sleepUntil(dueAt);
      if (System.nanoTime() - end >= 0) {
        // Still waiting on earlier answers when the run ended: count what was never sent.
        behind.addAndGet((end - dueAt) / (period * connections) + 1);
        break;
      }
      byte[] request = requests.get((int) (next.getAndIncrement() % requests.size()));
      try {
        if (connection == null) {
          connection = new HttpConnection(url.getHost(), url.getPort(), 10_000);
        }
        int status = connection.exchange(request);
        long latency = System.nanoTime() - dueAt;
        interval.record(latency);
        total.record(latency);
        if (status / 100 == 2) {
          sent.incrementAndGet();
        } else {
          errors.incrementAndGet();
        }
      } catch (IOException | RuntimeException e) {
        errors.incrementAndGet();
        closeQuietly(connection);
        connection = null;
      }
    }
    closeQuietly(connection);
  }

  private static void sleepUntil(long deadline) {
    for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  private long rssKiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }

  private static void closeQuietly(HttpConnection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (IOException e) {
      // Closing a broken connection: nothing left to do.
    }
  }
}
