package dev.spamflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.inference.InferenceServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code spamflow serve} parses its options into a running inference service. */
class ServeCommandTest {

  @Test
  void servesTheGivenBundleOnTheGivenPort(@TempDir Path dir) throws Exception {
    String[] args = {
      "serve",
      "--model",
      CliRun.SAVED_BUNDLE.toString(),
      "--port",
      "0",
      "--data-dir",
      dir.toString()
    };
    CommandLine.ParseResult parsed =
        SpamflowCli.commandLine(new SpamflowCli(), args).parseArgs(args);
    ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();

    try (InferenceServer server = serve.start()) {
      assertThat(server.awaitReady(Duration.ofSeconds(30))).isTrue();
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.uri() + "/api/predict"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"see you at 6\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"prediction\":\"ham\"");
    }
  }
}
