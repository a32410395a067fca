package org.facemask.video;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facemask.detection.DetectedFace;

/**
 * Multi-object tracking scores from frames whose true boxes are known, clip after clip:
 * CLEAR-MOT (MOTA, identity switches; Bernardin and Stiefelhagen 2008) and IDF1 (Ristani et al.
 * 2016). A true box and a track's box correspond when they overlap by IoU ≥ {@link #MATCH_IOU}.
 * Identities are per clip: call {@link #endClip} after each. Not thread-safe.
 */
public final class TrackingMetrics {

    /** Minimum overlap for a track's box to stand for a true box. */
    public static final double MATCH_IOU = 0.5;

    /**
     * A box with an identity: a true face's id, or a track id.
     *
     * @param id the identity, unique within a clip
     * @param box the box
     */
    public record Box(int id, DetectedFace box) {}

    private long frames;
    private long truths;
    private long hypotheses;
    private long matches;
    private long idSwitches;
    private long idTruePositives;
    // Per clip: each true identity's last matched track, and the IDF1 co-occurrence counts.
    private final Map<Integer, Integer> lastMatch = new HashMap<>();
    private final Map<Integer, Map<Integer, Integer>> overlaps = new LinkedHashMap<>();
    private final List<Integer> trackIds = new ArrayList<>();

    /**
     * Adds one frame.
     *
     * @param truth the true boxes on it
     * @param tracks the tracks' boxes on it
     */
    public void frame(List<Box> truth, List<Box> tracks) {
        frames++;
        truths += truth.size();
        hypotheses += tracks.size();
        for (Box t : tracks) {
            if (!trackIds.contains(t.id())) {
                trackIds.add(t.id());
            }
        }
        double[][] iou = new double[truth.size()][tracks.size()];
        for (int g = 0; g < truth.size(); g++) {
            Map<Integer, Integer> row = overlaps.computeIfAbsent(truth.get(g).id(), k -> new LinkedHashMap<>());
            for (int h = 0; h < tracks.size(); h++) {
                iou[g][h] = truth.get(g).box().iou(tracks.get(h).box());
                if (iou[g][h] >= MATCH_IOU) {
                    row.merge(tracks.get(h).id(), 1, Integer::sum);
                }
            }
        }
        int[] match = clearMotMatch(truth, tracks, iou);
        for (int g = 0; g < truth.size(); g++) {
            if (match[g] < 0) {
                continue;
            }
            matches++;
            int id = truth.get(g).id();
            int track = tracks.get(match[g]).id();
            Integer before = lastMatch.put(id, track);
            if (before != null && before != track) {
                idSwitches++;
            }
        }
    }

    /**
     * CLEAR-MOT's matching: a true box keeps the track it was last matched to while they still
     * overlap enough; the others are matched one to one, as many pairs as possible, then by the
     * largest total overlap.
     */
    private int[] clearMotMatch(List<Box> truth, List<Box> tracks, double[][] iou) {
        int[] match = new int[truth.size()];
        boolean[] taken = new boolean[tracks.size()];
        for (int g = 0; g < truth.size(); g++) {
            match[g] = -1;
            Integer kept = lastMatch.get(truth.get(g).id());
            for (int h = 0; kept != null && h < tracks.size(); h++) {
                if (tracks.get(h).id() == kept && iou[g][h] >= MATCH_IOU && !taken[h]) {
                    match[g] = h;
                    taken[h] = true;
                }
            }
        }
        // Each pair weighs more than any total of overlaps, so the most pairs win first.
        double pair = Math.max(truth.size(), tracks.size()) + 1;
        double[][] weights = new double[truth.size()][tracks.size()];
        for (int g = 0; g < truth.size(); g++) {
            for (int h = 0; h < tracks.size(); h++) {
                boolean open = match[g] < 0 && !taken[h] && iou[g][h] >= MATCH_IOU;
                weights[g][h] = open ? pair + iou[g][h] : 0;
            }
        }
        int[] rest = BipartiteMatching.maximumWeight(weights, tracks.size());
        for (int g = 0; g < truth.size(); g++) {
            if (match[g] < 0) {
                match[g] = rest[g];
            }
        }
        return match;
    }

    /**
     * Ends a clip: matches its true identities to its track ids one to one for IDF1, the pairing
     * that shares the most frames, and forgets both.
     */
    public void endClip() {
        List<Integer> ids = new ArrayList<>(overlaps.keySet());
        double[][] shared = new double[ids.size()][trackIds.size()];
        for (int g = 0; g < ids.size(); g++) {
            for (int h = 0; h < trackIds.size(); h++) {
                shared[g][h] = overlaps.get(ids.get(g)).getOrDefault(trackIds.get(h), 0);
            }
        }
        int[] match = BipartiteMatching.maximumWeight(shared, trackIds.size());
        for (int g = 0; g < ids.size(); g++) {
            if (match[g] >= 0) {
                idTruePositives += (long) shared[g][match[g]];
            }
        }
        lastMatch.clear();
        overlaps.clear();
        trackIds.clear();
    }

    /** Returns the frames added. */
    public long frames() {
        return frames;
    }

    /** Returns the true boxes over all frames. */
    public long truths() {
        return truths;
    }

    /** Returns the true boxes no track matched (CLEAR-MOT's FN). */
    public long misses() {
        return truths - matches;
    }

    /** Returns the track boxes matched to no true box (CLEAR-MOT's FP). */
    public long falsePositives() {
        return hypotheses - matches;
    }

    /** Returns how often a true face was matched to another track than the one it was last matched to. */
    public long idSwitches() {
        return idSwitches;
    }

    /** Returns MOTA: 1 − (misses + false positives + identity switches) / true boxes. */
    public double mota() {
        return truths == 0 ? Double.NaN : 1 - (misses() + falsePositives() + idSwitches) / (double) truths;
    }

    /** Returns the share of true boxes matched by a track. */
    public double recall() {
        return truths == 0 ? Double.NaN : matches / (double) truths;
    }

    /**
     * Returns IDF1: 2 IDTP / (2 IDTP + IDFP + IDFN), where IDTP counts the frames on which a true
     * face is matched by the track its identity was paired with over the whole clip.
     *
     * @return IDF1, NaN before any box
     */
    public double idf1() {
        long total = truths + hypotheses;
        // 2 IDTP + IDFP + IDFN = (IDTP + IDFN) + (IDTP + IDFP) = true boxes + track boxes
        return total == 0 ? Double.NaN : 2.0 * idTruePositives / total;
    }
}
