package org.facemask.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.facemask.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectedCropsTest {

    @Test
    void each_detected_face_is_cut_at_the_detector_box_and_labelled_by_the_annotation(@TempDir Path tmp)
            throws Exception {
        try (FaceDetector detector = new DetectorSpec(Fixtures.DETECTORS, 1, 0.2).load()) {
            // A low threshold finds an extra, unannotated "face" too: it must not become a crop.
            Map<String, Integer> counts = DetectedCrops.extract(Fixtures.SCENES, tmp, detector, photo -> true);
            assertEquals(Map.of("mask", 1, "no_mask", 2), counts);
            BufferedImage mask = ImageIO.read(tmp.resolve("mask/maksssksksss0_d1.png").toFile());
            // The annotated box is 41 x 44 px; the detector's (no margin added) is larger.
            assertEquals(true, mask.getWidth() >= 41 && mask.getHeight() >= 44,
                    mask.getWidth() + "x" + mask.getHeight());
        }
        try (FaceDetector detector = FaceDetector.load(Fixtures.AIZOO, 0.5)) {
            assertEquals(Map.of(), DetectedCrops.extract(Fixtures.SCENES, tmp.resolve("none"), detector, photo -> false));
        }
    }
}
