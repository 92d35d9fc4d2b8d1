package dev.spamflow.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The hand-written OpenAPI document and the controllers describe the same API: a route added
 * without documenting it, or a documented route that is gone, fails here.
 */
@MicronautTest(startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest implements TestPropertyProvider {

  @Inject Router router;

  @Override
  public Map<String, String> getProperties() {
    // The model watcher starts with the context: keep its registry out of the working folder.
    try {
      return Map.of(
          "spamflow.inference.backends", "embedded",
          "spamflow.inference.local-dir", Files.createTempDirectory("spamflow-openapi").toString(),
          "spamflow.inference.poll-interval", "0s");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode document() throws IOException {
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("openapi/spamflow-inference.yaml")) {
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    }
  }

  /**
   * The document's NonBlankText pattern, as JSON Schema applies it (a search, not a full match),
   * accepts exactly the texts the service does: those for which {@link String#isBlank} is false.
   * Checked for every code point alone and within whitespace.
   */
  @Test
  void theNonBlankTextPatternIsExactlyTheServicesBlankTest() throws IOException {
    Pattern nonBlank =
        Pattern.compile(document().at("/components/schemas/NonBlankText/pattern").asText());
    for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
      if (Character.isSurrogate((char) c) && c <= Character.MAX_VALUE) {
        continue;
      }
      String alone = Character.toString(c);
      String padded = " \t" + alone + "\u3000";
      assertThat(nonBlank.matcher(alone).find()).as("U+%04X", c).isEqualTo(!alone.isBlank());
      assertThat(nonBlank.matcher(padded).find())
          .as("U+%04X padded", c)
          .isEqualTo(!padded.isBlank());
    }
    assertThat(nonBlank.matcher("").find()).isFalse();
  }

  @Test
  void documentsExactlyTheRoutesServed() throws Exception {
    JsonNode document = document();
    Set<String> documented = new TreeSet<>();
    document
        .get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method ->
                            documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));

    Set<String> served = new TreeSet<>();
    router
        .uriRoutes()
        .map(UriRouteInfo.class::cast)
        // Micronaut answers HEAD for every GET on its own; the document lists the GETs.
        .filter(route -> !route.getHttpMethodName().equals("HEAD"))
        .forEach(
            route ->
                served.add(
                    route.getHttpMethodName() + " " + route.getUriMatchTemplate().toString()));

    assertThat(documented).isEqualTo(served);
  }
}
