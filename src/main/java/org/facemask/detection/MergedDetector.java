package org.facemask.detection;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Several detectors' faces united, each face once, with landmarks if any detector gave them (see {@link FaceDetector#merged}). */
final class MergedDetector implements FaceDetector {

    /** Overlap above which two faces from different passes or models are one face. */
    static final double MERGE_IOU = 0.4;

    private final List<FaceDetector> parts;

    MergedDetector(List<FaceDetector> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public List<DetectedFace> detect(BufferedImage image) {
        List<DetectedFace> all = new ArrayList<>();
        for (FaceDetector part : parts) {
            all.addAll(part.detect(image));
        }
        List<DetectedFace> kept = NonMaxSuppression.apply(all, MERGE_IOU);
        List<DetectedFace> faces = new ArrayList<>(kept.size());
        for (DetectedFace face : kept) {
            faces.add(face.landmarks() != null ? face : withLandmarksOfTwin(face, all));
        }
        return faces;
    }

    /**
     * Gives a kept face the landmarks of the best box another detector found for the same face: a
     * masked-face detector often wins on score, but only a landmark detector knows where the eyes are.
     */
    private static DetectedFace withLandmarksOfTwin(DetectedFace face, List<DetectedFace> all) {
        DetectedFace twin = null;
        for (DetectedFace other : all) {
            if (other.landmarks() != null && other.iou(face) > MERGE_IOU
                    && (twin == null || other.score() > twin.score())) {
                twin = other;
            }
        }
        return twin == null ? face : new DetectedFace(face.x1(), face.y1(), face.x2(), face.y2(), face.score(),
                face.maskedScore(), twin.landmarks());
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (FaceDetector part : parts) {
            try {
                part.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
