package org.facemask.report;

import java.awt.Color;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.facemask.dataset.DatasetProfile;
import org.facemask.dataset.DatasetProfile.DuplicateGroup;
import org.facemask.dataset.DatasetProfile.ImageInfo;
import org.facemask.dataset.DatasetProfile.SizeStats;
import org.facemask.dataset.LabeledImage;
import org.facemask.dataset.PerceptualHash;
import org.facemask.image.ImageDecoder;
import org.facemask.image.ImagePreprocessor;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Renders a {@link DatasetProfile} as one self-contained HTML page: summary and warnings first,
 * then class balance, sample thumbnails, sizes, formats, unreadable files and duplicates.
 *
 * <p>Charts and thumbnails are inlined as base64 {@code data:} URIs and the page loads nothing
 * from elsewhere, so it can be mailed or archived as a single file.
 */
public final class EdaReport {

    private static final int SAMPLES_PER_CLASS = 12;
    private static final int THUMB_PX = 96;
    private static final int GROUPS_SHOWN = 30;
    private static final int MEMBERS_SHOWN = 8;
    private static final int ROWS_SHOWN = 200;
    private static final int CHART_W = 560;
    private static final int CHART_H = 320;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};
    // Roughly logarithmic bins: image sizes span 30 px to 4000 px, linear bins would hide the small ones.
    private static final double[] SIZE_EDGES = {32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536,
        2048, 3072, 4096};
    private static final double[] ASPECT_EDGES = aspectEdges();

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0 auto;\
            max-width:1180px;padding:16px 24px}
            h1{margin:.2em 0}h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:2em}
            .muted{color:#777}.lead{font-size:17px}
            .cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
            .card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:130px;background:#fafafa}
            .card .num{font-size:22px;font-weight:600}.card.bad{border-color:#d62728;background:#fff3f3}
            ul.warnings{background:#fff8e1;border:1px solid #f0d48a;border-radius:6px;padding:8px 8px 8px 30px}
            table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}
            td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}
            .charts{display:flex;flex-wrap:wrap;gap:8px}.charts img{border:1px solid #eee}
            .grid{display:flex;flex-wrap:wrap;gap:6px}
            figure{margin:0;width:104px;font-size:11px;text-align:center}
            figure .box{width:100px;height:100px;display:flex;align-items:center;justify-content:center;\
            background:#f3f3f3;border:1px solid #ddd}
            figcaption{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
            .group{border:1px solid #ddd;border-radius:6px;padding:6px 10px;margin:8px 0}
            .group.cross{border:2px solid #d62728;background:#fff6f6}
            .badge{background:#d62728;color:#fff;border-radius:4px;padding:0 6px;font-size:12px}
            nav a{margin-right:12px}
            """;

    private final DatasetProfile profile;
    private final Map<Path, String> thumbnails;
    private final Map<Path, ImageInfo> infos = new HashMap<>();
    private final StringBuilder out = new StringBuilder(1 << 20);

    private EdaReport(DatasetProfile profile, Map<Path, String> thumbnails) {
        this.profile = profile;
        this.thumbnails = thumbnails;
        profile.images().forEach(i -> infos.put(i.image().path(), i));
    }

    /**
     * Writes the report; thumbnails are decoded again here, for the few images shown.
     *
     * @param profile the analysed dataset
     * @param html the HTML file to write; missing parent folders are created
     * @throws IOException if the file cannot be written
     */
    public static void write(DatasetProfile profile, Path html) throws IOException {
        EdaReport report = new EdaReport(profile, thumbnails(shownImages(profile)));
        try {
            report.render();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Path parent = html.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(html, report.out, StandardCharsets.UTF_8);
    }

    private void render() {
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Dataset report: ").append(esc(profile.root().getFileName() + "")).append("</title>")
                .append("<style>").append(CSS).append("</style></head><body>\n");
        out.append("<h1>Dataset report</h1><p class=\"muted\">").append(esc(profile.root().toAbsolutePath() + ""))
                .append("</p>\n<nav><a href=\"#balance\">Class balance</a><a href=\"#samples\">Samples</a>")
                .append("<a href=\"#sizes\">Sizes</a><a href=\"#formats\">Formats</a>")
                .append("<a href=\"#unreadable\">Unreadable</a><a href=\"#duplicates\">Duplicates</a></nav>\n");
        summary();
        balance();
        samples();
        sizes();
        formats();
        unreadable();
        duplicates();
        out.append("</body></html>\n");
    }

    private void summary() {
        Map<String, Integer> counts = profile.classCounts();
        int readable = profile.images().size();
        out.append("<section id=\"summary\"><p class=\"lead\"><b>").append(num(profile.fileCount()))
                .append(" files</b> in ").append(counts.size()).append(" class(es): ");
        out.append(counts.entrySet().stream().map(e -> "<b>" + esc(e.getKey()) + "</b> " + num(e.getValue())
                + " (" + pct(e.getValue(), readable) + ")").collect(Collectors.joining(" · ")));
        out.append("</p>\n<div class=\"cards\">");
        card(num(profile.unreadable().size()), "unreadable files", !profile.unreadable().isEmpty());
        card(num(profile.exactDuplicateFiles()), "exact-duplicate files (" + profile.exactDuplicateGroups().size()
                + " groups)", false);
        card(num(profile.nearDuplicateGroups().size()), "near-duplicate groups, " + profile.crossClassGroupCount()
                + " span classes", profile.crossClassGroupCount() > 0);
        card(num(profile.extensionMismatchCount()), "extension ≠ content", false);
        card(profile.formatCounts().entrySet().stream().map(e -> esc(e.getKey()) + " " + num(total(e.getValue())))
                .collect(Collectors.joining(" · ")), "formats (by content)", false);
        out.append("</div>\n");
        List<String> warnings = profile.warnings();
        if (warnings.isEmpty()) {
            out.append("<p>No warnings.</p>");
        } else {
            out.append("<ul class=\"warnings\">");
            warnings.forEach(w -> out.append("<li>").append(esc(w)).append("</li>"));
            out.append("</ul>");
        }
        out.append("</section>\n");
    }

    private void card(String value, String label, boolean bad) {
        out.append("<div class=\"card").append(bad ? " bad" : "").append("\"><div class=\"num\">").append(value)
                .append("</div><div>").append(esc(label)).append("</div></div>");
    }

    private void balance() {
        Map<String, Integer> counts = profile.classCounts();
        Map<String, SizeStats> sizes = profile.sizeStats();
        int readable = profile.images().size();
        out.append("<h2 id=\"balance\">Class balance</h2>\n");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        counts.forEach((c, n) -> data.addValue(n, "images", c));
        BarRenderer renderer = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                return classColor((String) data.getColumnKey(column));
            }
        };
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator());
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setMaximumBarWidth(0.25);
        out.append("<div class=\"charts\">").append(chart("Readable images per class", "class", "images",
                data, renderer, false, false)).append("</div>\n");
        out.append("<table><tr><th>class</th><th class=\"n\">images</th><th class=\"n\">share</th>")
                .append("<th class=\"n\">unreadable</th><th class=\"n\">median size</th></tr>");
        counts.forEach((c, n) -> {
            SizeStats s = sizes.get(c);
            out.append("<tr><td>").append(esc(c)).append("</td><td class=\"n\">").append(num(n))
                    .append("</td><td class=\"n\">").append(pct(n, readable)).append("</td><td class=\"n\">")
                    .append(num(profile.unreadableByClass().getOrDefault(c, 0))).append("</td><td class=\"n\">")
                    .append(s == null ? "–"
                            : String.format(Locale.ROOT, "%.0f×%.0f", s.medianWidth(), s.medianHeight()))
                    .append("</td></tr>");
        });
        out.append("</table>\n");
    }

    private void samples() {
        out.append("<h2 id=\"samples\">Samples</h2><p class=\"muted\">")
                .append(SAMPLES_PER_CLASS).append(" images per class, evenly spaced in file-name order.</p>\n");
        for (String c : profile.classes()) {
            List<ImageInfo> own = ofClass(profile, c);
            out.append("<h3>").append(esc(c)).append(" <span class=\"muted\">(")
                    .append(Math.min(SAMPLES_PER_CLASS, own.size())).append(" of ").append(num(own.size()))
                    .append(")</span></h3><div class=\"grid\">");
            samplesOf(own).forEach(i -> figure(i.image(), String.format(Locale.ROOT, "%d×%d %s",
                    i.width(), i.height(), i.format())));
            out.append("</div>\n");
        }
    }

    private void sizes() {
        out.append("<h2 id=\"sizes\">Image sizes</h2>\n<table><tr><th>class</th><th class=\"n\">images</th>")
                .append("<th class=\"n\">median width</th><th class=\"n\">median height</th>")
                .append("<th class=\"n\">median aspect (w/h)</th></tr>");
        profile.sizeStats().forEach((c, s) -> out.append(String.format(Locale.ROOT,
                "<tr><td>%s</td><td class=\"n\">%s</td><td class=\"n\">%.0f px</td><td class=\"n\">%.0f px</td>"
                        + "<td class=\"n\">%.2f</td></tr>", esc(c), num(s.count()), s.medianWidth(),
                s.medianHeight(), s.medianAspect())));
        out.append("</table>\n<p class=\"muted\">Histograms show each class's share of its own images, so classes of"
                + " different sizes compare directly. Size bins are roughly logarithmic.</p>\n<div class=\"charts\">");
        out.append(histogram("Width per class", "width (px)", ImageInfo::width, SIZE_EDGES, true));
        out.append(histogram("Height per class", "height (px)", ImageInfo::height, SIZE_EDGES, true));
        out.append(histogram("Aspect ratio per class", "width / height (bin centre; < 1 is portrait)",
                ImageInfo::aspect, ASPECT_EDGES, false));
        out.append("</div>\n");
    }

    private void formats() {
        out.append("<h2 id=\"formats\">Formats and colour modes</h2>\n<p class=\"muted\">Formats are detected from"
                + " file content, not from the file name.</p>\n<div class=\"charts\">");
        crossTable("format", profile.formatCounts());
        crossTable("colour mode", profile.colorModeCounts());
        out.append("</div>\n");
        List<ImageInfo> mismatches = profile.extensionMismatches();
        out.append("<h3>File name extension disagrees with content: ").append(num(mismatches.size()))
                .append(" file(s)</h3>\n");
        if (!mismatches.isEmpty()) {
            out.append("<table><tr><th>file</th><th>extension</th><th>content</th></tr>");
            mismatches.stream().limit(ROWS_SHOWN).forEach(i -> out.append("<tr><td>")
                    .append(esc(name(i.image().path())))
                    .append("</td><td>").append(i.extension().isEmpty() ? "(none)" : esc("." + i.extension()))
                    .append("</td><td>").append(esc(i.format())).append("</td></tr>"));
            out.append("</table>").append(more(mismatches.size())).append("\n");
        }
    }

    private void crossTable(String what, Map<String, Map<String, Integer>> table) {
        List<String> classes = profile.classes();
        out.append("<table><tr><th>").append(esc(what)).append("</th>");
        classes.forEach(c -> out.append("<th class=\"n\">").append(esc(c)).append("</th>"));
        out.append("<th class=\"n\">total</th></tr>");
        table.forEach((value, byClass) -> {
            out.append("<tr><td>").append(esc(value)).append("</td>");
            classes.forEach(c -> out.append("<td class=\"n\">").append(num(byClass.getOrDefault(c, 0)))
                    .append("</td>"));
            out.append("<td class=\"n\">").append(num(total(byClass))).append("</td></tr>");
        });
        out.append("</table>");
    }

    private void unreadable() {
        Map<Path, String> unreadable = profile.unreadable();
        out.append("<h2 id=\"unreadable\">Unreadable files: ").append(num(unreadable.size())).append("</h2>\n");
        if (unreadable.isEmpty()) {
            out.append("<p>Every file decodes.</p>\n");
            return;
        }
        out.append("<table><tr><th>file</th><th>reason</th></tr>");
        unreadable.entrySet().stream().limit(ROWS_SHOWN).forEach(e -> out.append("<tr><td>")
                .append(esc(name(e.getKey()))).append("</td><td>").append(esc(e.getValue())).append("</td></tr>"));
        out.append("</table>").append(more(unreadable.size())).append("\n");
    }

    private void duplicates() {
        List<DuplicateGroup> exact = profile.exactDuplicateGroups();
        List<DuplicateGroup> near = profile.nearDuplicateGroups();
        out.append("<h2 id=\"duplicates\">Duplicates</h2>\n<h3>Exact duplicates (same SHA-256): ")
                .append(num(profile.exactDuplicateFiles())).append(" redundant file(s) in ").append(num(exact.size()))
                .append(" group(s)</h3>\n");
        if (!exact.isEmpty()) {
            out.append("<table><tr><th class=\"n\">#</th><th>files</th><th>classes</th></tr>");
            for (int g = 0; g < Math.min(ROWS_SHOWN, exact.size()); g++) {
                DuplicateGroup group = exact.get(g);
                out.append("<tr><td class=\"n\">").append(g + 1).append("</td><td>")
                        .append(group.members().stream().map(m -> esc(name(m.path())))
                                .collect(Collectors.joining("<br>")))
                        .append("</td><td>").append(classesOf(group)).append("</td></tr>");
            }
            out.append("</table>").append(more(exact.size())).append("\n");
        }
        int inGroups = near.stream().mapToInt(g -> g.members().size()).sum();
        out.append("<h3>Near duplicates: ").append(num(near.size())).append(" group(s) holding ").append(num(inGroups))
                .append(" images, ").append(profile.crossClassGroupCount()).append(" spanning classes</h3>\n")
                .append("<p class=\"muted\">Perceptual hashes at most ").append(DatasetProfile.NEAR_DUPLICATE_BITS)
                .append(" of 64 bits apart, mirrored copies included; exact copies are in these groups too.");
        if (near.size() > GROUPS_SHOWN) {
            out.append(" The first ").append(GROUPS_SHOWN).append(" are shown, groups spanning classes first.");
        }
        out.append("</p>\n");
        for (int g = 0; g < Math.min(GROUPS_SHOWN, near.size()); g++) {
            DuplicateGroup group = near.get(g);
            out.append("<div class=\"group").append(group.crossClass() ? " cross" : "").append("\"><b>Group ")
                    .append(g + 1).append("</b> · ").append(group.members().size()).append(" images · ")
                    .append(classesOf(group)).append(group.identical() ? " · identical bytes" : "")
                    .append(group.crossClass() ? " · closest pair across classes: " + closestAcrossClasses(group)
                            + " bits apart" : "")
                    .append("<div class=\"grid\">");
            group.members().stream().limit(MEMBERS_SHOWN).forEach(m -> figure(m, m.label()));
            if (group.members().size() > MEMBERS_SHOWN) {
                out.append("<p class=\"muted\">+").append(group.members().size() - MEMBERS_SHOWN).append(" more</p>");
            }
            out.append("</div></div>\n");
        }
    }

    /** Says how strong a cross-class match is: 0–2 bits is a copy, 8 bits may be two look-alike face crops. */
    private int closestAcrossClasses(DuplicateGroup group) {
        int best = 64;
        for (LabeledImage a : group.members()) {
            for (LabeledImage b : group.members()) {
                if (!a.label().equals(b.label())) {
                    ImageInfo x = infos.get(a.path());
                    ImageInfo y = infos.get(b.path());
                    best = Math.min(best, Math.min(PerceptualHash.distance(x.hash(), y.hash()),
                            PerceptualHash.distance(x.hash(), y.mirrorHash())));
                }
            }
        }
        return best;
    }

    private String classesOf(DuplicateGroup group) {
        String classes = esc(String.join(", ", group.classes()));
        return group.crossClass() ? classes + " <span class=\"badge\">spans classes</span>" : classes;
    }

    private void figure(LabeledImage image, String caption) {
        String name = name(image.path());
        String uri = thumbnails.get(image.path());
        out.append("<figure title=\"").append(esc(name)).append("\"><div class=\"box\">");
        out.append(uri == null ? "<span class=\"muted\">no preview</span>"
                : "<img alt=\"\" src=\"" + uri + "\">");
        out.append("</div><figcaption>").append(esc(image.path().getFileName() + "")).append("</figcaption>")
                .append("<figcaption class=\"muted\">").append(esc(caption)).append("</figcaption></figure>");
    }

    private String histogram(String title, String axis, ToDoubleFunction<ImageInfo> value, double[] edges,
                             boolean sizeLabels) {
        List<String> classes = profile.classes();
        int[][] counts = new int[classes.size()][];
        int first = Integer.MAX_VALUE;
        int last = -1;
        for (int c = 0; c < classes.size(); c++) {
            counts[c] = binCounts(ofClass(profile, classes.get(c)).stream().mapToDouble(value).toArray(), edges);
            for (int b = 0; b < counts[c].length; b++) {
                if (counts[c][b] > 0) {
                    first = Math.min(first, b);
                    last = Math.max(last, b);
                }
            }
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        BarRenderer renderer = new BarRenderer();
        renderer.setItemMargin(0.02);
        for (int c = 0; c < classes.size(); c++) {
            int n = ofClass(profile, classes.get(c)).size();
            renderer.setSeriesPaint(c, classColor(classes.get(c)));
            // Only the occupied bins: 4 px to 4096 px would otherwise leave mostly empty axes.
            for (int b = Math.max(0, first); b <= last; b++) {
                data.addValue(n == 0 ? 0 : 100.0 * counts[c][b] / n, classes.get(c),
                        sizeLabels ? sizeBinLabel(edges, b) : aspectBinLabel(edges, b));
            }
        }
        return chart(title, axis, "% of class", data, renderer, true, true);
    }

    private String chart(String title, String xLabel, String yLabel, DefaultCategoryDataset data,
                         BarRenderer renderer, boolean legend, boolean rotateLabels) {
        JFreeChart chart = ChartFactory.createBarChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                legend, false, false);
        ChartImages.styleBars(chart, renderer, rotateLabels);
        return "<img alt=\"" + esc(title) + "\" width=\"" + CHART_W + "\" height=\"" + CHART_H
                + "\" src=\"" + ChartImages.dataUri(chart, CHART_W, CHART_H) + "\">";
    }

    private Color classColor(String label) {
        int index = profile.classes().indexOf(label);
        return PALETTE[Math.max(0, index) % PALETTE.length];
    }

    private String name(Path path) {
        Path relative = path.startsWith(profile.root()) ? profile.root().relativize(path) : path;
        return relative.toString().replace('\\', '/');
    }

    private static String more(int total) {
        return total > ROWS_SHOWN ? "<p class=\"muted\">… and " + num(total - ROWS_SHOWN) + " more.</p>" : "";
    }

    /** The images that appear as thumbnails: the samples and the members of the groups shown. */
    private static Set<Path> shownImages(DatasetProfile profile) {
        Set<Path> shown = new LinkedHashSet<>();
        for (String c : profile.classes()) {
            samplesOf(ofClass(profile, c)).forEach(i -> shown.add(i.image().path()));
        }
        profile.nearDuplicateGroups().stream().limit(GROUPS_SHOWN).forEach(g ->
                g.members().stream().limit(MEMBERS_SHOWN).forEach(m -> shown.add(m.path())));
        return shown;
    }

    /** Decodes and shrinks the shown images in parallel; a file that fails now simply gets no preview. */
    private static Map<Path, String> thumbnails(Set<Path> paths) {
        ImageDecoder decoder = new ImageDecoder();
        Map<Path, String> uris = new ConcurrentHashMap<>();
        new ArrayList<>(paths).parallelStream().forEach(path -> {
            try (InputStream in = Files.newInputStream(path)) {
                BufferedImage rgb = decoder.decode(in, THUMB_PX).rgb();
                double scale = Math.min(1.0, (double) THUMB_PX / Math.max(rgb.getWidth(), rgb.getHeight()));
                BufferedImage small = ImagePreprocessor.resize(rgb,
                        Math.max(1, (int) Math.round(rgb.getWidth() * scale)),
                        Math.max(1, (int) Math.round(rgb.getHeight() * scale)));
                ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
                if (ImageIO.write(small, "jpeg", jpeg)) {
                    uris.put(path, "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg.toByteArray()));
                }
            } catch (IOException e) {
                // Unreadable since the analysis (or never readable): the figure says "no preview".
            }
        });
        return uris;
    }

    /** Picks evenly spaced images, so the choice is deterministic yet spread over the whole folder. */
    static List<ImageInfo> samplesOf(List<ImageInfo> images) {
        int k = Math.min(SAMPLES_PER_CLASS, images.size());
        List<ImageInfo> picked = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            picked.add(images.get((int) ((j + 0.5) * images.size() / k)));
        }
        return picked;
    }

    private static List<ImageInfo> ofClass(DatasetProfile profile, String label) {
        return profile.images().stream().filter(i -> i.image().label().equals(label)).toList();
    }

    /** Counts values per bin: bin 0 is below {@code edges[0]}, bin i holds [edges[i-1], edges[i]). */
    static int[] binCounts(double[] values, double[] edges) {
        int[] counts = new int[edges.length + 1];
        for (double v : values) {
            int bin = 0;
            while (bin < edges.length && v >= edges[bin]) {
                bin++;
            }
            counts[bin]++;
        }
        return counts;
    }

    private static String sizeBinLabel(double[] edges, int bin) {
        if (bin == 0) {
            return String.format(Locale.ROOT, "<%.0f", edges[0]);
        }
        if (bin == edges.length) {
            return String.format(Locale.ROOT, "≥%.0f", edges[edges.length - 1]);
        }
        return String.format(Locale.ROOT, "%.0f–%.0f", edges[bin - 1], edges[bin] - 1);
    }

    private static String aspectBinLabel(double[] edges, int bin) {
        if (bin == 0) {
            return String.format(Locale.ROOT, "<%.2f", edges[0]);
        }
        if (bin == edges.length) {
            return String.format(Locale.ROOT, "≥%.2f", edges[edges.length - 1]);
        }
        return String.format(Locale.ROOT, "%.1f", (edges[bin - 1] + edges[bin]) / 2);
    }

    /** Bins of width 0.1 centred on 0.5, 0.6, ..., 2.0, so square images sit in the "1.0" bin. */
    private static double[] aspectEdges() {
        double[] edges = new double[17];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = 0.45 + 0.1 * i;
        }
        return edges;
    }

    private static int total(Map<String, Integer> byClass) {
        return byClass.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String num(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String pct(int part, int whole) {
        return whole == 0 ? "–" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    /**
     * Escapes text for HTML element content and quoted attribute values.
     *
     * @param text any text, e.g. a file name
     * @return the escaped text
     */
    static String esc(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
