package dev.spamflow.cli;

import dev.spamflow.inference.InferenceOptions;
import dev.spamflow.inference.InferenceServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spamflow serve}: the inference service alone, on a bundle or the configured registry. */
@Command(
    name = "serve",
    description = {
      "Runs the inference HTTP service (POST /api/predict, Open Inference Protocol v2 under /v2,",
      "GET /metrics, GET /openapi.yaml). With --model it serves that bundle; otherwise it serves",
      "the registry's champion (SPAMFLOW_MLFLOW_URI, else the embedded registry under",
      "--data-dir / SPAMFLOW_LOCAL_DIR) and follows its promotions. Runs until Ctrl-C."
    })
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description = "Model bundle (directory or zip) to serve instead of the registry's champion.")
  Path model;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "HTTP port; 0 picks a free one (default: $PORT, else 8080).")
  Integer port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Use the embedded store and registry in this folder, as 'spamflow up' keeps them"
              + " (default: chosen from the environment).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    InferenceServer server = start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // Stops taking requests and flushes the prediction log before the JVM exits.
                  server.close();
                  stopped.countDown();
                },
                "spamflow-serve-shutdown"));
    out.println("spamflow serve: listening on " + server.uri() + " (Ctrl-C stops)");
    out.flush();
    stopped.await();
    return 0;
  }

  /** Starts the service the options describe; the caller closes it. */
  InferenceServer start() {
    InferenceOptions options =
        dataDir != null ? InferenceOptions.embedded(dataDir) : InferenceOptions.fromEnvironment();
    if (model != null) {
      options = options.withModel(model);
    }
    if (port != null) {
      options = options.withPort(port);
    }
    return InferenceServer.start(options);
  }
}
