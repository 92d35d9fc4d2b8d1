package dev.spamflow.inference.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Prometheus scrapes the service's meters here, in the text exposition format. */
@Controller("/metrics")
final class MetricsController {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  MetricsController(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  // Off the event loop: a scrape formats every histogram bucket and must not delay predictions.
  @Get
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<String> scrape() {
    return HttpResponse.ok(registry.scrape()).contentType(CONTENT_TYPE);
  }
}
