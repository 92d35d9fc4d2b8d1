package dev.spamflow.adapters.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.spamflow.core.port.ModelRegistryException;
import dev.spamflow.core.port.RegistryEntryNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MLflow REST calls the Java client lacks: the artifact proxy and the model registry. Each call
 * is retried on connection errors and 5xx answers; MLflow's error answers become port exceptions.
 */
final class MlflowRest {
  private static final Logger LOG = LoggerFactory.getLogger(MlflowRest.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MlflowConfig config;
  private final HttpClient http;
  private final FailsafeExecutor<HttpResponse<byte[]>> retries;

  MlflowRest(MlflowConfig config) {
    this.config = config;
    this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
    this.retries =
        Failsafe.with(
            config
                .retry()
                .<HttpResponse<byte[]>>policy()
                .handle(IOException.class)
                .handleResultIf(response -> response.statusCode() >= 500)
                .onRetry(
                    attempt ->
                        LOG.warn(
                            "MLflow call to {} failed (attempt {}), retrying: {}",
                            config.trackingUri(),
                            attempt.getAttemptCount(),
                            attempt.getLastException() != null
                                ? attempt.getLastException().toString()
                                : "HTTP " + attempt.getLastResult().statusCode()))
                .build());
  }

  JsonNode get(String path, Map<String, String> query) {
    return json(send("GET " + path, request(path + query(query)).GET()));
  }

  JsonNode post(String path, Map<String, ?> body) {
    return json(send("POST " + path, request(path).POST(jsonBody(body))));
  }

  void upload(String artifactPath, Path file) {
    try {
      send(
          "upload artifact " + artifactPath,
          request(artifactUrlPath(artifactPath)).PUT(HttpRequest.BodyPublishers.ofFile(file)));
    } catch (IOException e) {
      throw new ModelRegistryException("cannot read artifact file " + file, e);
    }
  }

  JsonNode listArtifacts(String artifactDirectory) {
    return get("/api/2.0/mlflow-artifacts/artifacts", Map.of("path", artifactDirectory));
  }

  void download(String artifactPath, Path target) {
    byte[] content =
        send("download artifact " + artifactPath, request(artifactUrlPath(artifactPath)).GET());
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Files.write(target, content);
    } catch (IOException e) {
      throw new ModelRegistryException("cannot write downloaded artifact to " + target, e);
    }
  }

  private static String artifactUrlPath(String artifactPath) {
    StringJoiner encoded = new StringJoiner("/", "/api/2.0/mlflow-artifacts/artifacts/", "");
    for (String segment : artifactPath.split("/", -1)) {
      encoded.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return encoded.toString();
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    String base = config.trackingUri().toString().replaceAll("/+$", "");
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(config.requestTimeout())
        .header("Content-Type", "application/json");
  }

  private byte[] send(String what, HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    HttpResponse<byte[]> response;
    try {
      response = retries.get(() -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
    } catch (FailsafeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new ModelRegistryException(
          what + " at " + config.trackingUri() + " failed after retries: " + cause, cause);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return response.body();
    }
    String body = new String(response.body(), StandardCharsets.UTF_8);
    String code = errorCode(body);
    String message =
        what + " at " + config.trackingUri() + " answered HTTP " + status + ": " + abbreviate(body);
    if (status == 404 || "RESOURCE_DOES_NOT_EXIST".equals(code)) {
      throw new RegistryEntryNotFoundException(message);
    }
    if ("RESOURCE_ALREADY_EXISTS".equals(code)) {
      throw new AlreadyExistsException(message);
    }
    if ("INVALID_PARAMETER_VALUE".equals(code)) {
      throw new IllegalArgumentException(message);
    }
    throw new ModelRegistryException(message);
  }

  /** MLflow answered RESOURCE_ALREADY_EXISTS. */
  static final class AlreadyExistsException extends ModelRegistryException {
    private static final long serialVersionUID = 1L;

    AlreadyExistsException(String message) {
      super(message);
    }
  }

  private static String errorCode(String body) {
    try {
      return JSON.readTree(body).path("error_code").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  private static JsonNode json(byte[] body) {
    try {
      return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw new ModelRegistryException("MLflow answered with something that is not JSON", e);
    }
  }

  private static HttpRequest.BodyPublisher jsonBody(Map<String, ?> body) {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode request body", e);
    }
  }

  private static String query(Map<String, String> parameters) {
    if (parameters.isEmpty()) {
      return "";
    }
    StringJoiner query = new StringJoiner("&", "?", "");
    parameters.forEach(
        (name, value) ->
            query.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return query.toString();
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
