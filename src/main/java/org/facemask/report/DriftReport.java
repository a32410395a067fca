package org.facemask.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.facemask.monitoring.ClassShareBucket;
import org.facemask.monitoring.DriftResult;
import org.facemask.monitoring.FeatureDrift;
import org.facemask.monitoring.FeatureSamples;

/**
 * Writes a {@link DriftResult} for people (one self-contained HTML page) and for machines (JSON
 * with snake_case keys).
 *
 * <p>The page puts the verdict first, then the per-feature table, then one chart per feature and
 * the class mix over time. Charts are inlined as base64 PNGs and nothing is loaded from elsewhere,
 * so the page works offline and can be mailed or archived as one file.
 */
public final class DriftReport {

    private static final int BUCKET_ROWS_SHOWN = 200;
    private static final DateTimeFormatter BUCKET_LABEL = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0 auto;\
            max-width:1180px;padding:16px 24px}
            h1{margin:.2em 0}h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:2em}
            .muted{color:#777}.lead{font-size:17px}
            .verdict{font-size:40px;font-weight:700;margin:.3em 0 0}\
            .verdict.ok{color:#2ca02c}.verdict.bad{color:#d62728}
            table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}
            td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}
            tr.drift td{background:#fff3f3}td.bad{color:#d62728;font-weight:600}
            .charts{display:flex;flex-wrap:wrap;gap:8px}.charts img{border:1px solid #eee}
            """;

    private DriftReport() {}

    /**
     * Writes the HTML report.
     *
     * @param result the comparison to show
     * @param reference the reference window, for the per-feature charts
     * @param current the current window, for the per-feature charts
     * @param shareOverTime predictions per class per time bucket, oldest first; may be empty
     * @param title the page title, e.g. {@code "Drift: last 24 h vs training set"}
     * @param out the HTML file to write; missing parent folders are created
     * @throws IOException if the file cannot be written
     */
    public static void writeHtml(DriftResult result, FeatureSamples reference, FeatureSamples current,
                                 List<ClassShareBucket> shareOverTime, String title, Path out) throws IOException {
        String html;
        try {
            html = render(result, reference, current, shareOverTime, title);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        write(out, html);
    }

    /**
     * Writes the result as JSON: {@code drifted, alpha, min_effect, computed_at} (ISO-8601),
     * {@code summary} and {@code features}, each feature with {@code feature, kind, test,
     * statistic, p_value, distance, threshold, drifted, reference_size, current_size}. Numbers that
     * are NaN or infinite are written as {@code null}, which JSON parsers accept.
     *
     * @param result the comparison to write
     * @param out the JSON file to write; missing parent folders are created
     * @throws IOException if the file cannot be written
     */
    public static void writeJson(DriftResult result, Path out) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("drifted", result.drifted());
        number(root, "alpha", result.alpha());
        number(root, "min_effect", result.minEffect());
        root.put("computed_at", result.computedAt().toString());
        root.put("summary", result.summary());
        ArrayNode features = root.putArray("features");
        for (FeatureDrift f : result.features()) {
            ObjectNode node = features.addObject();
            node.put("feature", f.feature());
            node.put("kind", f.kind());
            node.put("test", f.test());
            number(node, "statistic", f.statistic());
            number(node, "p_value", f.pValue());
            number(node, "distance", f.distance());
            number(node, "threshold", f.threshold());
            node.put("drifted", f.drifted());
            node.put("reference_size", f.referenceSize());
            node.put("current_size", f.currentSize());
        }
        write(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    private static String render(DriftResult result, FeatureSamples reference, FeatureSamples current,
                                 List<ClassShareBucket> shareOverTime, String title) {
        StringBuilder html = new StringBuilder(1 << 18);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append("</title><style>").append(CSS)
                .append("</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n");
        verdict(html, result);
        table(html, result);
        featureCharts(html, result, reference, current);
        classShares(html, shareOverTime);
        html.append("</body></html>\n");
        return html.toString();
    }

    private static void verdict(StringBuilder html, DriftResult result) {
        html.append("<p class=\"verdict ").append(result.drifted() ? "bad\">Drift" : "ok\">No drift")
                .append("</p>\n<p class=\"lead\">").append(esc(result.summary())).append("</p>\n");
        long tested = result.features().stream().filter(FeatureDrift::tested).count();
        html.append("<p class=\"muted\">").append(esc(String.format(Locale.ROOT, "A feature drifts when its p-value"
                + " is below α/m = %s/%d = %s (Bonferroni over the %d tested features, so that all of them together"
                + " raise a false alarm at most %s of the time) and its distance is at least %s: Wasserstein-1 in"
                + " reference standard deviations for numeric features, PSI for categorical ones. Computed %s.",
                plain(result.alpha()), Math.max(1, tested), DriftResult.pValue(result.alpha() / Math.max(1, tested)),
                tested, plain(result.alpha()), plain(result.minEffect()), result.computedAt())))
                .append("</p>\n");
    }

    private static void table(StringBuilder html, DriftResult result) {
        html.append("<h2 id=\"features\">Features</h2>\n<table><tr><th>feature</th><th>test</th>")
                .append("<th class=\"n\">statistic</th><th class=\"n\">p-value</th><th class=\"n\">threshold</th>")
                .append("<th class=\"n\">distance</th><th class=\"n\">n reference</th><th class=\"n\">n current</th>")
                .append("<th>verdict</th></tr>");
        for (FeatureDrift f : result.features()) {
            boolean untested = !f.tested();
            String verdict;
            if (untested) {
                verdict = "too little data";
            } else if (f.drifted()) {
                verdict = "drift";
            } else if (f.pValue() < f.threshold()) {
                // Worth saying: the shift is real but below the size anyone should act on.
                verdict = "no drift (significant, effect below " + plain(result.minEffect()) + ")";
            } else {
                verdict = "no drift";
            }
            html.append(f.drifted() ? "<tr class=\"drift\">" : "<tr>")
                    .append("<td>").append(esc(f.feature())).append("</td><td>").append(esc(f.test())).append("</td>")
                    .append(cell(fixed(f.statistic()))).append(cell(DriftResult.pValue(f.pValue())))
                    .append(cell(DriftResult.pValue(f.threshold())))
                    .append(cell(fixed(f.distance()) + (f.numeric() ? " W" : " PSI")))
                    .append(cell(String.format(Locale.ROOT, "%,d", f.referenceSize())))
                    .append(cell(String.format(Locale.ROOT, "%,d", f.currentSize())))
                    .append(f.drifted() ? "<td class=\"bad\">" : "<td>").append(esc(verdict)).append("</td></tr>");
        }
        html.append("</table>\n");
    }

    private static void featureCharts(StringBuilder html, DriftResult result, FeatureSamples reference,
                                      FeatureSamples current) {
        Map<String, double[]> refNumeric = reference.numeric();
        Map<String, double[]> curNumeric = current.numeric();
        html.append("<h2 id=\"distributions\">Distributions</h2>\n<p class=\"muted\">Numeric features: histograms"
                + " over the same bins, each scaled to unit area so windows of different sizes compare; the edge bins"
                + " also hold the outermost 0.5 % of values. Categorical features: each category's share of its"
                + " window.</p>\n<div class=\"charts\">");
        for (FeatureDrift f : result.features()) {
            String uri;
            if (f.numeric()) {
                uri = DriftCharts.overlaidHistogram(f.feature(), finite(refNumeric.get(f.feature())),
                        finite(curNumeric.get(f.feature())));
            } else {
                uri = DriftCharts.shareBars(f.feature(), counts(reference, f.feature()), counts(current, f.feature()));
            }
            image(html, f.feature() + (f.drifted() ? " (drift)" : ""), uri);
        }
        html.append("</div>\n");
    }

    private static void classShares(StringBuilder html, List<ClassShareBucket> buckets) {
        html.append("<h2 id=\"class-share\">Class share over time</h2>\n");
        if (buckets.isEmpty()) {
            html.append("<p>No predictions in this window.</p>\n");
            return;
        }
        List<String> labels = bucketLabels(buckets);
        html.append("<div class=\"charts\">");
        image(html, "Class share over time", DriftCharts.classShares(buckets, labels));
        html.append("</div>\n");
        Set<String> classes = new TreeSet<>();
        buckets.forEach(b -> classes.addAll(b.counts().keySet()));
        html.append("<table><tr><th>bucket start (UTC)</th><th class=\"n\">predictions</th>");
        classes.forEach(c -> html.append("<th class=\"n\">").append(esc(c)).append("</th>"));
        html.append("<th class=\"n\">mean confidence</th></tr>");
        // The newest buckets matter most when the window is long.
        int from = Math.max(0, buckets.size() - BUCKET_ROWS_SHOWN);
        for (int i = from; i < buckets.size(); i++) {
            ClassShareBucket b = buckets.get(i);
            Map<String, Double> shares = b.shares();
            html.append("<tr><td>").append(esc(b.start().toString())).append("</td>")
                    .append(cell(String.format(Locale.ROOT, "%,d", b.total())));
            classes.forEach(c -> html.append(cell(String.format(Locale.ROOT, "%,d (%.0f%%)",
                    b.counts().getOrDefault(c, 0L), 100 * shares.getOrDefault(c, 0.0)))));
            html.append(cell(fixed(b.meanConfidence()))).append("</tr>");
        }
        html.append("</table>\n");
        if (from > 0) {
            html.append("<p class=\"muted\">The ").append(from).append(" oldest buckets are in the chart only.</p>\n");
        }
    }

    /** Short labels when they are unique, full timestamps otherwise; a duplicate would merge two bars. */
    private static List<String> bucketLabels(List<ClassShareBucket> buckets) {
        List<String> labels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean unique = true;
        for (ClassShareBucket b : buckets) {
            String label = BUCKET_LABEL.format(b.start()) + " (" + b.total() + ")";
            unique &= seen.add(label);
            labels.add(label);
        }
        if (unique) {
            return labels;
        }
        labels.clear();
        for (int i = 0; i < buckets.size(); i++) {
            labels.add(buckets.get(i).start() + " (" + buckets.get(i).total() + ") #" + (i + 1));
        }
        return labels;
    }

    private static void image(StringBuilder html, String alt, String dataUri) {
        html.append("<img alt=\"").append(esc(alt)).append("\" width=\"").append(DriftCharts.WIDTH)
                .append("\" height=\"").append(DriftCharts.HEIGHT).append("\" src=\"").append(dataUri).append("\">");
    }

    private static Map<String, Long> counts(FeatureSamples samples, String feature) {
        return samples.categorical().getOrDefault(feature, Map.of());
    }

    private static double[] finite(double[] values) {
        return values == null ? new double[0] : Arrays.stream(values).filter(Double::isFinite).toArray();
    }

    private static String cell(String text) {
        return "<td class=\"n\">" + esc(text) + "</td>";
    }

    private static String fixed(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "–";
    }

    private static String plain(double value) {
        return String.format(Locale.ROOT, "%s", value);
    }

    private static void number(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    private static void write(Path out, String text) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, text, StandardCharsets.UTF_8);
    }

    /**
     * Escapes text for HTML element content and quoted attribute values.
     *
     * @param text any text, e.g. a feature name
     * @return the text with the five HTML-significant characters replaced by entities
     */
    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
