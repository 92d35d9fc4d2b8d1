package dev.spamflow.inference.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.spamflow.inference.EmbeddedServiceTest;
import dev.spamflow.inference.TestBundles;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The live service against its own OpenAPI document, by a property-based API tester (schemathesis,
 * installed by {@code scripts/servers.sh}): it generates valid and invalid requests for every
 * documented operation from {@code /openapi.yaml} and checks that valid ones are accepted, invalid
 * ones refused, every answer is documented (status, headers, body schema), no answer is a server
 * error, and undeclared methods get 405 with {@code Allow}. So the document and the server cannot
 * drift apart in either direction.
 *
 * <p>The seed is random per run and printed; rerun one with {@code -Dspamflow.schemathesis.seed=N}.
 * The tester's settings are in {@code src/test/resources/schemathesis}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiConformanceIT extends EmbeddedServiceTest {

  private static final String TOKEN = "conformance-test-token";
  private static final Path SETTINGS = Path.of("src/test/resources/schemathesis");
  private static final int EXAMPLES = 100;

  @Override
  protected Map<String, String> extraProperties() {
    Path tokenFile = root.resolve("feedback-token");
    try {
      Files.writeString(tokenFile, TOKEN + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // A high cap: the tester posts many labels, and 429 is a documented answer it accepts anyway.
    return Map.of(
        "spamflow.inference.feedback.token-file",
        tokenFile.toString(),
        "spamflow.inference.feedback.max-per-hour",
        "100000");
  }

  @BeforeAll
  void registerAChampion() {
    register(TestBundles.saved(root.resolve("bundle")));
  }

  @Test
  void theServiceDoesExactlyWhatItsOpenApiDocumentSays() throws Exception {
    String schemathesis = System.getenv("SPAMFLOW_SCHEMATHESIS");
    assertThat(schemathesis)
        .as(
            "SPAMFLOW_SCHEMATHESIS names the schemathesis binary; run the tests through"
                + " scripts/test, or: source scripts/servers.sh && servers_install && servers_up")
        .isNotBlank();
    long seed =
        Long.getLong("spamflow.schemathesis.seed", new SecureRandom().nextLong() & Long.MAX_VALUE);
    String base = server.getURI().toString();
    Path output = Files.createTempFile(root, "schemathesis", ".txt");
    List<String> command =
        List.of(
            schemathesis,
            "--no-color",
            "--config-file",
            SETTINGS.resolve("schemathesis.toml").toString(),
            "run",
            base + "/openapi.yaml",
            "--url",
            base,
            "--header",
            "Authorization: Bearer " + TOKEN,
            "--seed",
            Long.toString(seed),
            "--max-examples",
            Integer.toString(EXAMPLES));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("SCHEMATHESIS_HOOKS", "spamflow_hooks");
    builder.environment().put("PYTHONPATH", SETTINGS.toAbsolutePath().toString());
    Process process = builder.start();
    boolean finished = process.waitFor(10, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String report = Files.readString(output, StandardCharsets.UTF_8);
    System.out.println("schemathesis, seed " + seed + ":\n" + report);

    assertThat(finished).as("schemathesis finished within 10 minutes").isTrue();
    assertThat(process.exitValue())
        .as(
            "schemathesis (seed %d; rerun with -Dspamflow.schemathesis.seed=%d) found:%n%s",
            seed, seed, report)
        .isZero();
    // It ran every operation of the document but GET /openapi.yaml, the document itself, which
    // schemathesis leaves out (OpenApiDocumentTest covers that route).
    assertThat(report).contains("Tested: " + (documentedOperations() - 1));
  }

  private int documentedOperations() throws IOException {
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("openapi/spamflow-inference.yaml")) {
      JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(in).get("paths");
      int operations = 0;
      for (JsonNode path : paths) {
        operations += path.size();
      }
      return operations;
    }
  }
}
