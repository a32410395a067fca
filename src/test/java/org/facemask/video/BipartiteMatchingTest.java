package org.facemask.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BipartiteMatchingTest {

    @Test
    void prefers_the_best_total_to_the_best_single_pair() {
        // Greedy would take the 0.9 and leave row 1 with nothing: 0.9 < 0.8 + 0.8.
        double[][] w = {{0.9, 0.8}, {0.8, 0}};
        assertArrayEquals(new int[] {1, 0}, BipartiteMatching.maximumWeight(w, 2));
    }

    @Test
    void leaves_rows_without_a_positive_weight_unpaired() {
        double[][] w = {{0, 0, 0}, {0, 0, 2}};
        assertArrayEquals(new int[] {-1, 2}, BipartiteMatching.maximumWeight(w, 3));
        assertArrayEquals(new int[] {}, BipartiteMatching.maximumWeight(new double[0][], 3));
    }

    @Test
    void agrees_with_brute_force_on_random_matrices() {
        Random random = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            int rows = 1 + random.nextInt(4);
            int cols = 1 + random.nextInt(4);
            double[][] w = new double[rows][cols];
            for (double[] row : w) {
                for (int c = 0; c < cols; c++) {
                    row[c] = random.nextDouble() < 0.3 ? 0 : random.nextInt(10);
                }
            }
            int[] match = BipartiteMatching.maximumWeight(w, cols);
            boolean[] used = new boolean[cols];
            double total = 0;
            for (int r = 0; r < rows; r++) {
                if (match[r] >= 0) {
                    assertEquals(false, used[match[r]], "a column used twice");
                    used[match[r]] = true;
                    total += w[r][match[r]];
                }
            }
            assertEquals(best(w, 0, new boolean[cols]), total, 1e-9, "trial " + trial);
        }
    }

    private static double best(double[][] w, int row, boolean[] used) {
        if (row == w.length) {
            return 0;
        }
        double best = best(w, row + 1, used);
        for (int c = 0; c < used.length; c++) {
            if (!used[c] && w[row][c] > 0) {
                used[c] = true;
                best = Math.max(best, w[row][c] + best(w, row + 1, used));
                used[c] = false;
            }
        }
        return best;
    }
}
