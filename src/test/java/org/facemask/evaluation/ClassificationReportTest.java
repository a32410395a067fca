package org.facemask.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {

    private static final List<String> CLASSES = List.of("mask", "no_mask");

    @Test
    void computes_precision_recall_f1_from_the_confusion_matrix() {
        // truth: 3 mask, 2 no_mask; predictions: mask,mask,no_mask | no_mask,mask
        int[] truth = {0, 0, 0, 1, 1};
        float[][] p = {{0.9f, 0.1f}, {0.8f, 0.2f}, {0.3f, 0.7f}, {0.2f, 0.8f}, {0.6f, 0.4f}};
        ClassificationReport r = ClassificationReport.of(CLASSES, truth, p);
        assertArrayEquals(new int[] {2, 1}, r.confusion()[0]);
        assertArrayEquals(new int[] {1, 1}, r.confusion()[1]);
        assertEquals(0.6, r.accuracy(), 1e-9);
        assertEquals(2 / 3.0, r.perClass().get("mask").precision(), 1e-9);
        assertEquals(2 / 3.0, r.perClass().get("mask").recall(), 1e-9);
        assertEquals(0.5, r.perClass().get("no_mask").recall(), 1e-9);
        assertEquals(3, r.perClass().get("mask").support());
        assertEquals((2 / 3.0 + 0.5) / 2, r.macroAvg().f1(), 1e-9);
    }

    @Test
    void roc_auc_counts_ordered_pairs_and_ties_half() {
        int[] truth = {1, 1, 0, 0};
        // positives 0.9, 0.5; negatives 0.5, 0.1: pairs (0.9>0.5) (0.9>0.1) (0.5=0.5 half) (0.5>0.1) = 3.5/4
        float[][] p = {{0.1f, 0.9f}, {0.5f, 0.5f}, {0.5f, 0.5f}, {0.9f, 0.1f}};
        assertEquals(0.875, ClassificationReport.of(CLASSES, truth, p).rocAuc(), 1e-9);
    }

    @Test
    void three_class_roc_auc_averages_the_classes_the_data_has() {
        // A two-class set scored by a three-class model: no image of class 1, perfect ranking otherwise.
        int[] truth = {0, 0, 2, 2};
        float[][] p = {{0.9f, 0.05f, 0.05f}, {0.8f, 0.1f, 0.1f}, {0.1f, 0.1f, 0.8f}, {0.2f, 0.1f, 0.7f}};
        assertEquals(1.0, ClassificationReport.of(List.of("a", "b", "c"), truth, p).rocAuc(), 1e-9);
    }

    @Test
    void ece_is_zero_when_confidence_matches_accuracy_and_large_when_overconfident() {
        int[] truth = {0, 0, 0, 0};
        float[][] right = {{1f, 0f}, {1f, 0f}, {1f, 0f}, {1f, 0f}};
        assertEquals(0, ClassificationReport.of(CLASSES, truth, right).ece(), 1e-9);
        float[][] confidentlyWrong = {{0.05f, 0.95f}, {0.05f, 0.95f}, {1f, 0f}, {1f, 0f}};
        assertEquals(0.475, ClassificationReport.of(CLASSES, truth, confidentlyWrong).ece(), 1e-6);
    }

    @Test
    void text_report_names_every_class_and_the_averages() {
        int[] truth = {0, 1};
        float[][] p = {{0.9f, 0.1f}, {0.1f, 0.9f}};
        String text = ClassificationReport.of(CLASSES, truth, p).toText();
        for (String s : List.of("mask", "no_mask", "accuracy", "macro avg", "weighted avg", "ROC-AUC", "ECE")) {
            assertTrue(text.contains(s), s + " missing from:\n" + text);
        }
    }
}
