package dev.spamflow.core.data;

import java.util.List;

/** Picks accepted messages and rejects out of reader results. */
final class Results {

  private Results() {}

  static List<ReadResult.Accepted> accepted(List<ReadResult> results) {
    return results.stream()
        .filter(ReadResult.Accepted.class::isInstance)
        .map(ReadResult.Accepted.class::cast)
        .toList();
  }

  static List<Reject> rejects(List<ReadResult> results) {
    return results.stream()
        .filter(ReadResult.Rejected.class::isInstance)
        .map(r -> ((ReadResult.Rejected) r).reject())
        .toList();
  }

  static List<String> texts(List<ReadResult> results) {
    return accepted(results).stream().map(a -> a.message().text()).toList();
  }
}
