package org.facemask.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.facemask.Fixtures;
import org.facemask.dataset.ClassFolders;
import org.facemask.evaluation.EvaluationResult;
import org.facemask.evaluation.Evaluator;
import org.facemask.monitoring.FeatureSamples;
import org.facemask.monitoring.ReferenceProfile;
import org.junit.jupiter.api.Test;

/** The model that ships in models/ loads on a fresh clone and is right on faces it never saw. */
class BundledModelTest {

    private static final Path BUNDLED = Path.of("models/facemask-resnet18");

    @Test
    void bundled_model_loads_and_classifies_the_fixture_faces() throws IOException {
        try (MaskClassifier classifier = MaskClassifier.load(BUNDLED)) {
            assertEquals(List.of("mask", "mask_incorrect", "no_mask"), classifier.classes());
            // The fixtures are downscaled copies of validation images, never trained on.
            ClassFolders faces = ClassFolders.scan(Fixtures.FACES);
            EvaluationResult result = Evaluator.evaluate(classifier, faces);
            assertEquals(faces.images().size(), result.report().n());
            assertTrue(result.unreadable().isEmpty(), "unreadable fixtures: " + result.unreadable());
            assertTrue(result.report().accuracy() >= 0.9, "accuracy " + result.report().accuracy());
        }
    }

    @Test
    void bundled_model_tells_a_mask_worn_under_the_nose_from_a_proper_one() throws IOException {
        try (MaskClassifier classifier = MaskClassifier.load(BUNDLED)) {
            ClassFolders incorrect = ClassFolders.scan(Path.of("src/test/resources/fixtures/mask-incorrect"));
            EvaluationResult result = Evaluator.evaluate(classifier, incorrect);
            assertEquals(8, result.report().n());
            assertTrue(result.report().perClass().get("mask_incorrect").recall() >= 7 / 8.0,
                    "recall of mask_incorrect " + result.report().perClass().get("mask_incorrect").recall());
            // What /predict answers for them: not protected, so mostly no_mask.
            assertTrue(Evaluator.evaluate(classifier, incorrect, true).report().accuracy() >= 7 / 8.0);
        }
    }

    @Test
    void bundled_model_records_how_it_was_made() {
        ModelMetadata meta = ModelArtifact.readMetadata(BUNDLED);
        assertTrue(((Number) meta.metrics().get("accuracy")).doubleValue() > 0.9);
        assertTrue(meta.dataset().containsKey("train_fingerprints"));
        // Validated per source, so a gain on one cannot hide a loss on another.
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> sources = (Map<String, Map<String, Object>>) meta.metrics().get("sources");
        assertEquals(List.of("classification", "12k", "scenes", "scenes-detected", "mfn"),
                List.copyOf(sources.keySet()));
        sources.forEach((name, s) -> assertTrue(((Number) s.get("mask_or_not_accuracy")).doubleValue() > 0.93,
                name + " " + s));
        assertEquals("F16", meta.weightsDtype());
    }

    @Test
    void bundled_model_ships_its_drift_reference_of_the_whole_validation_split() throws IOException {
        FeatureSamples reference = ReferenceProfile.read(BUNDLED).orElseThrow();
        ModelMetadata meta = ModelArtifact.readMetadata(BUNDLED);
        assertEquals(((Number) meta.metrics().get("n")).intValue(), reference.numeric().get("brightness").length);
        assertTrue(reference.categorical().get("label").keySet().containsAll(meta.classes()));
    }
}
