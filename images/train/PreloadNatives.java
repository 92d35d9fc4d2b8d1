import org.nd4j.linalg.factory.Nd4j;

/**
 * Build-time helper of images/train/Dockerfile: one small ND4J operation makes JavaCPP extract
 * every native library the CPU backend loads into {@code org.bytedeco.javacpp.cachedir}, so the
 * image starts without unpacking them.
 */
public final class PreloadNatives {
  private PreloadNatives() {}

  /** Loads the backend and checks one result, so a broken native library fails the image build. */
  public static void main(String[] args) {
    double sum = Nd4j.create(new double[] {1, 2, 3}).sumNumber().doubleValue();
    if (sum != 6.0) {
      throw new IllegalStateException("ND4J computed " + sum + " for 1 + 2 + 3");
    }
    System.err.println("ND4J backend " + Nd4j.getBackend().getClass().getSimpleName() + " loaded");
  }
}
