package org.facemask.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facemask.Fixtures;
import org.facemask.dataset.VocCrops;
import org.facemask.evaluation.SceneEvaluator;
import org.facemask.image.ImageDecoder;
import org.facemask.model.ModelArtifactException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped detector on a real scene photo with annotated faces. */
class FaceDetectorTest {

    static final Path DETECTOR = Fixtures.ULTRAFACE;
    private static final Path AIZOO = Fixtures.AIZOO;
    private static final Path SCENES = Fixtures.SCENES;

    @Test
    void finds_every_annotated_face_of_a_scene_and_their_mask_state() throws Exception {
        VocCrops.Annotation truth = VocCrops.read(SCENES.resolve("annotations/maksssksksss0.xml"));
        BufferedImage scene = new ImageDecoder().decode(SCENES.resolve("images/" + truth.imageFile())).rgb();
        List<DetectedFace> found;
        try (FaceDetector detector = FaceDetector.load(DETECTOR, FaceDetector.DEFAULT_THRESHOLD)) {
            found = detector.detect(scene);
        }
        assertEquals(truth.faces().size(), found.size(), "faces found: " + found);
        for (VocCrops.FaceBox face : truth.faces()) {
            DetectedFace annotated = new DetectedFace(face.xmin(), face.ymin(), face.xmax(), face.ymax(), 1, 0);
            DetectedFace match = found.stream().max((a, b) -> Double.compare(a.iou(annotated), b.iou(annotated)))
                    .orElseThrow();
            assertTrue(match.iou(annotated) >= 0.5, face + " matched only at IoU " + match.iou(annotated));
            // The detector's own mask opinion agrees with the annotation on this photo (its README).
            assertEquals(face.label().equals("mask"), match.maskedScore() > 0.5, face + " vs " + match);
        }
    }

    @Test
    void tiled_detection_maps_tile_boxes_back_to_the_scene_and_merges_duplicates() throws Exception {
        VocCrops.Annotation truth = VocCrops.read(SCENES.resolve("annotations/maksssksksss0.xml"));
        BufferedImage scene = new ImageDecoder().decode(SCENES.resolve("images/" + truth.imageFile())).rgb();
        try (FaceDetector detector = FaceDetector.tiled(FaceDetector.load(DETECTOR, FaceDetector.DEFAULT_THRESHOLD), 2)) {
            List<DetectedFace> tiled = detector.detect(scene);
            // The same three faces, once each, where the annotation has them.
            assertEquals(truth.faces().size(), tiled.size(), "faces found: " + tiled);
            for (VocCrops.FaceBox face : truth.faces()) {
                DetectedFace annotated = new DetectedFace(face.xmin(), face.ymin(), face.xmax(), face.ymax(), 1, 0);
                assertTrue(tiled.stream().anyMatch(d -> d.iou(annotated) >= 0.5), face + " not found in " + tiled);
            }
        }
    }

    @Test
    void the_aizoo_contract_is_recognised_and_merging_keeps_each_face_once() throws Exception {
        VocCrops.Annotation truth = VocCrops.read(SCENES.resolve("annotations/maksssksksss0.xml"));
        BufferedImage scene = new ImageDecoder().decode(SCENES.resolve("images/" + truth.imageFile())).rgb();
        try (FaceDetector aizoo = FaceDetector.load(AIZOO, FaceDetector.DEFAULT_THRESHOLD);
             FaceDetector merged = FaceDetector.merged(List.of(FaceDetector.load(AIZOO, FaceDetector.DEFAULT_THRESHOLD),
                     FaceDetector.load(DETECTOR, FaceDetector.DEFAULT_THRESHOLD)))) {
            List<DetectedFace> alone = aizoo.detect(scene);
            List<DetectedFace> both = merged.detect(scene);
            for (List<DetectedFace> found : List.of(alone, both)) {
                assertEquals(truth.faces().size(), found.size(), "faces found: " + found);
                for (VocCrops.FaceBox face : truth.faces()) {
                    DetectedFace annotated = new DetectedFace(face.xmin(), face.ymin(), face.xmax(), face.ymax(), 1, 0);
                    DetectedFace match = found.stream()
                            .max((a, b) -> Double.compare(a.iou(annotated), b.iou(annotated))).orElseThrow();
                    assertTrue(match.iou(annotated) >= 0.5, face + " matched only at IoU " + match.iou(annotated));
                    assertEquals(face.label().equals("mask"), match.maskedScore() > 0.5, face + " vs " + match);
                }
            }
        }
    }

