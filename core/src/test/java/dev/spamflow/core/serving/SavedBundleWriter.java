package dev.spamflow.core.serving;

import dev.spamflow.core.data.DataSplit;
import dev.spamflow.core.data.DatasetLoader;
import dev.spamflow.core.data.LoadedDataset;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.Splitter;
import dev.spamflow.core.model.HyperParameters;
import dev.spamflow.core.model.ModelBundle;
import dev.spamflow.core.model.SpamModelTraining;
import dev.spamflow.core.model.TrainingConfig;
import dev.spamflow.core.model.TrainingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a saved bundle of this build's format, {@code src/test/resources/bundles/sms-small-vN} for
 * {@code N = BundleManifest.FORMAT_VERSION}, and the spam probabilities it gives ({@code
 * sms-small-vN.expected.txt}), which {@link SavedEnsembleBundleTest} then pins. Run it by hand only
 * when the bundle format changes (and keep the old bundles: they are what deployed models look
 * like), from {@code core/}:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *   dev.spamflow.core.serving.SavedBundleWriter src/test/resources/bundles ../../shared/data
 * </pre>
 *
 * A tiny network and 2^14 n-gram buckets keep the bundle small enough for the repository.
 */
final class SavedBundleWriter {

  /** The file of a saved bundle's expected probabilities, beside its directory. */
  static String expectedFile(String bundle) {
    return bundle + ".expected.txt";
  }

  /** Messages of the recorded split's test part whose probabilities are pinned. */
  static final int PINNED = 200;

  static final HyperParameters TINY =
      new HyperParameters(8, 8, 0.1, 64, 2, 40, 2000, 1, 0.01, 0.0, 5L, 1);

  private SavedBundleWriter() {}

  public static void main(String[] args) throws IOException {
    Path resources = Path.of(args[0]);
    Path sms = Path.of(args[1]).resolve("sms-spam-collection/SMSSpamCollection");
    LoadedDataset dataset = DatasetLoader.load(List.of(sms));
    TrainingConfig config = TrainingConfig.of(TINY).with(TrainingConfig.DEFAULT_FOLDS, 2, 14);
    var model =
        SpamModelTraining.train(
            List.of("SMSSpamCollection"), dataset, config, TrainingListener.NONE);
    String name = "sms-small-v" + BundleManifest.FORMAT_VERSION;
    Path bundle = resources.resolve(name);
    ModelBundle.save(model, bundle);
    SpamPredictor predictor = SpamPredictor.load(bundle);
    List<String> lines = new ArrayList<>();
    for (Message message : pinned(dataset, predictor.manifest())) {
      lines.add(String.format(Locale.ROOT, "%.17g", predictor.spamProbability(message.text())));
    }
    Files.write(resources.resolve(expectedFile(name)), lines, StandardCharsets.UTF_8);
  }

  /** The first {@value #PINNED} messages of the test part the bundle recorded. */
  static List<Message> pinned(LoadedDataset dataset, BundleManifest manifest) {
    DataSplit split =
        Splitter.split(
            dataset.messages(),
            manifest.data().validationFraction(),
            manifest.data().testFraction(),
            manifest.data().splitSeed());
    return split.test().subList(0, PINNED);
  }
}
