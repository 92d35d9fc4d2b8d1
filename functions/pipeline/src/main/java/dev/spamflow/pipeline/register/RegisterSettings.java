package dev.spamflow.pipeline.register;

import dev.spamflow.core.port.RegistryNames;
import dev.spamflow.core.serving.BundleManifest;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the register stage can be told; the gate's rule is stated on {@link RegisterFunction}.
 *
 * @param model the registered model's name
 * @param alias the alias the gate moves
 * @param f1Tolerance how far below the champion's test F1 a candidate's may be and still win, so a
 *     retrain on new data is not refused over noise
 * @param blockedHamCeiling the largest share of test ham a candidate may call spam
 * @param tempDirectory where bundles and the test part are staged
 */
public record RegisterSettings(
    String model, String alias, double f1Tolerance, double blockedHamCeiling, Path tempDirectory) {

  /** The alias the gate moves unless told otherwise. */
  public static final String CHAMPION = "champion";

  /**
   * {@code spam-detector}, alias {@code champion}, F1 tolerance 0.002, blocked-ham ceiling 1 % and
   * staging in {@code java.io.tmpdir}. The ceiling is looser than the 0.3 % each threshold is
   * chosen under on validation: a test part holds some hundreds of ham, so one or two blocked ones
   * are sampling noise, while a model past 1 % is plainly off.
   */
  public static final RegisterSettings DEFAULT =
      new RegisterSettings(
          BundleManifest.MODEL_NAME,
          CHAMPION,
          0.002,
          0.01,
          Path.of(System.getProperty("java.io.tmpdir")));

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException for an invalid name or alias, or a bound out of [0, 1)
   */
  public RegisterSettings {
    if (model == null || !RegistryNames.NAME.matcher(model).matches()) {
      throw new IllegalArgumentException("model must match " + RegistryNames.NAME + ": " + model);
    }
    if (alias == null || !RegistryNames.ALIAS.matcher(alias).matches()) {
      throw new IllegalArgumentException("alias must match " + RegistryNames.ALIAS + ": " + alias);
    }
    if (!(f1Tolerance >= 0 && f1Tolerance < 1)) {
      throw new IllegalArgumentException("f1Tolerance must be in [0, 1) but was " + f1Tolerance);
    }
    if (!(blockedHamCeiling >= 0 && blockedHamCeiling < 1)) {
      throw new IllegalArgumentException(
          "blockedHamCeiling must be in [0, 1) but was " + blockedHamCeiling);
    }
    Objects.requireNonNull(tempDirectory, "tempDirectory");
  }

  /**
   * Returns these settings staging in another folder.
   *
   * @param directory the folder
   * @return a copy
   */
  public RegisterSettings withTempDirectory(Path directory) {
    return new RegisterSettings(model, alias, f1Tolerance, blockedHamCeiling, directory);
  }
}