    @Test
    void yunet_finds_the_unmasked_faces_with_their_landmarks_and_the_union_finds_all() throws Exception {
        VocCrops.Annotation truth = VocCrops.read(SCENES.resolve("annotations/maksssksksss0.xml"));
        BufferedImage scene = new ImageDecoder().decode(SCENES.resolve("images/" + truth.imageFile())).rgb();
        List<DetectedFace> found;
        List<DetectedFace> union;
        try (FaceDetector yunet = FaceDetector.load(Fixtures.YUNET, FaceDetector.DEFAULT_THRESHOLD);
             FaceDetector both = new DetectorSpec(Fixtures.DETECTORS, 1, FaceDetector.DEFAULT_THRESHOLD).load()) {
            assertTrue(yunet instanceof YunetDetector, "told apart by its outputs: " + yunet.getClass());
            found = yunet.detect(scene);
            union = both.detect(scene);
        }
        for (VocCrops.FaceBox face : truth.faces()) {
            DetectedFace annotated = SceneEvaluator.asDetection(face);
            assertTrue(union.stream().anyMatch(d -> d.iou(annotated) >= 0.5), face + " missed by the union " + union);
            if (face.label().equals("mask")) {
                // A generic detector: this masked face scores 0.25; AIZOO, trained on masks, finds it.
                continue;
            }
            DetectedFace match = found.stream().max((a, b) -> Double.compare(a.iou(annotated), b.iou(annotated)))
                    .orElseThrow();
            assertTrue(match.iou(annotated) >= 0.5, face + " matched only at IoU " + match.iou(annotated));
            assertTrue(Double.isNaN(match.maskedScore()), "YuNet has no opinion on masks: " + match);
            Landmarks points = match.landmarks();
            DetectedFace around = match.expand(0.1, scene.getWidth(), scene.getHeight());
            for (int i = 0; i < Landmarks.POINTS; i++) {
                assertTrue(points.x(i) >= around.x1() && points.x(i) <= around.x2() && points.y(i) >= around.y1()
                        && points.y(i) <= around.y2(), "landmark " + i + " outside " + match);
            }
            // Eyes above the mouth corners; the person's right eye on the image's left.
            assertTrue(points.y(0) < points.y(3) && points.y(1) < points.y(4), points.toString());
            assertTrue(points.x(0) < points.x(1) && points.x(3) < points.x(4), points.toString());
        }
        assertEquals(truth.faces().size(), union.size(), "one box per face: " + union);
        // AIZOO's boxes win the merge on score; they keep YuNet's landmarks for the faces it found too.
        assertEquals(found.size(), union.stream().filter(d -> d.landmarks() != null).count(),
                "landmarks carried over: " + union);
    }

