package org.facemask.report;

import java.awt.Color;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.facemask.monitoring.ClassShareBucket;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;

/**
 * Draws the drift report's charts as PNG {@code data:} URIs, in the look of the dataset report:
 * white background, light grid, flat bars, the same colour palette.
 */
final class DriftCharts {

    static final int WIDTH = 560;
    static final int HEIGHT = 320;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};
    // Semi-transparent, so the overlap of reference and current stays visible.
    private static final Color REFERENCE = new Color(0x1f, 0x77, 0xb4, 120);
    private static final Color CURRENT = new Color(0xff, 0x7f, 0x0e, 120);
    private static final int MAX_BINS = 40;
    private static final int LABELLED_BUCKETS = 12;
    /** Tails beyond these quantiles go to the edge bins, so one outlier cannot squash the plot. */
    private static final double TAIL = 0.005;

    private DriftCharts() {}

    /**
     * Overlays the histograms of both samples: same bins, each scaled to unit area, so windows of
     * different sizes compare directly.
     */
    static String overlaidHistogram(String title, double[] reference, double[] current) {
        double[] all = new double[reference.length + current.length];
        System.arraycopy(reference, 0, all, 0, reference.length);
        System.arraycopy(current, 0, all, reference.length, current.length);
        Arrays.sort(all);
        double low = all.length == 0 ? 0 : all[(int) Math.floor(TAIL * (all.length - 1))];
        double high = all.length == 0 ? 1 : all[(int) Math.ceil((1 - TAIL) * (all.length - 1))];
        if (!(high > low)) {
            low -= 0.5;
            high += 0.5;
        }
        // Square-root rule on the smaller side: enough bins to see shape, few enough to stay smooth.
        int bins = (int) Math.max(5, Math.min(MAX_BINS, Math.ceil(Math.sqrt(Math.max(1,
                Math.min(reference.length, current.length))))));
        HistogramDataset data = new HistogramDataset();
        data.setType(HistogramType.SCALE_AREA_TO_1);
        // Empty series are left out: the dataset cannot scale zero values to unit area.
        if (reference.length > 0) {
            data.addSeries("reference (n=" + reference.length + ")", clip(reference, low, high), bins, low, high);
        }
        if (current.length > 0) {
            data.addSeries("current (n=" + current.length + ")", clip(current, low, high), bins, low, high);
        }
        JFreeChart chart = ChartFactory.createHistogram(title, title, "density", data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        int series = 0;
        if (reference.length > 0) {
            renderer.setSeriesPaint(series++, REFERENCE);
        }
        renderer.setSeriesPaint(series, CURRENT);
        plot.setForegroundAlpha(1f);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return png(chart);
    }

    /** Puts each category's share of both windows side by side, in percent. */
    static String shareBars(String title, Map<String, Long> reference, Map<String, Long> current) {
        Set<String> categories = new LinkedHashSet<>(reference.keySet());
        categories.addAll(current.keySet());
        long refTotal = total(reference);
        long curTotal = total(current);
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String c : categories) {
            data.addValue(percent(reference.getOrDefault(c, 0L), refTotal), "reference (n=" + refTotal + ")", c);
            data.addValue(percent(current.getOrDefault(c, 0L), curTotal), "current (n=" + curTotal + ")", c);
        }
        BarRenderer renderer = new BarRenderer();
        renderer.setSeriesPaint(0, PALETTE[0]);
        renderer.setSeriesPaint(1, PALETTE[1]);
        renderer.setItemMargin(0.02);
        renderer.setMaximumBarWidth(0.2);
        return categoryChart(ChartFactory.createBarChart(title, title, "% of window", data,
                PlotOrientation.VERTICAL, true, false, false), renderer, categories.size() > 8);
    }

    /**
     * Stacks each bucket's class shares to 100 %, one bar per bucket labelled with its start and
     * its number of predictions.
     */
    static String classShares(List<ClassShareBucket> buckets, List<String> labels) {
        Set<String> classes = new TreeSet<>();
        buckets.forEach(b -> classes.addAll(b.counts().keySet()));
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 0; i < buckets.size(); i++) {
            Map<String, Double> shares = buckets.get(i).shares();
            for (String c : classes) {
                data.addValue(100 * shares.getOrDefault(c, 0.0), c, labels.get(i));
            }
        }
        StackedBarRenderer renderer = new StackedBarRenderer();
        int series = 0;
        for (String ignored : classes) {
            renderer.setSeriesPaint(series, PALETTE[series % PALETTE.length]);
            series++;
        }
        // More rotated labels than this crowd out the bars; then the axis names the range and the
        // report's table lists every bucket.
        boolean labelled = buckets.size() <= LABELLED_BUCKETS;
        String axis = labelled ? "bucket start (UTC) and predictions"
                : buckets.get(0).start() + " … " + buckets.get(buckets.size() - 1).start();
        JFreeChart chart = ChartFactory.createStackedBarChart("Class share over time", axis, "% of predictions", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.getCategoryPlot().getRangeAxis().setRange(0, 100);
        chart.getCategoryPlot().getDomainAxis().setTickLabelsVisible(labelled);
        return categoryChart(chart, renderer, true);
    }

    private static String categoryChart(JFreeChart chart, BarRenderer renderer, boolean rotateLabels) {
        ChartImages.styleBars(chart, renderer, rotateLabels);
        return png(chart);
    }

    private static String png(JFreeChart chart) {
        return ChartImages.dataUri(chart, WIDTH, HEIGHT);
    }

    /** Moves values beyond the range onto its edges, where the edge bins count them. */
    private static double[] clip(double[] values, double low, double high) {
        return Arrays.stream(values).map(v -> Math.max(low, Math.min(high, v))).toArray();
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
