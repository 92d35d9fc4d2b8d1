package dev.spamflow.core.drift;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Renders a {@link DriftReport} as one self-contained HTML page: the verdict, a chart of every
 * test's score against its threshold, the reference and current distribution of every column, and
 * the numbers in tables. Charts are PNGs inlined as data URIs, so the page opens anywhere, offline,
 * straight from the object store.
 */
public final class DriftReportHtml {

  private static final Color REFERENCE = new Color(0x4C72B0);
  private static final Color CURRENT = new Color(0xDD8452);
  private static final Color DRIFTED = new Color(0xC44E52);
  private static final Color STABLE = new Color(0x55A868);

  /** Strength shown at most in the overview chart: a tiny p-value would dwarf the rest. */
  private static final double MAX_STRENGTH = 5;

  private DriftReportHtml() {}

  /**
   * Renders the report.
   *
   * @param report the report
   * @return the HTML page
   */
  public static String render(DriftReport report) {
    StringBuilder html = new StringBuilder(64 * 1024);
    html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>spamflow drift report</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;")
        .append("padding:4px 8px;text-align:right}th{background:#f4f4f4}td:first-child,")
        .append("th:first-child{text-align:left}.drifted{color:#c44e52;font-weight:bold}")
        .append(".stable{color:#55a868}.charts img{margin:4px}</style></head><body>\n");
    boolean checked = DriftReport.CHECKED.equals(report.status());
    html.append("<h1>Drift report: ")
        .append(
            checked
                ? (report.drifted()
                    ? "<span class=\"drifted\">drifted</span>"
                    : "<span class=\"stable\">no drift</span>")
                : escape(report.status()))
        .append("</h1>\n");
    html.append("<p>Model ").append(escape(describe(report.model()))).append("; window ");
    html.append(escape(describe(report.window()))).append("; reference of ");
    html.append(report.referenceMessages()).append(" training messages.</p>\n");
    if (!checked) {
      html.append("<p>").append(escape(report.reason())).append("</p></body></html>\n");
      return html.toString();
    }
    html.append("<p>The window drifts when at least ")
        .append(report.embeddings() == null ? "-" : report.embeddings().votesNeeded())
        .append(" of the three embedding methods agree, or when at least ")
        .append(percent(report.features().driftShareThreshold()))
        .append(" of the columns drift. Here: ")
        .append(
            report.embeddings() == null
                ? "no embeddings"
                : report.embeddings().votes() + " embedding vote(s)")
        .append(", ")
        .append(percent(report.features().driftedShare()))
        .append(" of the columns.</p>\n");
    html.append("<h2>Every test against its threshold</h2>\n<p>")
        .append("Bar length is the strength of the evidence: score ÷ threshold for distances and")
        .append(" AUCs, threshold ÷ p-value for p-values (capped at ")
        .append((int) MAX_STRENGTH)
        .append("); past the line at 1 the test calls drift.</p>\n");
    html.append(image(overview(report), "every test against its threshold"));
    if (report.embeddings() != null) {
      html.append("<h2>Embeddings</h2>\n<p>")
          .append(report.embeddings().referenceRows())
          .append(" reference and ")
          .append(report.embeddings().currentRows())
          .append(" window embeddings.</p>\n<table><tr><th>method</th><th>metric</th>")
          .append("<th>score</th><th>threshold</th><th>verdict</th><th>how</th></tr>\n");
      for (DriftReport.Method method : report.embeddings().methods()) {
        html.append("<tr><td>")
            .append(method.method())
            .append("</td><td>")
            .append(method.metric())
            .append("</td><td>")
            .append(number(method.score()))
            .append("</td><td>")
            .append(number(method.threshold()))
            .append("</td>")
            .append(verdict(method.drifted()))
            .append("<td>")
            .append(escape(method.detail()))
            .append("</td></tr>\n");
      }
      html.append("</table>\n");
    }
    html.append("<h2>Columns</h2>\n<table><tr><th>column</th><th>test</th><th>score</th>")
        .append("<th>threshold</th><th>verdict</th><th>PSI</th><th>reference mean</th>")
        .append("<th>window mean</th></tr>\n");
    for (DriftReport.Column column : report.features().columns()) {
      html.append("<tr><td>")
          .append(column.feature())
          .append("</td><td>")
          .append(column.method())
          .append("</td><td>")
          .append(number(column.score()))
          .append("</td><td>")
          .append(number(column.threshold()))
          .append("</td>")
          .append(verdict(column.drifted()))
          .append("<td>")
          .append(number(column.psi()))
          .append("</td><td>")
          .append(number(column.reference().get("mean")))
          .append("</td><td>")
          .append(number(column.current().get("mean")))
          .append("</td></tr>\n");
    }
    html.append("</table>\n<div class=\"charts\">\n");
    for (DriftReport.Column column : report.features().columns()) {
      html.append(image(histogram(column), column.feature() + ": reference and window"));
    }
    html.append("</div>\n</body></html>\n");
    return html.toString();
  }

