package dev.spamflow.devtools.broker;

import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * A Knative Trigger filter: the legacy {@code spec.filter.attributes} (exact match) or one of the
 * {@code spec.filters} dialects {@code exact}, {@code prefix}, {@code suffix}, {@code all}, {@code
 * any} and {@code not}. An attribute the event lacks never matches.
 */
public sealed interface EventFilter {
  /** Whether {@code event} passes this filter. */
  boolean matches(CloudEvent event);

  /** Passes every event: a Trigger without filter. */
  EventFilter MATCH_ALL = new All(List.of());

  /** Every named attribute equals the given value. */
  record Exact(Map<String, String> attributes) implements EventFilter {
    /** Copies the attributes. */
    public Exact {
      attributes = Map.copyOf(attributes);
    }

    @Override
    public boolean matches(CloudEvent event) {
      return test(event, attributes, String::equals);
    }
  }

  /** Every named attribute starts with the given value. */
  record Prefix(Map<String, String> attributes) implements EventFilter {
    /** Copies the attributes. */
    public Prefix {
      attributes = Map.copyOf(attributes);
    }

    @Override
    public boolean matches(CloudEvent event) {
      return test(event, attributes, String::startsWith);
    }
  }

  /** Every named attribute ends with the given value. */
  record Suffix(Map<String, String> attributes) implements EventFilter {
    /** Copies the attributes. */
    public Suffix {
      attributes = Map.copyOf(attributes);
    }

    @Override
    public boolean matches(CloudEvent event) {
      return test(event, attributes, String::endsWith);
    }
  }

  /** Every nested filter passes (none: everything passes). */
  record All(List<EventFilter> filters) implements EventFilter {
    /** Copies the filters. */
    public All {
      filters = List.copyOf(filters);
    }

    @Override
    public boolean matches(CloudEvent event) {
      return filters.stream().allMatch(filter -> filter.matches(event));
    }
  }

  /** At least one nested filter passes. */
  record Any(List<EventFilter> filters) implements EventFilter {
    /** Copies the filters. */
    public Any {
      filters = List.copyOf(filters);
    }

    @Override
    public boolean matches(CloudEvent event) {
      return filters.stream().anyMatch(filter -> filter.matches(event));
    }
  }

  /** The nested filter does not pass. */
  record Not(EventFilter filter) implements EventFilter {
    @Override
    public boolean matches(CloudEvent event) {
      return !filter.matches(event);
    }
  }

  private static boolean test(
      CloudEvent event, Map<String, String> expected, BiPredicate<String, String> check) {
    return expected.entrySet().stream()
        .allMatch(
            entry ->
                attribute(event, entry.getKey())
                    .map(actual -> check.test(actual, entry.getValue()))
                    .orElse(false));
  }

  /** The value of a context attribute or extension as Knative compares it: its string form. */
  static Optional<String> attribute(CloudEvent event, String name) {
    Object value =
        switch (name) {
          case "specversion" -> event.getSpecVersion().toString();
          case "id" -> event.getId();
          case "type" -> event.getType();
          case "source" -> event.getSource();
          case "subject" -> event.getSubject();
          case "time" -> event.getTime();
          case "datacontenttype" -> event.getDataContentType();
          case "dataschema" -> event.getDataSchema();
          default -> event.getExtension(name);
        };
    return Optional.ofNullable(value).map(Object::toString);
  }
}
