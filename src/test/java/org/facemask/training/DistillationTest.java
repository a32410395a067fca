package org.facemask.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.facemask.Fixtures;
import org.facemask.model.Backend;
import org.facemask.model.MaskClassifier;
import org.junit.jupiter.api.Test;

class DistillationTest {

    private static final List<String> STUDENT = List.of("mask", "mask_incorrect", "no_mask");

    @Test
    void the_term_is_the_weighted_bce_of_p_mask_against_the_teacher_leaving_out_mask_incorrect() throws Exception {
        Path teacherDir = Fixtures.tinyModel();
        int n = 4;
        int size = 64;
        float[] x = new float[n * 3 * size * size];
        Random random = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] y = {0, 1, 2, 0}; // the second image is mask_incorrect: no distillation there
        float[] logits = {2f, 0f, -1f, 0.5f, 0.5f, 0.5f, -1f, 0f, 1f, 0f, 0f, 0f};
        float[] teacher;
        try (MaskClassifier t = MaskClassifier.load(teacherDir, Backend.DJL)) {
            float[][] rows = t.logits(x, n);
            teacher = new float[n];
            for (int i = 0; i < n; i++) {
                teacher[i] = MaskClassifier.softmax(rows[i])[0];
            }
        }
        double expected = 0;
        for (int i : new int[] {0, 2, 3}) {
            double p = MaskClassifier.softmax(new float[] {logits[3 * i], logits[3 * i + 1], logits[3 * i + 2]})[0];
            expected += -(teacher[i] * Math.log(p) + (1 - teacher[i]) * Math.log(1 - p));
        }
        expected = 0.5 * expected / 3;

        try (Distillation distillation = Distillation.load(teacherDir, 0.5f, STUDENT, size);
             NDManager manager = NDManager.newBaseManager()) {
            NDArray term = distillation.term(x, y).apply(manager.create(logits, new Shape(n, 3)));
            assertEquals(expected, term.getFloat(), 1e-5);
            assertTrue(expected > 0);
        }
    }

    @Test
    void a_teacher_that_does_not_fit_the_student_is_refused() throws Exception {
        Path teacherDir = Fixtures.tinyModel();
        var size = assertThrows(IllegalArgumentException.class, () -> Distillation.load(teacherDir, 1f, STUDENT, 112));
        assertTrue(size.getMessage().contains("takes 64 px"), size.getMessage());
        var classes = assertThrows(IllegalArgumentException.class,
                () -> Distillation.load(teacherDir, 1f, List.of("face", "not_face"), 64));
        assertTrue(classes.getMessage().contains("without a mask class"), classes.getMessage());
    }
}
