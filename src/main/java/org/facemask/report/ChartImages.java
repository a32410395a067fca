package org.facemask.report;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;

/**
 * JFreeChart charts in the one look the self-contained HTML reports share (EDA, drift), rendered
 * as PNG {@code data:} URIs so a report loads nothing from anywhere.
 */
final class ChartImages {

    private ChartImages() {}

    /**
     * Gives a category chart flat bars on a white plot with light grid lines.
     *
     * @param chart a category chart
     * @param renderer the bar renderer to use (carries the series colours)
     * @param rotateLabels tilt the category labels by 45° (long or many labels)
     */
    static void styleBars(JFreeChart chart, BarRenderer renderer, boolean rotateLabels) {
        CategoryPlot plot = chart.getCategoryPlot();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (rotateLabels) {
            plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
    }

    /**
     * Renders a chart, with the reports' title font and white background, as a PNG data URI.
     *
     * @param chart the chart
     * @param width pixels
     * @param height pixels
     * @return {@code data:image/png;base64,...}
     */
    static String dataUri(JFreeChart chart, int width, int height) {
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        chart.setBackgroundPaint(Color.WHITE);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(png, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }
}
