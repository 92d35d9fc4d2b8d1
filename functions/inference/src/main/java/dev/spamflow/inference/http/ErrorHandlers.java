package dev.spamflow.inference.http;

import dev.spamflow.inference.InferenceMetrics;
import dev.spamflow.inference.InferenceSettings;
import dev.spamflow.inference.predict.NoModelException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every error into the same JSON body, {@code {"error": message, "kind": kind, "status":
 * code}}, counted by kind: the service's own {@link ApiException}s, the framework's size and
 * routing errors, and anything unexpected.
 */
@Controller
final class ErrorHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

  private final InferenceMetrics metrics;
  private final InferenceSettings settings;

  private final Router router;

  ErrorHandlers(InferenceMetrics metrics, InferenceSettings settings, Router router) {
    this.metrics = metrics;
    this.settings = settings;
    this.router = router;
  }

  @Error(global = true)
  HttpResponse<byte[]> api(ApiException e) {
    metrics.error(e.kind());
    MutableHttpResponse<byte[]> response =
        Json.response(e.status(), Json.error(e.status(), e.kind(), e.getMessage()));
    e.headers().forEach(response::header);
    return response;
  }

  @Error(global = true)
  HttpResponse<byte[]> noModel(NoModelException e) {
    return answer(HttpStatus.SERVICE_UNAVAILABLE, "no_model", e.getMessage());
  }

  @Error(global = true)
  HttpResponse<byte[]> tooLarge(ContentLengthExceededException e) {
    ApiException tooLarge = Limits.tooLarge(-1, settings.maxBodyBytes());
    return answer(tooLarge.status(), tooLarge.kind(), tooLarge.getMessage());
  }

  @Error(global = true)
  HttpResponse<byte[]> unconvertible(ConversionErrorException e) {
    return answer(HttpStatus.BAD_REQUEST, "invalid_parameter", e.getMessage());
  }

  @Error(global = true)
  HttpResponse<byte[]> unsatisfied(UnsatisfiedRouteException e) {
    // The only required argument of every POST route is its body: an empty POST lands here.
    if (e.getArgument().getAnnotationMetadata().hasAnnotation(Body.class)) {
      return answer(
          HttpStatus.BAD_REQUEST,
          "malformed_json",
          "the request body is empty; send JSON with Content-Type: application/json (see GET"
              + " /openapi.yaml)");
    }
    return answer(HttpStatus.BAD_REQUEST, "invalid_parameter", e.getMessage());
  }

  @Error(global = true)
  HttpResponse<byte[]> status(HttpStatusException e) {
    return answer(e.getStatus(), "http_" + e.getStatus().getCode(), e.getMessage());
  }

  @Error(status = HttpStatus.NOT_FOUND, global = true)
  HttpResponse<byte[]> notFound(HttpRequest<?> request) {
    return answer(
        HttpStatus.NOT_FOUND,
        "not_found",
        "no route "
            + request.getMethod()
            + " "
            + request.getPath()
            + "; see GET /openapi.yaml for the API (e.g. POST /api/predict)");
  }

  /**
   * 405, with the {@code Allow} header RFC 9110 (section 15.5.6) requires: the methods the path's
   * routes take, as the router knows them, and HEAD wherever GET is taken (the server answers HEAD
   * for every GET route).
   */
  @Error(status = HttpStatus.METHOD_NOT_ALLOWED, global = true)
  HttpResponse<byte[]> methodNotAllowed(HttpRequest<?> request) {
    List<String> allowed = allowedMethods(request);
    return answer(
            HttpStatus.METHOD_NOT_ALLOWED,
            "method_not_allowed",
            request.getPath()
                + " does not take "
                + request.getMethod()
                + "; it takes "
                + String.join(", ", allowed)
                + "; see GET /openapi.yaml")
        .header(HttpHeaders.ALLOW, String.join(", ", allowed));
  }

  private List<String> allowedMethods(HttpRequest<?> request) {
    Set<HttpMethod> methods = EnumSet.noneOf(HttpMethod.class);
    router.findAny(request.getPath(), request).forEach(match -> methods.add(match.getHttpMethod()));
    if (methods.contains(HttpMethod.GET)) {
      methods.add(HttpMethod.HEAD);
    }
    return methods.stream().map(HttpMethod::name).toList();
  }

  @Error(status = HttpStatus.UNSUPPORTED_MEDIA_TYPE, global = true)
  HttpResponse<byte[]> unsupportedMediaType(HttpRequest<?> request) {
    return answer(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "send the body as Content-Type: application/json");
  }

  @Error(global = true)
  HttpResponse<byte[]> unexpected(HttpRequest<?> request, RuntimeException e) {
    LOG.error("{} {} failed", request.getMethod(), request.getPath(), e);
    return answer(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal",
        "the service failed on this request ("
            + e.getClass().getSimpleName()
            + "); it is logged - retry, and report it if it persists");
  }

  private MutableHttpResponse<byte[]> answer(HttpStatus status, String kind, String message) {
    metrics.error(kind);
    return Json.response(status, Json.error(status, kind, message));
  }
}
