package dev.spamflow.inference.bench;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's POST baseline: {@code POST /bench/empty} takes the same request as {@code POST
 * /api/predict} (a JSON body read into memory, the same filters) and answers a constant JSON body
 * without looking at it, so that "predict vs an empty endpoint" compares like with like.
 *
 * <p>Only on the classpath when {@code scripts/bench-inference} appends {@code test-classes} to the
 * service's, and only active with {@code SPAMFLOW_BENCH_EMPTY_ENDPOINT=true}; the service never
 * ships it.
 */
@Controller("/bench")
@Requires(property = "spamflow.bench.empty-endpoint", value = "true")
final class EmptyEndpoint {

  private static final byte[] ANSWER = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

  @Post("/empty")
  @Consumes(MediaType.ALL)
  HttpResponse<byte[]> empty(@Body byte @Nullable [] body) {
    return HttpResponse.ok(ANSWER).contentType(MediaType.APPLICATION_JSON_TYPE);
  }
}