  private static byte[] overview(DriftReport report) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    List<Boolean> verdicts = new java.util.ArrayList<>();
    if (report.embeddings() != null) {
      for (DriftReport.Method method : report.embeddings().methods()) {
        boolean pValue = method.metric().contains("p_value");
        data.addValue(
            strength(method.score(), method.threshold(), pValue), "strength", method.method());
        verdicts.add(method.drifted());
      }
    }
    for (DriftReport.Column column : report.features().columns()) {
      boolean pValue = List.of("ks", "chisquare", "z").contains(column.method());
      data.addValue(
          strength(column.score(), column.threshold(), pValue),
          "strength",
          column.feature() + " (" + column.method() + ")");
      verdicts.add(column.drifted());
    }
    NumberAxis axis = new NumberAxis("strength (1 = threshold)");
    axis.setRange(0, MAX_STRENGTH);
    BarRenderer renderer =
        new BarRenderer() {
          @Override
          public java.awt.Paint getItemPaint(int row, int column) {
            return verdicts.get(column) ? DRIFTED : STABLE;
          }
        };
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(), axis, renderer);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    plot.addRangeMarker(new ValueMarker(1.0, Color.DARK_GRAY, new java.awt.BasicStroke(2f)));
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    return png(chart, 900, 60 + 26 * data.getColumnCount());
  }

  private static byte[] histogram(DriftReport.Column column) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    DriftReport.Histogram histogram = column.histogram();
    for (int i = 0; i < histogram.bins().size(); i++) {
      String bin = histogram.bins().get(i);
      data.addValue(histogram.reference().get(i), "reference", bin);
      data.addValue(histogram.current().get(i), "window", bin);
    }
    BarRenderer renderer = new BarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, REFERENCE);
    renderer.setSeriesPaint(1, CURRENT);
    renderer.setItemMargin(0);
    CategoryAxis bins = new CategoryAxis(column.feature());
    bins.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    CategoryPlot plot = new CategoryPlot(data, bins, new NumberAxis("share"), renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    String title =
        String.format(
            Locale.ROOT,
            "%s: %s %s (threshold %s)%s",
            column.feature(),
            column.method(),
            number(column.score()),
            number(column.threshold()),
            column.drifted() ? " — drifted" : "");
    JFreeChart chart =
        new JFreeChart(title, new java.awt.Font("SansSerif", java.awt.Font.BOLD, 13), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return png(chart, 520, 320);
  }

  private static double strength(double score, double threshold, boolean pValue) {
    double strength;
    if (pValue) {
      strength = score <= 0 ? MAX_STRENGTH : threshold / score;
    } else {
      strength = threshold <= 0 ? MAX_STRENGTH : score / threshold;
    }
    return Math.min(MAX_STRENGTH, strength);
  }

  private static byte[] png(JFreeChart chart, int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String image(byte[] png, String alt) {
    return "<img alt=\""
        + escape(alt)
        + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png)
        + "\">\n";
  }

  private static String verdict(boolean drifted) {
    return drifted ? "<td class=\"drifted\">drifted</td>" : "<td class=\"stable\">stable</td>";
  }

  private static String describe(Map<String, String> fields) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> field : new java.util.TreeMap<>(fields).entrySet()) {
      if (!out.isEmpty()) {
        out.append(", ");
      }
      out.append(field.getKey()).append(' ').append(field.getValue());
    }
    return out.toString();
  }

  private static String number(Double value) {
    if (value == null) {
      return "";
    }
    return String.format(Locale.ROOT, "%.4g", value);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f %%", 100 * share);
  }

  private static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
