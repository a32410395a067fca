package org.facemask.cli;

import java.nio.file.Path;
import java.util.List;
import org.facemask.detection.DetectorSpec;
import picocli.CommandLine.Option;

/** The face-detection options shared by the commands that find faces; defaults to the bundled detectors. */
final class DetectorOption {

    /** Minimum face score without a face check: about one false detection per scene photo. */
    static final double THRESHOLD_UNCHECKED = 0.3;
    /** Minimum face score of the candidates a face check sees. */
    static final double THRESHOLD_CHECKED = 0.1;

    @Option(names = "--detector", paramLabel = "ONNX", split = ",", defaultValue = "${env:FACEMASK_DETECTOR}",
            description = "Face detector ONNX file(s), comma-separated; several are merged; 'none' turns face"
                + " detection off [FACEMASK_DETECTOR] (default: the bundled AIZOO 360 + UltraFace 640).")
    List<String> detectors;

    @Option(names = "--grid", defaultValue = "${env:FACEMASK_FACE_GRID:-1}",
            description = "Detection tiles per side besides the whole image, for small faces; 1 = whole image only"
                + " [FACEMASK_FACE_GRID] (default 1).")
    int grid;

    @Option(names = "--face-threshold", defaultValue = "${env:FACEMASK_FACE_THRESHOLD}",
            description = "Minimum face score of a detection [FACEMASK_FACE_THRESHOLD] (default " + THRESHOLD_CHECKED
                + " with a face check, which drops the false ones, else " + THRESHOLD_UNCHECKED + "; chosen on the"
                + " scene photos).")
    Double threshold;

    @Option(names = "--face-check", paramLabel = "bundled|DIR|none", defaultValue = "${env:FACEMASK_FACE_CHECK:-none}",
            description = "Face-check model (classes face / not_face) that confirms each detection: 'bundled' for"
                + " models/face-check-resnet18 (about 6 %% more faces found, a fifth to a third less"
                + " scene throughput), a folder from"
                + " `crops --face-check-set` + `train`, or 'none' [FACEMASK_FACE_CHECK] (default: ${DEFAULT-VALUE}).")
    String check;

    @Option(names = "--face-check-threshold", defaultValue = "${env:FACEMASK_FACE_CHECK_THRESHOLD:-0.11}",
            description = "Checked score a detection needs: the detector's score and the check's probability of"
                + " 'face' pooled on the log-odds scale [FACEMASK_FACE_CHECK_THRESHOLD] (default: ${DEFAULT-VALUE}).")
    double checkThreshold;

    /** Returns the chosen detection settings. */
    DetectorSpec spec() {
        if (detectors != null && detectors.size() == 1 && detectors.get(0).equalsIgnoreCase("none")) {
            return DetectorSpec.none();
        }
        List<Path> files = detectors == null || detectors.isEmpty() ? FaceMaskCli.bundledDetectors()
                : detectors.stream().map(Path::of).toList();
        Path checkModel = check.equalsIgnoreCase("none") ? null
                : check.equalsIgnoreCase("bundled") ? FaceMaskCli.bundledFaceCheck() : Path.of(check);
        double minScore = threshold != null ? threshold : checkModel != null ? THRESHOLD_CHECKED : THRESHOLD_UNCHECKED;
        return new DetectorSpec(files, grid, minScore, checkModel, checkThreshold);
    }
}
