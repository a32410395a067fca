package org.facemask.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How often each class is drawn per epoch. With a rare class (89 real "mask worn incorrectly"
 * faces beside thousands of others) plain shuffling lets the model ignore it; drawing it more
 * often does not, at the price of repeating its images.
 */
public enum ClassBalance {
    /** Every image once per epoch, in random order. */
    NONE(0),
    /** Class shares proportional to the square root of their sizes: a middle way. */
    SQRT(0.5),
    /** Every class equally often. */
    FULL(1);

    // A class of n images is drawn in proportion to n^(1 - strength).
    private final double strength;

    ClassBalance(double strength) {
        this.strength = strength;
    }

    /**
     * Parses {@code none}, {@code sqrt} or {@code full}.
     *
     * @param name the name, any case
     * @return the policy
     * @throws IllegalArgumentException for another name
     */
    public static ClassBalance parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("class balance must be none, sqrt or full, not " + name, e);
        }
    }

    /**
     * Draws one epoch: as many indices as there are images, each class drawn in its target
     * share, and inside a class every image used once before any is repeated.
     *
     * @param labels the class index of each image
     * @param random the source of randomness
     * @return image indices in training order
     */
    int[] epochOrder(int[] labels, Random random) {
        int[] order = new int[labels.length];
        if (this == NONE) {
            Arrays.setAll(order, i -> i);
            shuffle(order, random);
            return order;
        }
        int classes = Arrays.stream(labels).max().orElse(-1) + 1;
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            members.get(labels[i]).add(i);
        }
        double[] weight = new double[classes];
        double total = 0;
        for (int c = 0; c < classes; c++) {
            int n = members.get(c).size();
            weight[c] = n == 0 ? 0 : Math.pow(n, 1 - strength);
            total += weight[c];
        }
        int[] quota = new int[classes];
        int assigned = 0;
        int largest = 0;
        for (int c = 0; c < classes; c++) {
            quota[c] = (int) Math.floor(labels.length * weight[c] / total);
            assigned += quota[c];
            largest = weight[c] > weight[largest] ? c : largest;
        }
        quota[largest] += labels.length - assigned; // rounding leftovers
        int next = 0;
        for (int c = 0; c < classes; c++) {
            List<Integer> cycle = new ArrayList<>();
            for (int k = 0; k < quota[c]; k++) {
                if (cycle.isEmpty()) {
                    cycle.addAll(members.get(c));
                    Collections.shuffle(cycle, random);
                }
                order[next++] = cycle.remove(cycle.size() - 1);
            }
        }
        shuffle(order, random);
        return order;
    }

    static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
