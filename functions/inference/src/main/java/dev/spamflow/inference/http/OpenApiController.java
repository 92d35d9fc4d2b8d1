package dev.spamflow.inference.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the OpenAPI document of this service. It is written by hand next to the code, and {@code
 * OpenApiDocumentTest} fails when a route is missing from it or it names a route that is gone.
 */
@Controller
final class OpenApiController {

  static final String RESOURCE = "openapi/spamflow-inference.yaml";

  private final byte[] document;

  OpenApiController() {
    try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the service's jar");
      }
      document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  @Get("/openapi.yaml")
  HttpResponse<byte[]> document() {
    return HttpResponse.ok(document).contentType("application/yaml");
  }
}
