package org.facemask.detection;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Several detectors' faces united (see {@link FaceDetector#merged}). */
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
        return NonMaxSuppression.apply(all, MERGE_IOU);
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
