package dev.spamflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spamflow.core.serving.Prediction;
import dev.spamflow.core.serving.SpamPredictor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spamflow predict}: classifies one text, or one message per stdin line. */
@Command(
    name = "predict",
    description = {
      "Classifies messages with a model bundle. With --text, that one message;",
      "otherwise one message per line of standard input. One JSON object per line out."
    })
final class PredictCommand implements Callable<Integer> {

  /** Compact, one object per line: not the pretty printer used for bundle files. */
  private static final ObjectMapper JSON_LINES = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "Model bundle (directory or zip).")
  Path model;

  @Option(names = "--text", paramLabel = "TEXT", description = "The message to classify.")
  String text;

  @Override
  public Integer call() throws Exception {
    SpamPredictor predictor = SpamPredictor.load(model);
    PrintWriter out = spec.commandLine().getOut();
    if (text != null) {
      out.println(json(predictor.predict(text)));
      return 0;
    }
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.println(json(predictor.predict(line)));
      }
    }
    out.flush();
    return 0;
  }

  private static String json(Prediction prediction) throws Exception {
    ObjectNode node = JSON_LINES.createObjectNode();
    node.put("prediction", prediction.label().wireName());
    node.put("confidence", prediction.confidence());
    node.put("spamProbability", prediction.spamProbability());
    return JSON_LINES.writeValueAsString(node);
  }
}
