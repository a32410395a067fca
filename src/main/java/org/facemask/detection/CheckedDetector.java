package org.facemask.detection;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.facemask.dataset.ClassNames;
import org.facemask.model.MaskClassifier;
import org.facemask.model.Prediction;

/**
 * A detector run at a low score threshold, whose candidates a face check (a classifier trained on
 * this very detector's hits and misses, classes {@code face} / {@code not_face}) keeps or drops.
 * See {@link FaceDetector#checked}.
 */
final class CheckedDetector implements FaceDetector {

    /**
     * Weight of the check's log-odds next to the detector's. Neither opinion alone is enough: on
     * the scene photos' tuning side, the check alone found fewer faces than the detector score at
     * the same false detections; half the check's log-odds added to the detector's found the most.
     */
    static final double CHECK_WEIGHT = 0.5;

    private final FaceDetector candidates;
    private final MaskClassifier check;
    private final double minCheckedScore;

    CheckedDetector(FaceDetector candidates, MaskClassifier check, double minCheckedScore) {
        if (!check.classes().contains(ClassNames.FACE) || !check.classes().contains(ClassNames.NOT_FACE)) {
            throw new IllegalArgumentException("a face check classifies " + ClassNames.FACE + " vs "
                    + ClassNames.NOT_FACE + ", this model classifies " + check.classes());
        }
        this.candidates = candidates;
        this.check = check;
        this.minCheckedScore = minCheckedScore;
    }

    @Override
    public List<DetectedFace> detect(BufferedImage image) {
        List<DetectedFace> found = candidates.detect(image);
        if (found.isEmpty()) {
            return found;
        }
        List<BufferedImage> crops = new ArrayList<>(found.size());
        for (DetectedFace face : found) {
            crops.add(face.crop(image, FaceDetector.CHECK_MARGIN));
        }
        List<Prediction> verdicts = check.predict(crops);
        List<DetectedFace> faces = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            double face = verdicts.get(i).probabilities().get(ClassNames.FACE);
            if (checkedScore(found.get(i).score(), face) >= minCheckedScore) {
                faces.add(found.get(i));
            }
        }
        return faces;
    }

    /**
     * Pools the two opinions on the log-odds scale (a weighted product of odds).
     *
     * @param detectorScore the detector's face score
     * @param checkProbability the check's probability of {@code face}
     * @return the pooled probability that the candidate is a face
     */
    static double checkedScore(double detectorScore, double checkProbability) {
        double logOdds = logit(detectorScore) + CHECK_WEIGHT * logit(checkProbability);
        return 1 / (1 + Math.exp(-logOdds));
    }

    private static double logit(double p) {
        // Probabilities of exactly 0 or 1 (float rounding) would make the log-odds infinite.
        double clipped = Math.min(1 - 1e-6, Math.max(1e-6, p));
        return Math.log(clipped / (1 - clipped));
    }

    @Override
    public void close() {
        try {
            candidates.close();
        } finally {
            check.close();
        }
    }
}
