package dev.spamflow.core.serving;

import java.util.Arrays;
import java.util.Objects;

/**
 * The trained network's forward pass in plain Java: embedding → LSTM → last hidden state → softmax
 * over {ham, spam}, equal to DL4J's output within 1e-5 (see {@code FastLstmParityTest}).
 *
 * <p>Two things make it fast. The embedding row and the LSTM input projection depend only on the
 * token id, so {@code embedding[id] · inputWeights + bias} is computed once per vocabulary id, on
 * the first call (a {@code [vocabularySize][4 * units]} table; not at construction, so that a
 * bundle whose ensemble gives the LSTM no weight never pays for it); each time step then costs the
 * recurrent product {@code h · recurrentWeights} added to the token's table row. The recurrent
 * weights are kept as one float array per row, so that the inner loops run over contiguous floats
 * and C2 vectorises them. The product is bound by loads and stores rather than arithmetic, so it
 * takes eight rows per pass (the gate sums are read and written once per pass) with fused
 * multiply-adds. The activations are a vectorisable approximation instead of {@link Math#tanh}
 * calls, and nothing is allocated per step.
 *
 * <p>The LSTM follows DL4J's {@code LSTMHelpers}: gate columns [block input | forget | output |
 * input modulation], {@code c = forget ⊙ c_prev + modulation ⊙ tanh(blockInput)}, {@code h = output
 * ⊙ tanh(c)}, gates through a sigmoid. Like DL4J it computes in float (the final logit in double);
 * the recurrent product's sums are grouped differently and partly fused, so it rounds differently.
 * tanh and the sigmoid use a vectorisable rational approximation within 3e-7 of the exact
 * functions; the spam probability stays within ~2e-7 of DL4J's (measured on trained and on large
 * random weights, up to 100 steps).
 *
 * <p>Immutable and thread-safe: each call allocates its own small scratch arrays.
 */
public final class FastLstmClassifier {

  /**
   * The id an empty message is scored as: the vocabulary encodes empty text as one
   * out-of-vocabulary token, so a length of 0 means the same thing.
   */
  public static final int OOV_ID = 1;

  /** Recurrent rows the product takes per pass over the gates. */
  private static final int ROWS_PER_PASS = 8;

  private static final int[] EMPTY_MESSAGE = {OOV_ID};

  private final LstmWeights weights;
  private final int vocabularySize;
  private final int units;
  private final int gates;

  /**
   * Row {@code id}: embedding[id] · inputWeights + bias, {@code gates} floats; null until the first
   * call needs it (see {@link #inputTable()}).
   */
  private volatile float[][] inputRows;

  /** {@code [units][gates]}: row k is what h[k] adds to every gate. */
  private final float[][] recurrentRows;

  /** Per gate column: 1 for the block input (tanh), 0.5 for the sigmoid gates. */
  private final float[] activationScale;

  /** Per unit, spam weight minus ham weight: a two-class softmax is a sigmoid of their gap. */
  private final double[] logitWeights;

  private final double logitBias;

  /**
   * Prepares the recurrent and output weights; the input table (about 50 M multiply-adds for 8k
   * ids, 32 dims and 50 units, some 50 ms of a cold start) waits for the first call.
   *
   * @param weights the trained parameters; read here and not modified, and the classifier keeps its
   *     own derived arrays, so later changes to them do not reach it
   */
  public FastLstmClassifier(LstmWeights weights) {
    this.weights = Objects.requireNonNull(weights, "weights");
    this.vocabularySize = weights.vocabularySize();
    this.units = weights.units();
    this.gates = 4 * units;
    this.recurrentRows = new float[units][];
    for (int k = 0; k < units; k++) {
      recurrentRows[k] = Arrays.copyOfRange(weights.recurrentWeights(), k * gates, (k + 1) * gates);
    }
    this.activationScale = new float[gates];
    Arrays.fill(activationScale, 0, units, 1f);
    Arrays.fill(activationScale, units, gates, 0.5f);
    float[] out = weights.outputWeights();
    this.logitWeights = new double[units];
    for (int k = 0; k < units; k++) {
      logitWeights[k] = (double) out[2 * k + 1] - out[2 * k];
    }
    this.logitBias = (double) weights.outputBias()[1] - weights.outputBias()[0];
  }

