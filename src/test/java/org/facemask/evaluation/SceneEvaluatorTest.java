package org.facemask.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.facemask.Fixtures;
import org.facemask.detection.FaceDetector;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scene evaluation end to end on the committed scene photo (three annotated faces, all found). */
class SceneEvaluatorTest {

    @Test
    void counts_found_faces_and_writes_the_json_keys(@TempDir Path dir) throws Exception {
        SceneEvaluator.Result r;
        try (FaceDetector detector = FaceDetector.load(Fixtures.ULTRAFACE, FaceDetector.DEFAULT_THRESHOLD);
             MaskClassifier classifier = MaskClassifier.load(Fixtures.tinyModel(), Backend.ONNX)) {
            r = SceneEvaluator.evaluate(Path.of("src/test/resources/fixtures/scenes"), detector, classifier,
                    photo -> true);
        }
        assertEquals(1, r.images());
        assertEquals(3, r.faces());
        assertEquals(1.0, r.faceRecall(), 1e-12);
        assertEquals(0.0, r.falseDetectionsPerImage(), 1e-12);
        assertEquals(3, r.confusion().values().stream()
                .mapToInt(m -> m.values().stream().mapToInt(i -> i).sum()).sum());
        assertEquals(r.accuracyMatched(), r.accuracyEndToEnd(), 1e-12, "nothing missed: both accuracies agree");
        assertTrue(r.imagesPerSecond() > 0);
        Path json = dir.resolve("scenes.json");
        SceneEvaluator.writeJson(r, json);
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        for (String key : new String[] {"face_recall", "false_detections_per_image", "accuracy_matched",
            "accuracy_end_to_end", "recall_by_width", "confusion", "images_per_second"}) {
            assertTrue(doc.has(key), "missing " + key);
        }
    }
}
