package org.facemask.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.facemask.Fixtures;
import org.facemask.data.ClassFolders;
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

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
