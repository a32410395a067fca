package org.facemask.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.facemask.Fixtures;
import org.facemask.ImageMeasures;
import org.facemask.dataset.ClassFolders;
import org.facemask.model.MaskClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {

    @Test
    void mask_or_not_scores_a_worn_incorrectly_folder_as_no_mask(@TempDir Path tmp) throws Exception {
        // The fixtures with their no-mask faces filed as "mask worn incorrectly".
        copy(Fixtures.FACES.resolve("with_mask"), tmp.resolve("with_mask"));
        copy(Fixtures.FACES.resolve("without_mask"), tmp.resolve("incorrectly_masked"));
        try (MaskClassifier classifier = MaskClassifier.load(Fixtures.tinyModel())) {
            ClassFolders relabelled = ClassFolders.scan(tmp);
            assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(classifier, relabelled));
            ClassificationReport plain = Evaluator.evaluate(classifier, ClassFolders.scan(Fixtures.FACES)).report();
            ClassificationReport folded = Evaluator.evaluate(classifier, relabelled, true).report();
            assertEquals(List.of("mask", "no_mask"), folded.classes());
            assertEquals(plain.n(), folded.n());
            assertEquals(plain.accuracy(), folded.accuracy(), 1e-6);
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(plain.confusion()[i], folded.confusion()[i]);
            }
        }
    }

    @Test
    void a_two_class_model_is_summarised_mask_or_not_on_a_source_with_a_third_class(@TempDir Path tmp)
            throws Exception {
        copy(Fixtures.FACES.resolve("with_mask"), tmp.resolve("with_mask"));
        copy(Fixtures.FACES.resolve("without_mask"), tmp.resolve("incorrectly_masked"));
        try (MaskClassifier classifier = MaskClassifier.load(Fixtures.tinyModel())) {
            SourceSummary summary = Evaluator.summarise(classifier, ClassFolders.scan(tmp));
            ClassificationReport folded = Evaluator.evaluate(classifier, ClassFolders.scan(tmp), true).report();
            assertEquals(folded.accuracy(), summary.maskOrNot(), 1e-12);
            assertEquals(summary.maskOrNot(), summary.accuracy(), 1e-12);
            assertEquals(folded.n(), summary.n());
        }
    }

    @Test
    void low_resolution_blurs_at_the_same_size_and_leaves_small_images_alone() throws Exception {
        BufferedImage image = new org.facemask.image.ImageDecoder()
                .decode(Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg"))).rgb();
        BufferedImage blurred = Evaluator.lowResolution(16).apply(image);
        assertEquals(image.getWidth(), blurred.getWidth());
        assertEquals(image.getHeight(), blurred.getHeight());
        assertTrue(ImageMeasures.sharpness(blurred) < 0.5 * ImageMeasures.sharpness(image),
                "sharpness " + ImageMeasures.sharpness(blurred) + " vs " + ImageMeasures.sharpness(image));
        assertSame(image, Evaluator.lowResolution(Math.max(image.getWidth(), image.getHeight()) + 1).apply(image));
        assertThrows(IllegalArgumentException.class, () -> Evaluator.lowResolution(3));
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
