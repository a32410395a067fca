package org.facemask.cli;

import java.nio.file.Path;
import java.util.List;
import org.facemask.detection.DetectorSpec;
import picocli.CommandLine.Option;

/** The face-detection options shared by the commands that find faces; defaults to the bundled detectors. */
final class DetectorOption {

    @Option(names = "--detector", paramLabel = "ONNX", split = ",", defaultValue = "${env:FACEMASK_DETECTOR}",
            description = "Face detector ONNX file(s), comma-separated; several are merged; 'none' turns face"
                + " detection off [FACEMASK_DETECTOR] (default: the bundled AIZOO 360 + UltraFace 640).")
    List<String> detectors;

    @Option(names = "--grid", defaultValue = "${env:FACEMASK_FACE_GRID:-1}",
            description = "Detection tiles per side besides the whole image, for small faces; 1 = whole image only"
                + " [FACEMASK_FACE_GRID] (default 1).")
    int grid;

    @Option(names = "--face-threshold", defaultValue = "${env:FACEMASK_FACE_THRESHOLD:-0.3}",
            description = "Minimum face score of a detection [FACEMASK_FACE_THRESHOLD] (default 0.3, chosen on the scene photos:"
                + " more faces found at about one false detection per photo).")
    double threshold;

    /** Returns the chosen detection settings. */
    DetectorSpec spec() {
        if (detectors != null && detectors.size() == 1 && detectors.get(0).equalsIgnoreCase("none")) {
            return DetectorSpec.none();
        }
        List<Path> files = detectors == null || detectors.isEmpty() ? FaceMaskCli.bundledDetectors()
                : detectors.stream().map(Path::of).toList();
        return new DetectorSpec(files, grid, threshold);
    }
}