  /** The input table, built by the first caller that needs it; later calls read it. */
  private float[][] inputTable() {
    float[][] table = inputRows;
    if (table == null) {
      synchronized (this) {
        table = inputRows;
        if (table == null) {
          table = inputRows(weights);
          inputRows = table;
        }
      }
    }
    return table;
  }

  private static float[][] inputRows(LstmWeights weights) {
    int vocabulary = weights.vocabularySize();
    int dims = weights.embeddingDim();
    int gates = 4 * weights.units();
    float[] embedding = weights.embedding();
    float[] input = weights.inputWeights();
    float[] bias = weights.bias();
    float[][] rows = new float[vocabulary][];
    // Float, like DL4J's matmul: twice the vector lanes of double, which matters on a cold start.
    for (int id = 0; id < vocabulary; id++) {
      float[] row = Arrays.copyOf(bias, gates);
      for (int e = 0; e < dims; e++) {
        addScaled(row, embedding[id * dims + e], input, e * gates);
      }
      rows[id] = row;
    }
    return rows;
  }

  /**
   * {@code row += x · input[offset ..]}: a small method, which the JIT compiles early on a cold
   * start.
   */
  private static void addScaled(float[] row, float x, float[] input, int offset) {
    for (int j = 0; j < row.length; j++) {
      row[j] += x * input[offset + j];
    }
  }

  /** Returns the weights this classifier was built from. */
  public LstmWeights weights() {
    return weights;
  }

  /** Returns the number of token ids accepted: valid ids are {@code 0 .. vocabularySize - 1}. */
  public int vocabularySize() {
    return vocabularySize;
  }

  /**
   * Scores a whole encoded message.
   *
   * @param tokenIds the message's token ids
   * @return the spam probability, in [0, 1]
   * @throws IllegalArgumentException when an id is outside {@code 0 .. vocabularySize - 1}
   */
  public double spamProbability(int[] tokenIds) {
    return spamProbability(tokenIds, tokenIds.length);
  }

  /**
   * Scores the first {@code length} ids of an encoded message (a padded buffer can be passed as
   * is). A length of 0 is scored as a single {@link #OOV_ID}, which is how the vocabulary encodes
   * an empty text.
   *
   * @param tokenIds the message's token ids, at least {@code length} of them
   * @param length how many ids to read
   * @return the spam probability, in [0, 1]
   * @throws IllegalArgumentException when {@code length} is negative or beyond the array, or an id
   *     is outside {@code 0 .. vocabularySize - 1}
   */
  public double spamProbability(int[] tokenIds, int length) {
    return sigmoid(new Scratch(units).logit(tokenIds, length));
  }

  /**
   * Returns the logit of the spam probability (spam score minus ham score before the softmax) of
   * the first {@code length} ids: what an ensemble combines, since it stays finite where the
   * probability rounds to 0 or 1.
   *
   * @param tokenIds the message's token ids, at least {@code length} of them
   * @param length how many ids to read; 0 is scored as a single {@link #OOV_ID}
   * @return the logit; {@code spamProbability} is its logistic sigmoid
   * @throws IllegalArgumentException when {@code length} is negative or beyond the array, or an id
   *     is outside {@code 0 .. vocabularySize - 1}
   */
  public double spamLogit(int[] tokenIds, int length) {
    return new Scratch(units).logit(tokenIds, length);
  }

  /**
   * Scores many encoded messages, each in full, on the calling thread.
   *
   * @param messages token ids of each message
   * @param out receives the spam probability of {@code messages[i]} at index {@code i}
   * @throws IllegalArgumentException when {@code out} is shorter than {@code messages}, or an id is
   *     outside {@code 0 .. vocabularySize - 1}
   */
  public void spamProbabilities(int[][] messages, double[] out) {
    if (out.length < messages.length) {
      throw new IllegalArgumentException(
          "out has room for " + out.length + " results, " + messages.length + " messages given");
    }
    Scratch scratch = new Scratch(units);
    for (int i = 0; i < messages.length; i++) {
      out[i] = sigmoid(scratch.logit(messages[i], messages[i].length));
    }
  }

