package org.facemask.detection;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;

/**
 * Which face detectors to run and how: the ONNX files (merged when several), tiles per side,
 * minimum face score and an optional face check of the candidates. A value, so a service can be
 * configured before anything is loaded.
 *
 * @param files detector ONNX files; empty = no face detection
 * @param grid tiles per side besides the whole image (1 = whole image only)
 * @param threshold minimum face score
 * @param check face-check model folder (classes {@code face}, {@code not_face}), or null for none
 * @param checkThreshold the checked score (detector score and check pooled) a candidate needs
 */
public record DetectorSpec(List<Path> files, int grid, double threshold, Path check, double checkThreshold) {

    /** Validates and copies. */
    public DetectorSpec {
        files = List.copyOf(files);
        if (grid < 1) {
            throw new IllegalArgumentException("grid must be at least 1, not " + grid);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("face threshold must be in (0, 1), not " + threshold);
        }
        if (!(checkThreshold > 0 && checkThreshold < 1)) {
            throw new IllegalArgumentException("face-check threshold must be in (0, 1), not " + checkThreshold);
        }
    }

    /**
     * Detectors without a face check.
     *
     * @param files detector ONNX files; empty = no face detection
     * @param grid tiles per side besides the whole image (1 = whole image only)
     * @param threshold minimum face score
     */
    public DetectorSpec(List<Path> files, int grid, double threshold) {
        this(files, grid, threshold, null, 0.5);
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
        return files + " at score >= " + threshold + (grid > 1 ? ", " + grid + " x " + grid + " tiles" : "")
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
            for (Path file : files) {
                parts.add(FaceDetector.tiled(FaceDetector.load(file, threshold), grid));
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
