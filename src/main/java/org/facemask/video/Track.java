package org.facemask.video;

import org.facemask.detection.DetectedFace;

/**
 * One face followed across frames: its id, its box (measured on analysed frames, predicted by a
 * constant-velocity Kalman filter in between) and its smoothed label. Made and updated by
 * {@link Tracker}; read it, do not keep it across threads.
 */
public final class Track {

    private final BoxKalman kalman;
    private final LabelSmoother smoother;
    private final long firstFrame;
    private int id;
    private long lastFrame;
    private int hits;
    private int missed;
    private DetectedFace detection;
    private double score;
    private int classified;
    private int masked;

    Track(DetectedFace detection, long frame, LabelSmoother smoother) {
        this.kalman = new BoxKalman(detection.x1(), detection.y1(), detection.x2(), detection.y2());
        this.smoother = smoother;
        this.firstFrame = frame;
        this.lastFrame = frame;
        this.hits = 1;
        this.detection = detection;
        this.score = detection.score();
    }

    void predict() {
        kalman.predict();
        detection = null;
    }

    void matched(DetectedFace face, long frame) {
        kalman.correct(face.x1(), face.y1(), face.x2(), face.y2());
        detection = face;
        score = face.score();
        lastFrame = frame;
        hits++;
        missed = 0;
    }

    void missed() {
        missed++;
    }

    void confirm(int newId) {
        id = newId;
    }

    int hits() {
        return hits;
    }

    int misses() {
        return missed;
    }

    /**
     * Adds one analysed frame's classification of this face to the smoothed label.
     *
     * @param probabilities class → probability
     * @param maskLabel the class that counts as masked
     * @return the smoothed label after it
     */
    String classified(java.util.Map<String, Float> probabilities, String maskLabel) {
        String label = smoother.update(probabilities);
        classified++;
        if (label.equals(maskLabel)) {
            masked++;
        }
        return label;
    }

    /** Returns the track id: 1, 2, ... in order of confirmation; 0 while tentative. */
    public int id() {
        return id;
    }

    /** Returns whether the track is confirmed (has an id). */
    public boolean confirmed() {
        return id > 0;
    }

    /** Returns whether the face was matched on the last analysed frame (false while it is missing). */
    public boolean visible() {
        return missed == 0;
    }

    /** Returns the current box: the Kalman estimate, with the latest detection's score. */
    public DetectedFace box() {
        double[] b = kalman.box();
        return new DetectedFace(b[0], b[1], b[2], b[3], score, Double.NaN);
    }

    /** Returns the detection matched on this frame, or null on a frame without one. */
    public DetectedFace detection() {
        return detection;
    }

    /** Returns the estimated centre velocity {dx, dy} in pixels per frame. */
    public double[] velocity() {
        return kalman.velocity();
    }

    /** Returns the smoothed label, or null before the face was first classified. */
    public String label() {
        return smoother.label();
    }

    /** Returns the smoothed class probabilities behind {@link #label()}; empty before the first classification. */
    public java.util.Map<String, Double> probabilities() {
        return smoother.probabilities();
    }

    /** Returns the frame index the face was first detected on. */
    public long firstFrame() {
        return firstFrame;
    }

    /** Returns the frame index the face was last detected on. */
    public long lastFrame() {
        return lastFrame;
    }

    /** Returns how many frames this face was classified on. */
    public int classifiedFrames() {
        return classified;
    }

    /** Returns the share of its classified frames on which the smoothed label was the masked class. */
    public double maskedShare() {
        return classified == 0 ? 0 : masked / (double) classified;
    }
}
