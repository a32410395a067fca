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
    static final double THRESHOLD_CHECKED = 0.07;

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

    @Option(names = "--face-check", paramLabel = "DIR|none", defaultValue = "${env:FACEMASK_FACE_CHECK}",
            description = "Face-check model (classes face / not_face, `crops --face-check-set` + `train`) that confirms"
                + " each detection; 'none' keeps every detection above --face-threshold (faster, fewer small faces)"
                + " [FACEMASK_FACE_CHECK] (default: the bundled models/face-check-resnet18).")
    String check;

    @Option(names = "--face-check-threshold", defaultValue = "${env:FACEMASK_FACE_CHECK_THRESHOLD:-0.12}",
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
        Path checkModel = check == null ? FaceMaskCli.bundledFaceCheck()
                : check.equalsIgnoreCase("none") ? null : Path.of(check);
        double minScore = threshold != null ? threshold : checkModel != null ? THRESHOLD_CHECKED : THRESHOLD_UNCHECKED;
        return new DetectorSpec(files, grid, minScore, checkModel, checkThreshold);
    }
}