    @Test
    void yunet_boxes_come_back_in_the_photos_pixels_whatever_its_size_and_the_input_size() throws Exception {
        VocCrops.Annotation truth = VocCrops.read(SCENES.resolve("annotations/maksssksksss0.xml"));
        BufferedImage scene = new ImageDecoder().decode(SCENES.resolve("images/" + truth.imageFile())).rgb();
        // An odd-sized, twice-as-large copy: letterbox padding and scale must both be undone.
        int w = 2 * scene.getWidth() + 13;
        int h = 2 * scene.getHeight() + 7;
        BufferedImage large = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        large.createGraphics().drawImage(scene, 0, 0, 2 * scene.getWidth(), 2 * scene.getHeight(), null);
        for (int longSide : new int[] {640, 800, 1000}) {
            try (FaceDetector yunet = FaceDetector.load(Fixtures.YUNET, FaceDetector.DEFAULT_THRESHOLD, longSide)) {
                List<DetectedFace> found = yunet.detect(large);
                for (VocCrops.FaceBox face : truth.faces()) {
                    DetectedFace annotated = SceneEvaluator.asDetection(face).scaled(2, 2);
                    if (!face.label().equals("mask")) {
                        assertTrue(found.stream().anyMatch(d -> d.iou(annotated) >= 0.5),
                                longSide + ": " + face + " not where it is in " + found);
                    }
                }
                for (DetectedFace d : found) {
                    assertTrue(d.x2() <= large.getWidth() && d.y2() <= large.getHeight(), "outside the photo: " + d);
                }
            }
        }
    }

    @Test
    void a_blank_image_has_no_faces() {
        for (Path file : List.of(DETECTOR, AIZOO, Fixtures.YUNET)) {
            try (FaceDetector detector = FaceDetector.load(file, FaceDetector.DEFAULT_THRESHOLD)) {
                assertEquals(List.of(), detector.detect(new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB)));
            }
        }
    }

    @Test
    void a_missing_or_corrupt_detector_fails_at_load_with_its_name(@TempDir Path dir) throws Exception {
        ModelArtifactException missing = assertThrows(ModelArtifactException.class,
                () -> FaceDetector.load(dir.resolve("none.onnx"), 0.5));
        assertTrue(missing.getMessage().contains("none.onnx"));
        Path corrupt = Files.write(dir.resolve("corrupt.onnx"), new byte[] {1, 2, 3, 4});
        ModelArtifactException bad = assertThrows(ModelArtifactException.class, () -> FaceDetector.load(corrupt, 0.5));
        assertTrue(bad.getMessage().contains("corrupt.onnx"), bad.getMessage());
    }

    @Test
    void the_face_check_keeps_the_scene_faces_and_drops_what_a_low_threshold_adds() throws Exception {
        VocCrops.Annotation truth = VocCrops.read(SCENES.resolve("annotations/maksssksksss0.xml"));
        BufferedImage scene = new ImageDecoder().decode(SCENES.resolve("images/" + truth.imageFile())).rgb();
        DetectorSpec unchecked = new DetectorSpec(Fixtures.DETECTORS, 1, 0.05);
        DetectorSpec checked = new DetectorSpec(Fixtures.DETECTORS, 1, 0.05, Fixtures.FACE_CHECK, 0.6);
        try (FaceDetector candidates = unchecked.load(); FaceDetector faces = checked.load()) {
            List<DetectedFace> all = candidates.detect(scene);
            assertTrue(all.size() > truth.faces().size() + 3, "candidates: " + all.size());
            List<DetectedFace> kept = faces.detect(scene);
            assertEquals(truth.faces().size(), kept.size(), "kept: " + kept);
            for (VocCrops.FaceBox face : truth.faces()) {
                DetectedFace annotated = SceneEvaluator.asDetection(face);
                assertTrue(kept.stream().anyMatch(d -> d.iou(annotated) >= 0.5), face + " dropped: " + kept);
            }
        }
    }

    @Test
    void a_face_check_must_be_a_face_vs_not_face_model(@TempDir Path dir) throws Exception {
        DetectorSpec maskModel = new DetectorSpec(Fixtures.DETECTORS, 1, 0.1, Fixtures.tinyModel(), 0.5);
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, maskModel::load);
        assertTrue(wrong.getMessage().contains("face vs not_face"), wrong.getMessage());
        DetectorSpec missing = new DetectorSpec(Fixtures.DETECTORS, 1, 0.1, dir.resolve("no-check"), 0.5);
        ModelArtifactException absent = assertThrows(ModelArtifactException.class, missing::load);
        assertTrue(absent.getMessage().contains("no-check"), absent.getMessage());
    }
}
