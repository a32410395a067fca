package org.facemask.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facemask.Fixtures;
import org.facemask.ImageShifts;
import org.facemask.image.ImageDecoder;
import org.facemask.image.ImagePreprocessor;
import org.junit.jupiter.api.Test;

class MaskClassifierTest {

    private static final Path BUNDLED = Path.of("models/facemask-resnet18");
    // The tiny model is all but certain of every fixture, mirrored or not; the bundled model's
    // answer on these two moves by 0.06 and 0.02 when they are mirrored.
    private static final String[] MIRROR_SENSITIVE = {"with_mask/with_mask_04.jpg", "without_mask/without_mask_09.jpg"};

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
    void flip_averaged_prediction_is_the_mean_of_the_image_and_its_mirror() throws IOException {
        try (MaskClassifier classifier = MaskClassifier.load(BUNDLED)) {
            MaskClassifier flipping = classifier.withFlipAveraging(true);
            assertTrue(flipping.flipAveraging());
            assertFalse(classifier.flipAveraging());
            List<BufferedImage> faces = inputSized(classifier, MIRROR_SENSITIVE);
            // One batch: each image must be paired with its own mirror.
            List<Prediction> averaged = flipping.predict(faces);
            for (int i = 0; i < faces.size(); i++) {
                Prediction plain = classifier.predict(faces.get(i));
                Prediction mirror = classifier.predict(ImageShifts.mirror(faces.get(i)));
                // Else the test could not tell averaging from no averaging.
                assertNotEquals(plain.probabilities().get("mask"), mirror.probabilities().get("mask"), 1e-4f);
                for (String c : classifier.classes()) {
                    assertEquals((plain.probabilities().get(c) + mirror.probabilities().get(c)) / 2,
                            averaged.get(i).probabilities().get(c), 1e-5f, c);
                }
            }
        }
    }

    @Test
    void a_mirrored_image_gets_the_same_flip_averaged_prediction() throws IOException {
        try (MaskClassifier classifier = MaskClassifier.load(BUNDLED)) {
            MaskClassifier flipping = classifier.withFlipAveraging(true);
            for (BufferedImage face : inputSized(classifier, MIRROR_SENSITIVE)) {
                Prediction original = flipping.predict(face);
                Prediction mirror = flipping.predict(ImageShifts.mirror(face));
                assertEquals(original.label(), mirror.label());
                for (String c : classifier.classes()) {
                    assertEquals(original.probabilities().get(c), mirror.probabilities().get(c), 1e-5f, c);
                }
            }
        }
    }

    /**
     * Fixture faces already at the model's input size: predict then resizes nothing, so mirroring
     * here is exactly the classifier's own mirroring (a resampled mirror need not equal the mirror
     * of a resampled image to the last bit).
     */
    private static List<BufferedImage> inputSized(MaskClassifier classifier, String... files) throws IOException {
        int size = classifier.preprocessor().size();
        ImageDecoder decoder = new ImageDecoder();
        List<BufferedImage> out = new ArrayList<>();
        for (String file : files) {
            out.add(ImagePreprocessor.resize(decoder.decode(Fixtures.FACES.resolve(file)).rgb(), size, size));
        }
        return out;
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
