package org.facemask.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoxCalibrationTest {

    private static DetectorSpec spec(String... files) {
        List<Double> thresholds = java.util.Collections.nCopies(files.length, 0.5);
        return new DetectorSpec(java.util.Arrays.stream(files).map(Path::of).toList(), thresholds, 1, 640, null, 0.4);
    }

    @Test
    void the_bundled_pair_is_calibrated_and_other_detectors_are_left_alone() {
        assertEquals(BoxCalibration.BUNDLED, BoxCalibration.of(spec("models/detectors/yunet/yunet-n-decoded.onnx",
                "models/detectors/aizoo-facemask/aizoo-facemask-360.onnx")));
        assertEquals(BoxCalibration.NONE, BoxCalibration.of(spec("models/detectors/yunet/yunet-n-decoded.onnx")));
        assertEquals(BoxCalibration.NONE, BoxCalibration.of(spec(
                "models/detectors/ultraface-masked/RFB-640-masked_face-v2.onnx")));
    }

    @Test
    void a_bundled_box_moves_down_and_gets_shorter_keeping_score_and_landmarks() {
        DetectedFace face = new DetectedFace(100, 100, 140, 150, 0.9, 0.2);
        DetectedFace moved = BoxCalibration.BUNDLED.apply(face);
        double h = 50 * Math.exp(-0.138);
        assertEquals(125 + 0.137 * 50, (moved.y1() + moved.y2()) / 2, 1e-9, "centre moves down 13.7 % of the height");
        assertEquals(h, moved.y2() - moved.y1(), 1e-9, "height shrinks by 13 %");
        assertEquals(40 * Math.exp(0.033), moved.x2() - moved.x1(), 1e-9);
        assertEquals(0.9, moved.score());
        assertEquals(0.2, moved.maskedScore());
        assertSame(face, BoxCalibration.NONE.apply(face));
    }
}
