package org.facemask.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression: the best box of each overlapping cluster survives. */
public final class NonMaxSuppression {

    private NonMaxSuppression() {}

    /**
     * Keeps the highest-scoring boxes, dropping any box that overlaps a kept one by more than the
     * threshold.
     *
     * @param boxes candidates in any order
     * @param iouThreshold e.g. 0.3
     * @return the kept boxes, best first
     */
    public static List<DetectedFace> apply(List<DetectedFace> boxes, double iouThreshold) {
        List<DetectedFace> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
        List<DetectedFace> kept = new ArrayList<>();
        for (DetectedFace candidate : sorted) {
            boolean overlaps = false;
            for (DetectedFace k : kept) {
                if (k.iou(candidate) > iouThreshold) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                kept.add(candidate);
            }
        }
        return kept;
    }
}
