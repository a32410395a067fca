package org.facemask.detection;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;

/**
 * Which face detectors to run and how: the ONNX files (merged when several), each one's minimum
 * face score, tiles per side, the input size of detectors that take any size, and an optional face
 * check of the candidates. A value, so a service can be configured before anything is loaded.
 *
 * @param files detector ONNX files; empty = no face detection
 * @param thresholds minimum face score of each file, in order; one value applies to all
 * @param grid tiles per side besides the whole image (1 = whole image only)
 * @param longSide the long side photos are scaled to for detectors with a dynamic input (YuNet)
 * @param check face-check model folder (classes {@code face}, {@code not_face}), or null for none
 * @param checkThreshold the checked score (detector score and check pooled) a candidate needs
 */
public record DetectorSpec(List<Path> files, List<Double> thresholds, int grid, int longSide, Path check,
        double checkThreshold) {

    /** Validates and copies. */
    public DetectorSpec {
        files = List.copyOf(files);
        thresholds = List.copyOf(thresholds);
        if (grid < 1) {
            throw new IllegalArgumentException("grid must be at least 1, not " + grid);
        }
        if (thresholds.size() != 1 && thresholds.size() != files.size()) {
            throw new IllegalArgumentException(thresholds.size() + " face thresholds for " + files.size()
                    + " detectors: give one for all or one per detector");
        }
        for (double threshold : thresholds) {
            if (!(threshold > 0 && threshold < 1)) {
                throw new IllegalArgumentException("face threshold must be in (0, 1), not " + threshold);
            }
        }
        if (longSide < 32) {
            throw new IllegalArgumentException("detector input long side must be at least 32, not " + longSide);
        }
        if (!(checkThreshold > 0 && checkThreshold < 1)) {
            throw new IllegalArgumentException("face-check threshold must be in (0, 1), not " + checkThreshold);
        }
    }

    /**
     * Detectors at one threshold, the default input size, with a face check.
     *
     * @param files detector ONNX files; empty = no face detection
     * @param grid tiles per side besides the whole image (1 = whole image only)
     * @param threshold minimum face score of every detector
     * @param check face-check model folder, or null for none
     * @param checkThreshold the checked score a candidate needs
     */
    public DetectorSpec(List<Path> files, int grid, double threshold, Path check, double checkThreshold) {
        this(files, List.of(threshold), grid, FaceDetector.DEFAULT_LONG_SIDE, check, checkThreshold);
    }

    /**
     * Detectors at one threshold, the default input size, without a face check.
     *
     * @param files detector ONNX files; empty = no face detection
     * @param grid tiles per side besides the whole image (1 = whole image only)
     * @param threshold minimum face score of every detector
     */
    public DetectorSpec(List<Path> files, int grid, double threshold) {
        this(files, grid, threshold, null, 0.5);
    }

    /** Returns the minimum face score of the detector at {@code index}. */
    public double threshold(int index) {
        return thresholds.size() == 1 ? thresholds.get(0) : thresholds.get(index);
    }

    /** Returns a spec that detects nothing: every image is classified whole. */
    public static DetectorSpec none() {
        return new DetectorSpec(List.of(), 1, FaceDetector.DEFAULT_THRESHOLD);
    }

    /** Returns what runs, for a log line: the files, threshold, tiles and check. */
    public String describe() {
        if (!enabled()) {
            return "nothing (whole images)";
        }
        return files + " at score >= " + (thresholds.size() == 1 ? thresholds.get(0) : thresholds)
                + ", dynamic-input detectors at " + longSide + " px"
                + (grid > 1 ? ", " + grid + " x " + grid + " tiles" : "")
                + (check == null ? "" : ", checked by " + check + " at checked score >= " + checkThreshold);
    }

    /** Returns whether any detector is configured. */
    public boolean enabled() {
        return !files.isEmpty();
    }

    /**
     * Loads the detectors, each tiled, merged into one, behind the face check if there is one.
     *
     * @return the detector
     * @throws IllegalStateException if none is configured
     * @throws org.facemask.model.ModelArtifactException if a file is missing or not a detector, or
     *     the face-check model is missing or corrupt
     */
    public FaceDetector load() {
        if (!enabled()) {
            throw new IllegalStateException("no face detector configured");
        }
        List<FaceDetector> parts = new ArrayList<>();
        try {
            for (int i = 0; i < files.size(); i++) {
                parts.add(FaceDetector.tiled(FaceDetector.load(files.get(i), threshold(i), longSide), grid));
            }
        } catch (RuntimeException e) {
            parts.forEach(FaceDetector::close);
            throw e;
        }
        FaceDetector merged = FaceDetector.merged(parts);
        if (check == null) {
            return merged;
        }
        MaskClassifier classifier = null;
        try {
            classifier = MaskClassifier.load(check, Backend.ONNX);
            // The first inference allocates and plans: not on a user's request.
            classifier.predict(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB));
            return FaceDetector.checked(merged, classifier, checkThreshold);
        } catch (RuntimeException e) {
            if (classifier != null) {
                classifier.close();
            }
            merged.close();
            throw e;
        }
    }
}
