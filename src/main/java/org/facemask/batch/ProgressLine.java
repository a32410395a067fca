package org.facemask.batch;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a run on standard error: on a terminal one line redrawn at most five times a second;
 * in a log (a pod's, say) a line every 10 s, so that logs stay readable.
 */
final class ProgressLine {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final long LOG_NANOS = 10_000_000_000L;

    private final PrintStream out;
    private final boolean redraw;
    private final int total;
    private final long start = System.nanoTime();
    private long last;

    ProgressLine(PrintStream out, boolean redraw, int total) {
        this.out = out;
        this.redraw = redraw;
        this.total = total;
        this.last = start;
    }

    /** Shows the count so far, when it is time to. */
    synchronized void update(int done, int errors) {
        long now = System.nanoTime();
        if (done < total && now - last < (redraw ? REDRAW_NANOS : LOG_NANOS)) {
            return;
        }
        last = now;
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        double eta = rate > 0 ? (total - done) / rate : 0;
        int filled = total == 0 ? WIDTH : (int) Math.round(WIDTH * done / (double) total);
        String line = String.format(Locale.ROOT, "[%s] %d/%d files, %d errors, %.1f images/s, ETA %s",
                "=".repeat(filled) + " ".repeat(WIDTH - filled), done, total, errors, rate, duration(eta));
        if (redraw) {
            out.print("\r" + line + (done == total ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
