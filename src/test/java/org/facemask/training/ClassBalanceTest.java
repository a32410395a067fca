package org.facemask.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassBalanceTest {

    // 900 of class 0, 90 of class 1, 10 of class 2.
    private static final int[] LABELS = new int[1000];

    static {
        Arrays.fill(LABELS, 0, 900, 0);
        Arrays.fill(LABELS, 900, 990, 1);
        Arrays.fill(LABELS, 990, 1000, 2);
    }

    @Test
    void none_is_a_permutation_of_every_image() {
        int[] order = ClassBalance.NONE.epochOrder(LABELS, new Random(1));
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void full_draws_every_class_equally_often_and_cycles_through_a_class_before_repeating() {
        int[] order = ClassBalance.FULL.epochOrder(LABELS, new Random(1));
        assertEquals(LABELS.length, order.length);
        int[] perClass = counts(order);
        assertEquals(333, perClass[0], 1);
        assertEquals(333, perClass[1], 1);
        assertEquals(333, perClass[2], 1);
        // Class 1 has 90 images drawn 333 times: each is used 3 or 4 times, none skipped.
        int[] uses = new int[LABELS.length];
        for (int i : order) {
            uses[i]++;
        }
        for (int i = 900; i < 990; i++) {
            assertTrue(uses[i] == 3 || uses[i] == 4, "image " + i + " used " + uses[i] + " times");
        }
        // Class 0 is under-drawn: 333 distinct images, no repeats.
        Set<Integer> distinct = new HashSet<>();
        Arrays.stream(order).filter(i -> i < 900).forEach(distinct::add);
        assertEquals(perClass[0], distinct.size());
    }

    @Test
    void sqrt_lies_between_none_and_full() {
        int[] perClass = counts(ClassBalance.SQRT.epochOrder(LABELS, new Random(1)));
        // Shares proportional to sqrt(900) : sqrt(90) : sqrt(10) = 30 : 9.49 : 3.16.
        double total = 30 + Math.sqrt(90) + Math.sqrt(10);
        assertEquals(1000 * Math.sqrt(10) / total, perClass[2], 1.5);
        assertEquals(1000 * Math.sqrt(90) / total, perClass[1], 1.5);
        assertEquals(1000, Arrays.stream(perClass).sum());
    }

    @Test
    void same_seed_same_order_and_unknown_names_are_refused() {
        assertEquals(Arrays.toString(ClassBalance.SQRT.epochOrder(LABELS, new Random(5))),
                Arrays.toString(ClassBalance.SQRT.epochOrder(LABELS, new Random(5))));
        assertEquals(ClassBalance.SQRT, ClassBalance.parse("Sqrt"));
        assertThrows(IllegalArgumentException.class, () -> ClassBalance.parse("weighted"));
    }

    @Test
    void source_weights_set_the_epoch_length_and_how_often_each_image_is_drawn() {
        // Two sources of 1,000 images each, one class each: the second at weight 0.5.
        int[] labels = new int[2000];
        double[] weights = new double[2000];
        for (int i = 0; i < 2000; i++) {
            labels[i] = i % 2;
            weights[i] = i < 1000 ? 1 : 0.5;
        }
        for (ClassBalance balance : ClassBalance.values()) {
            int[] order = balance.epochOrder(labels, weights, new Random(2));
            assertEquals(1500, order.length, balance + ": epoch = round(sum of weights)");
            long light = Arrays.stream(order).filter(i -> i >= 1000).count();
            if (balance == ClassBalance.NONE) {
                // Weights alone: the half-weight source gets a third of the draws, each image at most once.
                assertEquals(500, (double) light, 40, "draws from the weight-0.5 source");
                assertEquals(light, Arrays.stream(order).filter(i -> i >= 1000).distinct().count());
            }
        }
        int[] unweighted = ClassBalance.SQRT.epochOrder(LABELS, new Random(5));
        assertEquals(Arrays.toString(unweighted), Arrays.toString(ClassBalance.SQRT.epochOrder(LABELS,
                java.util.Collections.nCopies(LABELS.length, 1.0).stream().mapToDouble(Double::doubleValue).toArray(),
                new Random(5))), "weights of 1 draw exactly as no weights");
    }

    private static int[] counts(int[] order) {
        int[] perClass = new int[3];
        for (int i : order) {
            perClass[LABELS[i]]++;
        }
        return perClass;
    }
}
