package dev.spamflow.core.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The values SciPy and NumPy computed, written by {@code scripts/drift-fixture.py}. */
final class ScipyFixture {
  private static final JsonNode ROOT = load();

  private ScipyFixture() {}

  static JsonNode get(String section) {
    return ROOT.get(section);
  }

  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  static float[][] rows(JsonNode array) {
    float[][] out = new float[array.size()][];
    for (int i = 0; i < out.length; i++) {
      JsonNode row = array.get(i);
      out[i] = new float[row.size()];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = (float) row.get(j).asDouble();
      }
    }
    return out;
  }

  private static JsonNode load() {
    try (InputStream in = ScipyFixture.class.getResourceAsStream("/drift/scipy-fixture.json")) {
      if (in == null) {
        throw new IllegalStateException(
            "drift/scipy-fixture.json is missing from the test resources; run"
                + " scripts/drift-fixture.py");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
