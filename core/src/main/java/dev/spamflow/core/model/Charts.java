package dev.spamflow.core.model;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws the pictures a bundle carries: training curves and the confusion matrix, as PNG. */
public final class Charts {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 600;

  private Charts() {}

  /**
   * Draws loss (training and validation) and validation F1 per epoch, the kept epoch marked.
   *
   * @param history the epochs, in order
   * @param bestEpoch the epoch whose weights were kept
   * @return PNG bytes
   */
  public static byte[] trainingCurves(List<EpochRecord> history, int bestEpoch) {
    XYSeries trainLoss = new XYSeries("training loss (mean over folds)");
    XYSeries validationLoss = new XYSeries("out-of-fold loss");
    XYSeries validationF1 = new XYSeries("out-of-fold LSTM spam F1 (threshold 0.5)");
    for (EpochRecord epoch : history) {
      trainLoss.add(epoch.epoch(), epoch.trainLoss());
      validationLoss.add(epoch.epoch(), epoch.validationLoss());
      validationF1.add(epoch.epoch(), epoch.validationF1());
    }
    XYSeriesCollection losses = new XYSeriesCollection();
    losses.addSeries(trainLoss);
    losses.addSeries(validationLoss);
    XYPlot lossPlot = new XYPlot(losses, null, new NumberAxis("cross-entropy"), lineRenderer());
    XYPlot f1Plot =
        new XYPlot(
            new XYSeriesCollection(validationF1), null, new NumberAxis("spam F1"), lineRenderer());
    NumberAxis f1Axis = (NumberAxis) f1Plot.getRangeAxis();
    f1Axis.setAutoRangeIncludesZero(false);

    NumberAxis epochs = new NumberAxis("epoch");
    epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
    plot.add(lossPlot, 3);
    plot.add(f1Plot, 2);
    plot.setGap(12);
    if (bestEpoch > 0) {
      for (XYPlot sub : List.of(lossPlot, f1Plot)) {
        sub.addDomainMarker(new ValueMarker(bestEpoch, Color.GRAY, dashed()));
      }
    }
    JFreeChart chart =
        new JFreeChart(
            "LSTM cross-validation curves (dashed line: chosen epochs " + bestEpoch + ")",
            JFreeChart.DEFAULT_TITLE_FONT,
            plot,
            true);
    chart.setBackgroundPaint(Color.WHITE);
    return png(chart, WIDTH, HEIGHT);
  }

  /**
   * Draws a 2×2 confusion matrix with counts and row percentages.
   *
   * @param metrics metrics holding the four counts
   * @param title what the matrix is of, e.g. "test split"
   * @return PNG bytes
   */
  public static byte[] confusionMatrix(Metrics metrics, String title) {
    // Cells: x = predicted (0 ham, 1 spam), y = actual (0 ham, 1 spam).
    long[][] counts = {
      {metrics.trueNegatives(), metrics.falsePositives()},
      {metrics.falseNegatives(), metrics.truePositives()}
    };
    double[] xs = new double[4];
    double[] ys = new double[4];
    double[] zs = new double[4];
    int cell = 0;
    for (int actual = 0; actual < 2; actual++) {
      long rowTotal = counts[actual][0] + counts[actual][1];
      for (int predicted = 0; predicted < 2; predicted++) {
        xs[cell] = predicted;
        ys[cell] = actual;
        zs[cell] = rowTotal == 0 ? 0 : (double) counts[actual][predicted] / rowTotal;
        cell++;
      }
    }
    DefaultXYZDataset dataset = new DefaultXYZDataset();
    dataset.addSeries("share of actual class", new double[][] {xs, ys, zs});

    XYBlockRenderer renderer = new XYBlockRenderer();
    LookupPaintScale scale = new LookupPaintScale(0, 1.0001, Color.WHITE);
    for (int step = 0; step <= 10; step++) {
      int shade = 255 - step * 18;
      scale.add(step / 10.0, new Color(shade, shade, 255));
    }
    renderer.setPaintScale(scale);

    SymbolAxis predictedAxis = new SymbolAxis("predicted", new String[] {"ham", "spam"});
    SymbolAxis actualAxis = new SymbolAxis("actual", new String[] {"ham", "spam"});
    Font axisFont = new Font(Font.SANS_SERIF, Font.PLAIN, 18);
    for (SymbolAxis axis : List.of(predictedAxis, actualAxis)) {
      axis.setTickLabelFont(axisFont);
      axis.setLabelFont(axisFont);
    }
    XYPlot plot = new XYPlot(dataset, predictedAxis, actualAxis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    Font font = new Font(Font.SANS_SERIF, Font.BOLD, 22);
    for (int i = 0; i < 4; i++) {
      long count = counts[(int) ys[i]][(int) xs[i]];
      XYTextAnnotation label =
          new XYTextAnnotation(
              String.format(Locale.ROOT, "%d (%.1f %%)", count, 100 * zs[i]), xs[i], ys[i]);
      label.setFont(font);
      plot.addAnnotation(label);
    }
    JFreeChart chart =
        new JFreeChart(
            String.format(
                Locale.ROOT,
                "Confusion matrix, %s (threshold %.3f): F1 %.3f, blocked ham %.2f %%",
                title,
                metrics.threshold(),
                metrics.f1(),
                100 * metrics.blockedHamRate()),
            new Font(Font.SANS_SERIF, Font.BOLD, 16),
            plot,
            false);
    chart.setBackgroundPaint(Color.WHITE);
    return png(chart, 760, 640);
  }

  private static XYLineAndShapeRenderer lineRenderer() {
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int series = 0; series < 3; series++) {
      renderer.setSeriesStroke(series, new BasicStroke(2f));
    }
    return renderer;
  }

  private static BasicStroke dashed() {
    return new BasicStroke(
        1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f);
  }

  private static byte[] png(JFreeChart chart, int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException("could not render chart " + chart.getTitle().getText(), e);
    }
    return out.toByteArray();
  }
}
