package org.facemask.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import org.facemask.Fixtures;
import org.facemask.data.ImageDecoder;
import org.junit.jupiter.api.Test;

class MaskClassifierTest {

    @Test
    void probabilities_sum_to_one_and_label_is_the_most_probable() throws IOException {
        BufferedImage face = new ImageDecoder().decode(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg")).rgb();
        try (MaskClassifier classifier = MaskClassifier.load(Fixtures.tinyModel())) {
            Prediction p = classifier.predict(face);
            double sum = p.probabilities().values().stream().mapToDouble(Float::doubleValue).sum();
            assertEquals(1.0, sum, 1e-5);
            float best = p.probabilities().values().stream().max(Float::compare).orElseThrow();
            assertEquals(best, p.confidence());
            assertEquals(best, p.probabilities().get(p.label()));
        }
    }

    @Test
    void batch_prediction_equals_one_by_one_prediction() throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        List<BufferedImage> faces = List.of(
                decoder.decode(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg")).rgb(),
                decoder.decode(Fixtures.FACES.resolve("without_mask/without_mask_00.jpg")).rgb());
        try (MaskClassifier classifier = MaskClassifier.load(Fixtures.tinyModel())) {
            List<Prediction> batch = classifier.predict(faces);
            for (int i = 0; i < faces.size(); i++) {
                Prediction single = classifier.predict(faces.get(i));
                assertEquals(single.probabilities().get("mask"), batch.get(i).probabilities().get("mask"), 1e-5f);
            }
        }
    }

    @Test
    void a_crop_of_exactly_the_input_size_is_classified_as_its_own_pixels() throws IOException {
        // A crop shares its parent's pixel array; at the input size no resize copies it first.
        BufferedImage scene = new ImageDecoder().decode(Fixtures.SCENES.resolve("images/maksssksksss0.jpg")).rgb();
        try (MaskClassifier classifier = MaskClassifier.load(Fixtures.tinyModel())) {
            int size = classifier.preprocessor().size();
            BufferedImage crop = scene.getSubimage(170, 90, size, size);
            BufferedImage copy = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            copy.getGraphics().drawImage(crop, 0, 0, null);
            Prediction fromCrop = classifier.predict(crop);
            Prediction fromCopy = classifier.predict(copy);
            assertEquals(fromCopy.probabilities().get("mask"), fromCrop.probabilities().get("mask"), 1e-6f);
        }
    }

    @Test
    void softmax_is_stable_for_large_logits() {
        float[] p = MaskClassifier.softmax(new float[] {1000f, 0f});
        assertArrayEquals(new float[] {1f, 0f}, p, 1e-6f);
        float[] q = MaskClassifier.softmax(new float[] {2f, 2f});
        assertArrayEquals(new float[] {0.5f, 0.5f}, q, 1e-6f);
        assertTrue(Float.isFinite(MaskClassifier.softmax(new float[] {-1e30f, 1e30f})[0]));
    }
}
