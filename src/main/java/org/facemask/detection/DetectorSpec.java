package org.facemask.detection;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which face detectors to run and how: the ONNX files (merged when several), tiles per side and
 * minimum face score. A value, so a service can be configured before anything is loaded.
 *
 * @param files detector ONNX files; empty = no face detection
 * @param grid tiles per side besides the whole image (1 = whole image only)
 * @param threshold minimum face score
 */
public record DetectorSpec(List<Path> files, int grid, double threshold) {

    /** Validates and copies. */
    public DetectorSpec {
        files = List.copyOf(files);
        if (grid < 1) {
            throw new IllegalArgumentException("grid must be at least 1, not " + grid);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("face threshold must be in (0, 1), not " + threshold);
        }
    }

    /** Returns a spec that detects nothing: every image is classified whole. */
    public static DetectorSpec none() {
        return new DetectorSpec(List.of(), 1, FaceDetector.DEFAULT_THRESHOLD);
    }

    /** Returns whether any detector is configured. */
    public boolean enabled() {
        return !files.isEmpty();
    }

    /**
     * Loads the detectors, each tiled, merged into one.
     *
     * @return the detector
     * @throws IllegalStateException if none is configured
     * @throws org.facemask.model.ModelArtifactException if a file is missing or not a detector
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
        return FaceDetector.merged(parts);
    }
}
