package org.facemask.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Redraws the loss and accuracy curves to a PNG after every epoch. */
final class TrainingCurve implements TrainingListener {

    private final Path file;
    private final List<EpochStats> history = new ArrayList<>();

    /**
     * Creates the listener.
     *
     * @param file the PNG to write
     */
    TrainingCurve(Path file) {
        this.file = file;
    }

    @Override
    public void onEpoch(EpochStats stats, boolean best) {
        history.add(stats);
        try {
            write();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write() throws IOException {
        XYSeries trainLoss = new XYSeries("train loss");
        XYSeries valLoss = new XYSeries("validation loss");
        XYSeries trainAcc = new XYSeries("train accuracy");
        XYSeries valAcc = new XYSeries("validation accuracy");
        for (EpochStats s : history) {
            trainLoss.add(s.epoch(), s.trainLoss());
            valLoss.add(s.epoch(), s.valLoss());
            trainAcc.add(s.epoch(), s.trainAccuracy());
            valAcc.add(s.epoch(), s.valAccuracy());
        }
        NumberAxis epochAxis = new NumberAxis("epoch");
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
        plot.add(subplot("loss", trainLoss, valLoss));
        plot.add(subplot("accuracy", trainAcc, valAcc));
        JFreeChart chart = new JFreeChart("Training curve", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 700);
    }

    private static XYPlot subplot(String label, XYSeries train, XYSeries val) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(train);
        data.addSeries(val);
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return new XYPlot(data, null, axis, new XYLineAndShapeRenderer(true, true));
    }
}
