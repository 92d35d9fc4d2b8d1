package dev.spamflow.inference.http;

import dev.spamflow.inference.InferenceMetrics;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.uri.UriMatchTemplate;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteInfo;

/**
 * Times every request into the latency histogram, labelled by route template (not by path, so a
 * scan of random URLs cannot create unbounded series) and status.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class TimingFilter {

  private static final String START = "spamflow.start";
  private static final String ROUTE = "spamflow.route";

  private final InferenceMetrics metrics;

  TimingFilter(InferenceMetrics metrics) {
    this.metrics = metrics;
  }

  // The route is read before the controller runs: an error answer replaces it with the error
  // handler's route, and the latency must still count against the route that was asked for.
  @RequestFilter
  void start(HttpRequest<?> request) {
    request.setAttribute(START, System.nanoTime());
    request.setAttribute(
        ROUTE,
        RouteAttributes.getRouteInfo(request)
            .filter(UriRouteInfo.class::isInstance)
            .map(info -> ((UriRouteInfo<?, ?>) info).getUriMatchTemplate())
            .map(UriMatchTemplate::toString)
            .orElse("unmatched"));
  }

  @ResponseFilter
  void finish(HttpRequest<?> request, MutableHttpResponse<?> response) {
    Long start = request.getAttribute(START, Long.class).orElse(null);
    if (start == null) {
      return;
    }
    String route = request.getAttribute(ROUTE, String.class).orElse("unmatched");
    metrics.request(route, response.code(), System.nanoTime() - start);
  }
}
