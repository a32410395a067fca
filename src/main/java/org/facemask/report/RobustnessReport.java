package org.facemask.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.facemask.image.ImagePreprocessor;
import org.facemask.robustness.Robustness;
import org.facemask.robustness.RobustnessResult;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The robustness report as one self-contained HTML page: accuracy against strength for each
 * camera condition, the covered-mouth test, the group table with Wilson intervals and flags, and
 * one face shown under every condition.
 */
public final class RobustnessReport {

    private static final double MILD_DROP = 0.02;
    private static final int EXAMPLE_PX = 88;
    private static final Map<String, String> UNITS = Map.of("jpeg", "JPEG quality", "blur", "Gaussian σ (px)",
            "noise", "noise σ (0-255)", "brightness", "brightness change (%)", "contrast", "contrast kept (%)",
            "downscale", "shorter side (px) before scaling back", "rotation", "rotation (°)", "grayscale", "grayscale");
    private static final String CSS = """
            body{font:14px/1.45 system-ui,sans-serif;color:#222;margin:0 auto;max-width:1180px;padding:16px 24px}
            h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:2em}.muted{color:#777}
            table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ddd;padding:3px 8px}
            th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
            tr.bad td{background:#fff3f3}.charts{display:flex;flex-wrap:wrap;gap:8px}
            figure{margin:0;text-align:center;font-size:12px}figure img{display:block;border:1px solid #eee}
            """;

    private RobustnessReport() {}

    /**
     * Writes the HTML report.
     *
     * @param result the measurement
     * @param out the HTML file; missing parent folders are created
     * @throws IOException if the file cannot be written or the example face cannot be read
     */
    public static void writeHtml(RobustnessResult result, Path out) throws IOException {
        StringBuilder html = new StringBuilder(1 << 18);
        String title = "Robustness: " + result.model();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(DriftReport.esc(title)).append("</title><style>").append(CSS).append("</style></head><body>\n")
                .append("<h1>").append(DriftReport.esc(title)).append("</h1>\n<p class=\"muted\">")
                .append(DriftReport.esc(String.format(Locale.ROOT, "%d faces from %s; seed %d%s.", result.clean().n(),
                        String.join(", ", result.sources().keySet()), result.seed(),
                        result.limit() > 0 ? ", at most " + result.limit() + " per class and source" : "")))
                .append("</p>\n");
        try {
            conditions(html, result);
            occlusion(html, result.occlusion());
            groups(html, result);
            examples(html, result);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        html.append("</body></html>\n");
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, html.toString(), StandardCharsets.UTF_8);
    }

