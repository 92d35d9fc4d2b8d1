package dev.spamflow.e2e;

import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Every event the broker accepted, with the time it arrived: what the test waits on, what its
 * timings are computed from, and what a failure message lists.
 */
final class EventTimeline implements Consumer<CloudEvent> {
  /** One accepted event. */
  record Seen(Instant at, CloudEvent event) {
    String type() {
      return event.getType();
    }

    String subject() {
      return event.getSubject() == null ? "" : event.getSubject();
    }
  }

  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  @Override
  public void accept(CloudEvent event) {
    seen.add(new Seen(Instant.now(), event));
  }

  /** The events accepted at or after {@code since}, oldest first. */
  List<Seen> since(Instant since) {
    return seen.stream().filter(s -> !s.at().isBefore(since)).toList();
  }

  /** The first event at or after {@code since} that passes {@code filter}. */
  Optional<Seen> first(Instant since, Predicate<Seen> filter) {
    return since(since).stream().filter(filter).findFirst();
  }

  /** When the last event arrived, or empty if none did. */
  Optional<Instant> last() {
    return seen.isEmpty() ? Optional.empty() : Optional.of(seen.getLast().at());
  }

  /** One line per event, with its time relative to {@code origin}. */
  String describe(Instant origin) {
    if (seen.isEmpty()) {
      return "(none)";
    }
    return seen.stream()
        .map(
            s ->
                String.format(
                    "  +%6.1f s  %s  %s  (id %s)",
                    Duration.between(origin, s.at()).toMillis() / 1000.0,
                    s.type(),
                    s.subject(),
                    s.event().getId()))
        .collect(Collectors.joining("\n"));
  }
}