  /**
   * Scores many encoded messages, each in full, on the calling thread.
   *
   * @param messages token ids of each message
   * @return the spam probability of each message, in order
   * @throws IllegalArgumentException when an id is outside {@code 0 .. vocabularySize - 1}
   */
  public double[] spamProbabilities(int[][] messages) {
    double[] out = new double[messages.length];
    spamProbabilities(messages, out);
    return out;
  }

  /**
   * Returns the message's embedding for drift detection: the LSTM's hidden state averaged over the
   * time steps ("mean-pooled"), the same states the classifier's last step is read from. An average
   * over the whole message describes all of it, where the last state mostly describes its end.
   *
   * @param tokenIds the message's token ids, at least {@code length} of them
   * @param length how many ids to read; 0 is read as a single {@link #OOV_ID}
   * @return {@code units} floats
   * @throws IllegalArgumentException when {@code length} is negative or beyond the array, or an id
   *     is outside {@code 0 .. vocabularySize - 1}
   */
  public float[] meanHiddenState(int[] tokenIds, int length) {
    float[] sum = new float[units];
    Scratch scratch = new Scratch(units);
    int steps = scratch.run(tokenIds, length, sum);
    for (int k = 0; k < units; k++) {
      sum[k] /= steps;
    }
    return sum;
  }

  /** Returns the number of LSTM units: the length of {@link #meanHiddenState}. */
  public int units() {
    return units;
  }

  private static double sigmoid(double logit) {
    return 1.0 / (1.0 + Math.exp(-logit));
  }

  /** One call's state: kept off the shared object so that concurrent calls never meet. */
  private final class Scratch {
    private final float[][] rows = inputTable();
    private final float[] z;
    private final float[] h;
    private final float[] c;
    private final float[] tanhC;

    Scratch(int units) {
      z = new float[4 * units];
      h = new float[units];
      c = new float[units];
      tanhC = new float[units];
    }

    double logit(int[] tokenIds, int length) {
      run(tokenIds, length, null);
      double logit = logitBias;
      for (int k = 0; k < units; k++) {
        logit += logitWeights[k] * h[k];
      }
      return logit;
    }

    /**
     * Runs the LSTM over the ids, leaving the last hidden state in {@code h}; adds every step's
     * hidden state to {@code stateSum} when it is not null. Returns the number of steps run.
     */
    int run(int[] tokenIds, int length, float[] stateSum) {
      if (length < 0 || length > tokenIds.length) {
        throw new IllegalArgumentException(
            "length " + length + " outside 0.." + tokenIds.length + " (the ids given)");
      }
      int[] ids = length == 0 ? EMPTY_MESSAGE : tokenIds;
      int steps = Math.max(1, length);
      for (int t = 0; t < steps; t++) {
        int id = ids[t];
        if (id < 0 || id >= vocabularySize) {
          throw new IllegalArgumentException(
              "token id " + id + " at position " + t + " outside 0.." + (vocabularySize - 1));
        }
      }
      Arrays.fill(h, 0f);
      Arrays.fill(c, 0f);
      for (int t = 0; t < steps; t++) {
        step(ids[t], t > 0);
        if (stateSum != null) {
          for (int k = 0; k < units; k++) {
            stateSum[k] += h[k];
          }
        }
      }
      return steps;
    }

