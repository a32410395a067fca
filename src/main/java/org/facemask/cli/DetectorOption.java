package org.facemask.cli;

import java.nio.file.Path;
import java.util.List;
import org.facemask.detection.DetectorSpec;
import picocli.CommandLine.Option;

/** The face-detection options shared by the commands that find faces; defaults to the bundled detectors. */
final class DetectorOption {

    /**
     * Minimum face scores of the bundled YuNet and AIZOO detectors without a face check: about one
     * false detection per scene photo (docs/scenes.md).
     */
    static final List<Double> BUNDLED_UNCHECKED = List.of(0.6, 0.4);
    /** Minimum face scores of the bundled detectors' candidates that a face check sees. */
    static final List<Double> BUNDLED_CHECKED = List.of(0.1, 0.3);
    /** Minimum face score of other detectors, without and with a face check. */
    static final double OTHER_UNCHECKED = 0.3;
    static final double OTHER_CHECKED = 0.1;

    @Option(names = "--detector", paramLabel = "ONNX", split = ",", defaultValue = "${env:FACEMASK_DETECTOR}",
            description = "Face detector ONNX file(s), comma-separated; several are merged; 'none' turns face"
                + " detection off [FACEMASK_DETECTOR] (default: the bundled YuNet-n + AIZOO 360).")
    List<String> detectors;

    @Option(names = "--grid", defaultValue = "${env:FACEMASK_FACE_GRID:-1}",
            description = "Detection tiles per side besides the whole image, for small faces; 1 = whole image only"
                + " [FACEMASK_FACE_GRID] (default 1).")
    int grid;

    @Option(names = "--face-threshold", split = ",", defaultValue = "${env:FACEMASK_FACE_THRESHOLD}",
            description = "Minimum face score of a detection: one for all detectors or one per --detector, in order"
                + " [FACEMASK_FACE_THRESHOLD] (default for the bundled YuNet, AIZOO: 0.6,0.4, or 0.1,0.3 with a"
                + " face check, which drops the false ones; other detectors " + OTHER_UNCHECKED + ", or "
                + OTHER_CHECKED + " checked; chosen on the scene photos).")
    List<Double> thresholds;

    @Option(names = "--detector-size", paramLabel = "PIXELS", defaultValue = "${env:FACEMASK_DETECTOR_SIZE:-800}",
            description = "Long side photos are scaled to for detectors that take any size (YuNet)"
                + " [FACEMASK_DETECTOR_SIZE] (default: ${DEFAULT-VALUE}).")
    int longSide;

    @Option(names = "--face-check", paramLabel = "bundled|DIR|none", defaultValue = "${env:FACEMASK_FACE_CHECK:-none}",
            description = "Face-check model (classes face / not_face) that confirms each detection: 'bundled' for"
                + " models/face-check-resnet18, a folder from"
                + " `crops --face-check-set` + `train`, or 'none' [FACEMASK_FACE_CHECK] (default: ${DEFAULT-VALUE}).")
    String check;

    @Option(names = "--face-check-threshold", defaultValue = "${env:FACEMASK_FACE_CHECK_THRESHOLD:-0.4}",
            description = "Checked score a detection needs: the detector's score and the check's probability of"
                + " 'face' pooled on the log-odds scale [FACEMASK_FACE_CHECK_THRESHOLD] (default: ${DEFAULT-VALUE}).")
    double checkThreshold;

    /** Returns the chosen detection settings. */
    DetectorSpec spec() {
        if (detectors != null && detectors.size() == 1 && detectors.get(0).equalsIgnoreCase("none")) {
            return DetectorSpec.none();
        }
        boolean bundled = detectors == null || detectors.isEmpty();
        List<Path> files = bundled ? FaceMaskCli.bundledDetectors() : detectors.stream().map(Path::of).toList();
        Path checkModel = check.equalsIgnoreCase("none") ? null
                : check.equalsIgnoreCase("bundled") ? FaceMaskCli.bundledFaceCheck() : Path.of(check);
        List<Double> minScores = thresholds != null && !thresholds.isEmpty() ? thresholds
                : bundled ? (checkModel != null ? BUNDLED_CHECKED : BUNDLED_UNCHECKED)
                : List.of(checkModel != null ? OTHER_CHECKED : OTHER_UNCHECKED);
        return new DetectorSpec(files, minScores, grid, longSide, checkModel, checkThreshold);
    }
}
