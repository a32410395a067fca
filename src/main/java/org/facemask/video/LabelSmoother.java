package org.facemask.video;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One track's label over time: an exponential moving average of the class probabilities with
 * hysteresis. The label changes only when another class leads the current one by {@code margin}
 * in the average for {@code patience} analysed frames in a row, so a single odd frame does not
 * flip it. Not thread-safe.
 */
public final class LabelSmoother {

    /** Default weight of the newest frame in the average. */
    public static final double DEFAULT_ALPHA = 0.3;
    /**
     * Default lead (in averaged probability) another class needs to take over. With the patience
     * below, chosen with {@code evaluate-video --tuning-side} (docs/video.md): 0.15 and 3 frames
     * let about 2 label flips a track-minute through on clips whose faces never change.
     */
    public static final double DEFAULT_MARGIN = 0.25;
    /** Default number of analysed frames in a row the lead must hold. */
    public static final int DEFAULT_PATIENCE = 6;

    private final double alpha;
    private final double margin;
    private final int patience;
    private final Map<String, Double> average = new LinkedHashMap<>();
    private String label;
    private String challenger;
    private int challengerFrames;

    /**
     * A smoother with the given settings.
     *
     * @param alpha weight of the newest frame, in (0, 1]
     * @param margin lead another class needs, in [0, 1)
     * @param patience analysed frames in a row the lead must hold, at least 1
     */
    public LabelSmoother(double alpha, double margin, int patience) {
        if (!(alpha > 0 && alpha <= 1) || !(margin >= 0 && margin < 1) || patience < 1) {
            throw new IllegalArgumentException("smoothing needs alpha in (0, 1], margin in [0, 1), patience >= 1;"
                    + " got " + alpha + ", " + margin + ", " + patience);
        }
        this.alpha = alpha;
        this.margin = margin;
        this.patience = patience;
    }

    /** A smoother with the default settings. */
    public LabelSmoother() {
        this(DEFAULT_ALPHA, DEFAULT_MARGIN, DEFAULT_PATIENCE);
    }

    /**
     * Adds one analysed frame's class probabilities.
     *
     * @param probabilities class → probability
     * @return the smoothed label after this frame
     */
    public String update(Map<String, Float> probabilities) {
        if (average.isEmpty()) {
            probabilities.forEach((c, p) -> average.put(c, p.doubleValue()));
        } else {
            probabilities.forEach((c, p) -> average.merge(c, p.doubleValue(), (old, now) -> old + alpha * (now - old)));
        }
        String leader = leader();
        if (label == null) {
            label = leader;
        } else if (!leader.equals(label) && average.get(leader) - average.getOrDefault(label, 0.0) >= margin) {
            challengerFrames = leader.equals(challenger) ? challengerFrames + 1 : 1;
            challenger = leader;
            if (challengerFrames >= patience) {
                label = leader;
                challenger = null;
                challengerFrames = 0;
            }
        } else {
            challenger = null;
            challengerFrames = 0;
        }
        return label;
    }

    private String leader() {
        String best = null;
        for (Map.Entry<String, Double> e : average.entrySet()) {
            if (best == null || e.getValue() > average.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    /** Returns the smoothed label, or null before the first frame. */
    public String label() {
        return label;
    }

    /**
     * Returns the averaged probability of a class.
     *
     * @param label the class
     * @return its moving average, 0 if never seen
     */
    public double probability(String label) {
        return average.getOrDefault(label, 0.0);
    }

    /** Returns every class's averaged probability, in the order first seen; empty before the first frame. */
    public Map<String, Double> probabilities() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(average));
    }
}