    private static void conditions(StringBuilder html, RobustnessResult result) {
        RobustnessResult.Scores clean = result.clean();
        html.append("<h2>Camera conditions</h2>\n<p class=\"muted\">Accuracy is the argmax over the model's classes;"
                + " mask-or-not counts mask_incorrect as not protected; ECE over 15 bins. A row is marked when the"
                + " strength is mild (JPEG ≥ 30, blur σ ≤ 1.5 px, brightness ±30 %, downscale to 32 px) and accuracy"
                + " drops more than 2 points below clean.</p>\n<div class=\"charts\">");
        Map<String, List<RobustnessResult.Degraded>> byName = new LinkedHashMap<>();
        result.perturbations().forEach(p -> byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p));
        byName.forEach((name, levels) -> {
            if (levels.size() > 1) {
                html.append("<img alt=\"").append(DriftReport.esc(name)).append("\" src=\"")
                        .append(curve(name, levels, clean)).append("\">");
            }
        });
        html.append("</div>\n<table><tr><th>condition</th><th>level</th><th>accuracy</th><th>Δ</th>"
                + "<th>mask-or-not</th><th>Δ</th><th>ECE</th><th>n</th></tr>\n");
        html.append("<tr><td>clean</td><td></td>").append(num(clean.accuracy())).append("<td></td>")
                .append(num(clean.maskOrNotAccuracy())).append("<td></td>").append(num(clean.ece()))
                .append("<td class=\"n\">").append(clean.n()).append("</td></tr>\n");
        for (RobustnessResult.Degraded p : result.perturbations()) {
            double drop = clean.accuracy() - p.scores().accuracy();
            boolean bad = Robustness.mild(p.name(), p.level()) && drop > MILD_DROP;
            html.append(bad ? "<tr class=\"bad\">" : "<tr>").append("<td>").append(DriftReport.esc(p.name()))
                    .append(Robustness.mild(p.name(), p.level()) ? " (mild)" : "").append("</td>")
                    .append("<td class=\"n\">").append(level(p.level())).append("</td>")
                    .append(num(p.scores().accuracy())).append(delta(p.scores().accuracy() - clean.accuracy()))
                    .append(num(p.scores().maskOrNotAccuracy()))
                    .append(delta(p.scores().maskOrNotAccuracy() - clean.maskOrNotAccuracy()))
                    .append(num(p.scores().ece())).append("<td class=\"n\">").append(p.scores().n())
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String curve(String name, List<RobustnessResult.Degraded> levels, RobustnessResult.Scores clean) {
        XYSeries accuracy = new XYSeries("accuracy");
        XYSeries maskOrNot = new XYSeries("mask-or-not");
        XYSeries cleanLine = new XYSeries("clean accuracy");
        for (RobustnessResult.Degraded p : levels) {
            accuracy.add(p.level(), p.scores().accuracy());
            maskOrNot.add(p.level(), p.scores().maskOrNotAccuracy());
        }
        cleanLine.add(accuracy.getMinX(), clean.accuracy());
        cleanLine.add(accuracy.getMaxX(), clean.accuracy());
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(accuracy);
        data.addSeries(maskOrNot);
        data.addSeries(cleanLine);
        JFreeChart chart = ChartFactory.createXYLineChart(name, UNITS.getOrDefault(name, name), "accuracy", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x1f77b4));
        renderer.setSeriesPaint(1, new Color(0xff7f0e));
        renderer.setSeriesPaint(2, Color.GRAY);
        renderer.setSeriesShapesVisible(2, false);
        renderer.setSeriesStroke(2, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        plot.setRenderer(renderer);
        return ChartImages.dataUri(chart, 370, 260);
    }

    private static void occlusion(StringBuilder html, RobustnessResult.Occlusion o) {
        html.append("<h2>Covered mouth</h2>\n<p class=\"muted\">Unmasked faces with a skin-coloured (the face's own"
                + " cheek colour) or cloth-coloured patch over mouth and nose: the share the model calls"
                + " <code>mask</code> (argmax), with its Wilson 95 % interval. Goal: at most 10 %.</p>\n")
                .append("<table><tr><th>faces</th><th>as they are</th><th>skin patch</th><th>cloth patch</th></tr>")
                .append("<tr><td class=\"n\">").append(o.n()).append("</td>").append(num(o.cleanCalledMask()))
                .append(share(o.skin())).append(share(o.cloth())).append("</tr></table>\n");
    }

    private static void groups(StringBuilder html, RobustnessResult result) {
        html.append("<h2>Groups</h2>\n<p class=\"muted\">Clean faces. A group is flagged when its accuracy and the"
                + " upper end of its Wilson 95 % interval are both more than 2 points below overall ")
                .append(String.format(Locale.ROOT, "(%.3f)", result.clean().accuracy()))
                .append(". The skin-tone group is a proxy (individual typology angle of two cheek boxes), not a"
                + " demographic label: lighting, white balance and masks move it.</p>\n")
                .append("<table><tr><th>dimension</th><th>group</th><th>n</th><th>accuracy</th><th>95 % interval</th>"
                        + "<th>recall by class</th><th>mean confidence</th><th>flag</th></tr>\n");
        for (RobustnessResult.Group g : result.groups()) {
            StringBuilder recall = new StringBuilder();
            g.recall().forEach((c, r) -> recall.append(recall.length() == 0 ? "" : ", ")
                    .append(c).append(' ').append(String.format(Locale.ROOT, "%.3f", r)));
            html.append(g.flagged() ? "<tr class=\"bad\">" : "<tr>").append("<td>")
                    .append(DriftReport.esc(g.dimension())).append("</td><td>").append(DriftReport.esc(g.group()))
                    .append("</td><td class=\"n\">").append(g.n()).append("</td>").append(num(g.accuracy().share()))
                    .append("<td class=\"n\">").append(interval(g.accuracy())).append("</td><td>")
                    .append(DriftReport.esc(recall.toString())).append("</td>").append(num(g.meanConfidence()))
                    .append("<td>").append(g.flagged() ? "flagged" : "").append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void examples(StringBuilder html, RobustnessResult result) {
        List<Robustness.Example> examples;
        try {
            examples = Robustness.examples(Path.of(result.exampleFile()), result.seed());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        html.append("<h2>Examples</h2>\n<p class=\"muted\">").append(DriftReport.esc(result.exampleFile()))
                .append(" under each condition, as measured.</p>\n<div class=\"charts\">");
        for (Robustness.Example e : examples) {
            html.append("<figure><img alt=\"\" src=\"").append(png(e.image())).append("\"><figcaption>")
                    .append(DriftReport.esc(e.name())).append(e.name().equals("clean") || e.name().startsWith("occl")
                            || e.name().equals("grayscale") ? "" : " " + level(e.level()))
                    .append("</figcaption></figure>");
        }
        html.append("</div>\n");
    }

    private static String png(BufferedImage image) {
        double scale = EXAMPLE_PX / (double) Math.max(image.getWidth(), image.getHeight());
        BufferedImage small = scale < 1 ? ImagePreprocessor.resize(image,
                Math.max(1, (int) Math.round(image.getWidth() * scale)),
                Math.max(1, (int) Math.round(image.getHeight() * scale))) : image;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(small, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static String share(RobustnessResult.Share s) {
        return "<td class=\"n\">" + String.format(Locale.ROOT, "%.3f (%d of %d; %s)", s.share(), s.count(), s.n(),
                interval(s)) + "</td>";
    }

    private static String interval(RobustnessResult.Share s) {
        return Double.isFinite(s.ciLow()) ? String.format(Locale.ROOT, "%.3f-%.3f", s.ciLow(), s.ciHigh()) : "–";
    }

    private static String num(double v) {
        return "<td class=\"n\">" + (Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "–") + "</td>";
    }

    private static String delta(double v) {
        return "<td class=\"n\">" + String.format(Locale.ROOT, "%+.3f", v) + "</td>";
    }

    private static String level(double level) {
        return level == Math.rint(level) ? String.format(Locale.ROOT, "%d", (long) level)
                : String.format(Locale.ROOT, "%s", level);
    }
}
