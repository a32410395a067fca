package org.facemask.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.facemask.Fixtures;
import org.facemask.detection.DetectorSpec;
import org.facemask.detection.FaceDetector;
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
            assertEquals(Map.of(),
                    DetectedCrops.extract(Fixtures.SCENES, tmp.resolve("none"), detector, photo -> false));
        }
    }

    @Test
    void the_face_check_set_holds_the_matched_faces_and_the_best_scored_misses_named_by_score(@TempDir Path tmp)
            throws Exception {
        try (FaceDetector detector = new DetectorSpec(Fixtures.DETECTORS, 1, 0.05).load()) {
            Map<String, Integer> counts =
                    DetectedCrops.extractFaceChecks(Fixtures.SCENES, tmp, detector, photo -> true, 4);
            // The three annotated faces; at 0.05 the detectors also fire on more than four other places.
            assertEquals(Map.of("face", 3, "not_face", 4), counts);
        }
        List<Double> notFaceScores;
        try (Stream<Path> files = Files.list(tmp.resolve("not_face"))) {
            notFaceScores = files.map(f -> f.getFileName().toString())
                    .sorted(Comparator.comparingInt(DetectedCropsTest::index))
                    .map(name -> Double.parseDouble(name.replaceFirst(".*_s([0-9.]+)\\.png$", "$1"))).toList();
        }
        assertTrue(notFaceScores.stream().allMatch(s -> s >= 0.05), notFaceScores.toString());
        List<Double> bestFirst = new ArrayList<>(notFaceScores);
        bestFirst.sort(Comparator.reverseOrder());
        assertEquals(bestFirst, notFaceScores, "the best-scored false detections are kept, in score order");
        // A face-check crop is the classifier's crop of the same face plus a quarter on every side.
        try (FaceDetector detector = new DetectorSpec(Fixtures.DETECTORS, 1, 0.05).load()) {
            DetectedCrops.extract(Fixtures.SCENES, tmp.resolve("classifier"), detector, photo -> true);
        }
        for (int i = 0; i < 3; i++) {
            BufferedImage classifierCrop = ImageIO.read(find(tmp.resolve("classifier"), "_d" + i + ".png").toFile());
            BufferedImage checkCrop = ImageIO.read(find(tmp.resolve("face"), "_c" + i + "_s").toFile());
            assertEquals(1.5 * classifierCrop.getWidth(), checkCrop.getWidth(), 2.0);
            assertEquals(1.5 * classifierCrop.getHeight(), checkCrop.getHeight(), 2.0);
        }
    }

    private static Path find(Path root, String namePart) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().contains(namePart)).findFirst().orElseThrow();
        }
    }

    private static int index(String name) {
        return Integer.parseInt(name.replaceFirst(".*_c(\\d+)_s.*", "$1"));
    }
}