    /*
     * The loops that matter are written so that C2's auto-vectoriser takes them: each reads and
     * writes its arrays at the same index j. Indexing one array at j and another at j + offset
     * stops it (it cannot rule out that they are the same array), which is why the recurrent
     * matrix is kept as rows and the 50-element element-wise loops stay scalar.
     */
    private void step(int id, boolean hasState) {
      final int g = gates;
      final int u = units;
      final float[] zz = z;
      final float[] in = rows[id];
      int k = 0;
      if (hasState && u >= ROWS_PER_PASS) {
        // The first pass starts from the token's row instead of a copy of it.
        addEightRows(in, zz, 0);
        k = ROWS_PER_PASS;
      } else {
        System.arraycopy(in, 0, zz, 0, g);
      }
      if (hasState) {
        // Eight rows per pass: an eighth of the loads and stores of zz.
        for (; k + ROWS_PER_PASS <= u; k += ROWS_PER_PASS) {
          addEightRows(zz, zz, k);
        }
        final float[] hh = h;
        for (; k < u; k++) {
          float hk = hh[k];
          float[] row = recurrentRows[k];
          for (int j = 0; j < g; j++) {
            zz[j] = Math.fma(hk, row[j], zz[j]);
          }
        }
      }
      // Block input: tanh(x). Gates: sigmoid(x) = 0.5 tanh(x / 2) + 0.5. One vector loop for all.
      final float[] scale = activationScale;
      for (int j = 0; j < g; j++) {
        float sj = scale[j];
        zz[j] = sj * tanh(sj * zz[j]) + (1f - sj);
      }
      final float[] cc = c;
      for (int j = 0; j < u; j++) {
        cc[j] = zz[u + j] * cc[j] + zz[3 * u + j] * zz[j];
      }
      final float[] tc = tanhC;
      for (int j = 0; j < u; j++) {
        tc[j] = tanh(cc[j]);
      }
      final float[] hh = h;
      for (int j = 0; j < u; j++) {
        hh[j] = zz[2 * u + j] * tc[j];
      }
    }

    /**
     * {@code out[j] = from[j] + Σ h[k + i] · recurrentRows[k + i][j]} over eight rows, summed in
     * pairs. The h values and rows are read into locals first: {@code out} may be any float array
     * as far as C2 knows, so it would otherwise read them again after every store.
     */
    private void addEightRows(float[] from, float[] out, int k) {
      final float[] hh = h;
      final float[][] rows = recurrentRows;
      final float h0 = hh[k];
      final float h1 = hh[k + 1];
      final float h2 = hh[k + 2];
      final float h3 = hh[k + 3];
      final float h4 = hh[k + 4];
      final float h5 = hh[k + 5];
      final float h6 = hh[k + 6];
      final float h7 = hh[k + 7];
      final float[] r0 = rows[k];
      final float[] r1 = rows[k + 1];
      final float[] r2 = rows[k + 2];
      final float[] r3 = rows[k + 3];
      final float[] r4 = rows[k + 4];
      final float[] r5 = rows[k + 5];
      final float[] r6 = rows[k + 6];
      final float[] r7 = rows[k + 7];
      for (int j = 0; j < gates; j++) {
        out[j] =
            from[j]
                + ((Math.fma(h1, r1[j], h0 * r0[j]) + Math.fma(h3, r3[j], h2 * r2[j]))
                    + (Math.fma(h5, r5[j], h4 * r4[j]) + Math.fma(h7, r7[j], h6 * r6[j])));
      }
    }
  }

  /**
   * tanh in float as a rational function (the minimax fit Eigen uses for {@code tanh<float>}),
   * clamped where tanh rounds to ±1 in float. Unlike {@link Math#tanh} (~30 ns here, a call C2
   * cannot vectorise) it is a dozen multiply-adds and a division that vectorise. Its largest error
   * against {@link Math#tanh} is under 3e-7, a few float ulps (see {@code FastLstmClassifierTest}).
   */
  static float tanh(float a) {
    float x = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, a));
    float x2 = x * x;
    float p = Math.fma(x2, -2.7607684e-16f, 2.000188e-13f);
    p = Math.fma(x2, p, -8.604672e-11f);
    p = Math.fma(x2, p, 5.1222973e-8f);
    p = Math.fma(x2, p, 1.48572235e-5f);
    p = Math.fma(x2, p, 6.3726195e-4f);
    p = Math.fma(x2, p, 4.8935246e-3f);
    float q = Math.fma(x2, 1.1982584e-6f, 1.1853471e-4f);
    q = Math.fma(x2, q, 2.2684347e-3f);
    q = Math.fma(x2, q, 4.893525e-3f);
    return x * p / q;
  }

  private static final float TANH_CLAMP = 7.905311f;
}
