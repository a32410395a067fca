package org.facemask.video;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.facemask.detection.DetectedFace;

/**
 * Follows faces across video frames in the SORT / ByteTrack manner: each track's box is predicted
 * by a constant-velocity Kalman filter and matched to the frame's detections by overlap (IoU),
 * first the confident detections, then the low-score ones, which keep tracks alive through blur
 * and turned heads but never start one. A track gets an id once it was matched on
 * {@code minHits} analysed frames and is dropped after {@code maxMissed} analysed frames
 * without a match. Not thread-safe: one tracker per stream.
 */
public final class Tracker {

    /**
     * Tracker settings.
     *
     * @param highScore detections at or above this score are confident: they match first and can
     *     start tracks; lower ones only keep tracks alive
     * @param matchIou the overlap a confident detection needs with a track's predicted box
     * @param lowMatchIou the overlap a low-score detection needs
     * @param minHits analysed frames with a match before a track gets its id
     * @param maxMissed analysed frames without a match after which a track is dropped
     */
    public record Settings(double highScore, double matchIou, double lowMatchIou, int minHits, int maxMissed) {

        /** Validates. */
        public Settings {
            if (!(matchIou > 0 && matchIou < 1) || !(lowMatchIou > 0 && lowMatchIou < 1) || minHits < 1
                    || maxMissed < 0) {
                throw new IllegalArgumentException("invalid tracker settings: " + this);
            }
        }

        /**
         * The defaults: ByteTrack's overlaps (0.2 first, 0.5 for low-score detections), an id
         * after two matches, dropped after ten analysed frames unseen.
         *
         * @param highScore the confident detection score
         * @return the settings
         */
        public static Settings defaults(double highScore) {
            return new Settings(highScore, 0.2, 0.5, 2, 10);
        }
    }

    private final Settings settings;
    private final Supplier<LabelSmoother> smoothers;
    private final List<Track> tracks = new ArrayList<>();
    private final List<Track> removed = new ArrayList<>();
    private long frame = -1;
    private long updates;
    private int nextId = 1;

    /**
     * A tracker.
     *
     * @param settings the settings
     * @param smoothers makes each new track's label smoother
     */
    public Tracker(Settings settings, Supplier<LabelSmoother> smoothers) {
        this.settings = settings;
        this.smoothers = smoothers;
    }

    /**
     * Moves every track one frame ahead without detections (a frame that is not analysed).
     *
     * @return the confirmed tracks
     */
    public List<Track> predict() {
        frame++;
        for (Track t : tracks) {
            t.predict();
        }
        return tracks();
    }

    /**
     * Moves every track one frame ahead and matches it to this frame's detections.
     *
     * @param detections the frame's faces, at any score down to the detector's low threshold
     * @return the confirmed tracks
     */
    public List<Track> update(List<DetectedFace> detections) {
        predict();
        List<DetectedFace> high = new ArrayList<>();
        List<DetectedFace> low = new ArrayList<>();
        for (DetectedFace d : detections) {
            (d.score() >= settings.highScore() ? high : low).add(d);
        }
        List<Track> unmatched = new ArrayList<>(tracks);
        List<DetectedFace> newFaces = associate(unmatched, high, settings.matchIou());
        // Low-score detections only keep confirmed tracks going (ByteTrack's second association).
        List<Track> confirmedLeft = new ArrayList<>(unmatched.stream().filter(Track::confirmed).toList());
        associate(confirmedLeft, low, settings.lowMatchIou());
        // Last, by distance: after a long stretch of frames that were not analysed, a prediction
        // can lose its face without any overlap while the face is still close by.
        newFaces = associateByDistance(confirmedLeft, newFaces);
        unmatched.removeIf(t -> t.detection() != null);
        for (Track t : unmatched) {
            t.missed();
        }
        tracks.removeIf(t -> {
            boolean drop = t.confirmed() ? t.misses() > settings.maxMissed() : t.misses() > 0;
            if (drop && t.confirmed()) {
                removed.add(t);
            }
            return drop;
        });
        for (DetectedFace d : newFaces) {
            tracks.add(new Track(d, frame, smoothers.get()));
        }
        for (Track t : tracks) {
            // On the first analysed frame every confident face is taken at its word (as ByteTrack does).
            if (!t.confirmed() && (t.hits() >= settings.minHits() || updates == 0)) {
                t.confirm(nextId++);
            }
        }
        updates++;
        return tracks();
    }

    /**
     * Greedily pairs tracks and detections by descending overlap; matched tracks leave
     * {@code open}.
     *
     * @return the detections left unmatched
     */
    private List<DetectedFace> associate(List<Track> open, List<DetectedFace> faces, double minIou) {
        record Pair(Track track, DetectedFace face, double iou) {}
        List<Pair> pairs = new ArrayList<>();
        for (Track t : open) {
            DetectedFace predicted = t.box();
            for (DetectedFace f : faces) {
                double iou = predicted.iou(f);
                if (iou >= minIou) {
                    pairs.add(new Pair(t, f, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        List<DetectedFace> left = new ArrayList<>(faces);
        List<Track> taken = new ArrayList<>();
        for (Pair p : pairs) {
            if (!taken.contains(p.track()) && left.contains(p.face())) {
                p.track().matched(p.face(), frame);
                taken.add(p.track());
                left.remove(p.face());
            }
        }
        open.removeAll(taken);
        return left;
    }

    /**
     * Pairs confirmed tracks left over with confident detections left over whose centre lies
     * within the track's box size of the predicted centre and whose size is within a factor of
     * 1.5, nearest first.
     *
     * @return the detections left unmatched
     */
    private List<DetectedFace> associateByDistance(List<Track> open, List<DetectedFace> faces) {
        record Pair(Track track, DetectedFace face, double distance) {}
        List<Pair> pairs = new ArrayList<>();
        for (Track t : open) {
            DetectedFace p = t.box();
            double size = Math.max(p.width(), p.height());
            for (DetectedFace f : faces) {
                double distance = Math.hypot((f.x1() + f.x2() - p.x1() - p.x2()) / 2,
                        (f.y1() + f.y2() - p.y1() - p.y2()) / 2);
                double ratio = Math.max(f.width(), f.height()) / size;
                if (distance < size && ratio > 1 / 1.5 && ratio < 1.5) {
                    pairs.add(new Pair(t, f, distance));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::distance));
        List<DetectedFace> left = new ArrayList<>(faces);
        for (Pair p : pairs) {
            if (open.contains(p.track()) && left.contains(p.face())) {
                p.track().matched(p.face(), frame);
                open.remove(p.track());
                left.remove(p.face());
            }
        }
        return left;
    }

    /** Returns the confirmed tracks, visible or briefly missing, in id order. */
    public List<Track> tracks() {
        return tracks.stream().filter(Track::confirmed).sorted(Comparator.comparingInt(Track::id)).toList();
    }

    /**
     * Returns the confirmed tracks dropped since the last call, and forgets them.
     *
     * @return the dropped tracks, in the order they were dropped
     */
    public List<Track> drainRemoved() {
        List<Track> out = List.copyOf(removed);
        removed.clear();
        return out;
    }

    /**
     * Ends the stream: every confirmed track counts as dropped.
     *
     * @return the tracks still open, which are now dropped
     */
    public List<Track> finish() {
        List<Track> open = tracks();
        tracks.clear();
        removed.clear();
        return open;
    }

    /** Returns the index of the current frame (0 for the first), -1 before it. */
    public long frame() {
        return frame;
    }
}
