package org.facemask.training;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar with throughput and ETA. On a terminal it redraws one line; in a log file it
 * writes a line every tenth of an epoch, so {@code nohup} logs stay readable.
 */
public final class ProgressBar implements TrainingListener {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final int epochs;
    private final boolean interactive;
    private final long start = System.nanoTime();

    /**
     * Creates a progress bar.
     *
     * @param out where to draw
     * @param epochs total epochs, for the ETA
     */
    public ProgressBar(PrintStream out, int epochs) {
        this.out = out;
        this.epochs = epochs;
        this.interactive = isTerminal();
    }

    @Override
    public void onBatch(int epoch, int batch, int batches, double loss, double accuracy, double imagesPerSecond) {
        int step = Math.max(1, batches / 10);
        if (!interactive && batch % step != 0 && batch != batches) {
            return;
        }
        double done = ((epoch - 1) * (double) batches + batch) / ((double) epochs * batches);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = done > 0 ? elapsed / done - elapsed : 0;
        int filled = (int) Math.round(WIDTH * batch / (double) batches);
        String bar = "=".repeat(filled) + " ".repeat(WIDTH - filled);
        String line = String.format(Locale.ROOT, "epoch %d/%d [%s] %d/%d loss %.4f acc %.4f %.1f img/s ETA %s",
                epoch, epochs, bar, batch, batches, loss, accuracy, imagesPerSecond, duration(eta));
        if (interactive) {
            out.print("\r" + line);
            out.flush();
        } else {
            out.println(line);
        }
    }

    @Override
    public void onEpoch(EpochStats s, boolean best) {
        if (interactive) {
            out.println();
        }
        out.printf(Locale.ROOT, "epoch %d: train loss %.4f acc %.4f | val loss %.4f acc %.4f | lr %.2e | %.0f s%s%n",
                s.epoch(), s.trainLoss(), s.trainAccuracy(), s.valLoss(), s.valAccuracy(), s.learningRate(),
                s.seconds(), best ? " | best, saved" : "");
    }

    /** Whether the JVM runs on a terminal: JDK 17's console() is null otherwise (JDK 22 changed that). */
    @SuppressWarnings("SystemConsoleNull") // runs on JDK 17, where Console.isTerminal() does not exist
    private static boolean isTerminal() {
        return System.console() != null;
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
