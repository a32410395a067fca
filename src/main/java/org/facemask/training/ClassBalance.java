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
        return epochOrder(labels, null, random);
    }

    /**
     * Draws one epoch with per-image sampling weights (each image's source weight). The epoch
     * holds round(sum of weights) draws; a class's share follows its weighted size, and inside a
     * class each round of draws takes every image floor(w) times plus once more with
     * probability frac(w), so an image of weight 0.5 appears in about every other round.
     *
     * @param labels the class index of each image
     * @param weights the weight of each image, or null for all 1 (then exactly as
     *     {@link #epochOrder(int[], Random)})
     * @param random the source of randomness
     * @return image indices in training order
     */
    int[] epochOrder(int[] labels, double[] weights, Random random) {
        if (this == NONE && weights == null) {
            int[] order = new int[labels.length];
            Arrays.setAll(order, i -> i);
            shuffle(order, random);
            return order;
        }
        // NONE with weights: one group, so only the source weights shape the epoch.
        int[] group = this == NONE ? new int[labels.length] : labels;
        int groups = Arrays.stream(group).max().orElse(-1) + 1;
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < groups; c++) {
            members.add(new ArrayList<>());
        }
        double[] size = new double[groups];
        double epoch = 0;
        for (int i = 0; i < group.length; i++) {
            members.get(group[i]).add(i);
            double w = weights == null ? 1 : weights[i];
            size[group[i]] += w;
            epoch += w;
        }
        int length = (int) Math.round(epoch);
        double[] weight = new double[groups];
        double total = 0;
        for (int c = 0; c < groups; c++) {
            weight[c] = size[c] == 0 ? 0 : Math.pow(size[c], 1 - strength);
            total += weight[c];
        }
        int[] quota = new int[groups];
        int assigned = 0;
        int largest = 0;
        for (int c = 0; c < groups; c++) {
            quota[c] = (int) Math.floor(length * weight[c] / total);
            assigned += quota[c];
            largest = weight[c] > weight[largest] ? c : largest;
        }
        quota[largest] += length - assigned; // rounding leftovers
        int[] order = new int[length];
        int next = 0;
        for (int c = 0; c < groups; c++) {
            List<Integer> cycle = new ArrayList<>();
            for (int k = 0; k < quota[c]; k++) {
                if (cycle.isEmpty()) {
                    refill(cycle, members.get(c), weights, random);
                }
                order[next++] = cycle.remove(cycle.size() - 1);
            }
        }
        shuffle(order, random);
        return order;
    }

    private static void refill(List<Integer> cycle, List<Integer> members, double[] weights, Random random) {
        if (weights != null) {
            for (int i : members) {
                double w = weights[i];
                for (int k = 0; k < (int) w; k++) {
                    cycle.add(i);
                }
                double fraction = w - Math.floor(w);
                if (fraction > 0 && random.nextDouble() < fraction) {
                    cycle.add(i);
                }
            }
        }
        if (cycle.isEmpty()) {
            cycle.addAll(members);
        }
        Collections.shuffle(cycle, random);
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
