package org.facemask.detection;

import java.nio.file.Path;
import java.util.List;

/**
 * Moves and resizes detector boxes onto the face annotations' convention: the bundled detectors
 * frame a face from the forehead down, the annotated scene photos from the brows to the chin, so
 * a detector box sits about 14 % of its height too high and is 13 % too tall. At IoU ≥ 0.5 that
 * costs small faces most, where a few pixels are a large share of the box. Offsets are shares of
 * the detector box's width and height; sizes are log ratios.
 *
 * @param dx centre shift right, share of the box's width
 * @param dy centre shift down, share of the box's height
 * @param logWidth log of the width ratio (annotation ÷ detection)
 * @param logHeight log of the height ratio
 */
public record BoxCalibration(double dx, double dy, double logWidth, double logHeight) {

    /** Leaves boxes as the detectors give them. */
    public static final BoxCalibration NONE = new BoxCalibration(0, 0, 0, 0);

    /**
     * The bundled YuNet-n + AIZOO 360 pair: medians over 1,769 detections matched (IoU ≥ 0.3) to
     * annotated faces on the 426 scene photos outside the hold-out; the same within 0.02 for
     * faces under 16, 16–32 and over 32 px (docs/video.md).
     */
    public static final BoxCalibration BUNDLED = new BoxCalibration(0.015, 0.137, 0.033, -0.138);

    private static final List<String> BUNDLED_FILES = List.of("yunet-n-decoded.onnx", "aizoo-facemask-360.onnx");

    /**
     * Returns the calibration for a set of detectors: {@link #BUNDLED} for the bundled pair, in
     * order, and {@link #NONE} for any other set, which was not measured.
     *
     * @param detectors the detector settings
     * @return the calibration
     */
    public static BoxCalibration of(DetectorSpec detectors) {
        List<String> names = detectors.files().stream().map(Path::getFileName).map(Path::toString).toList();
        return names.equals(BUNDLED_FILES) ? BUNDLED : NONE;
    }

    /**
     * Applies the calibration.
     *
     * @param face a detection
     * @return the same detection with its box moved and resized; score and landmarks kept
     */
    public DetectedFace apply(DetectedFace face) {
        if (equals(NONE)) {
            return face;
        }
        double w = face.x2() - face.x1();
        double h = face.y2() - face.y1();
        double cx = (face.x1() + face.x2()) / 2 + dx * w;
        double cy = (face.y1() + face.y2()) / 2 + dy * h;
        double halfW = w * Math.exp(logWidth) / 2;
        double halfH = h * Math.exp(logHeight) / 2;
        return new DetectedFace(cx - halfW, cy - halfH, cx + halfW, cy + halfH, face.score(), face.maskedScore(),
                face.landmarks());
    }
}
