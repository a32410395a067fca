package org.facemask.monitoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Synthetic feature samples for the drift tests, here and in the report package. */
public final class DriftSamples {

    private DriftSamples() {}

    /**
     * Draws n images' worth of the six monitored features, with the brightness shifted by
     * {@code shift} of its standard deviation.
     */
    public static FeatureSamples sixFeatures(Random random, int n, double shift) {
        Map<String, double[]> numeric = new LinkedHashMap<>();
        numeric.put("brightness", normal(random, n, 120 + 30 * shift, 30));
        double[] sharpness = normal(random, n, 4, 0.8);
        for (int i = 0; i < n; i++) {
            sharpness[i] = Math.exp(sharpness[i]);
        }
        numeric.put("sharpness", sharpness);
        double[] width = new double[n];
        for (int i = 0; i < n; i++) {
            width[i] = 64 + random.nextInt(400);
        }
        numeric.put("width", width);
        numeric.put("aspect", normal(random, n, 1.0, 0.15));
        Map<String, Map<String, Long>> categorical = new LinkedHashMap<>();
        categorical.put("label", draw(random, n, List.of("mask", "no_mask"), new double[] {0.6, 0.4}));
        categorical.put("format", draw(random, n, List.of("jpeg", "png", "webp"), new double[] {0.85, 0.12, 0.03}));
        return new FeatureSamples(numeric, categorical);
    }

    /** Draws n values from a normal distribution. */
    public static double[] normal(Random random, int n, double mean, double std) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = mean + std * random.nextGaussian();
        }
        return values;
    }

    private static Map<String, Long> draw(Random random, int n, List<String> categories, double[] probabilities) {
        Map<String, Long> counts = new LinkedHashMap<>();
        categories.forEach(c -> counts.put(c, 0L));
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int k = 0;
            while (k < probabilities.length - 1 && u >= probabilities[k]) {
                u -= probabilities[k];
                k++;
            }
            counts.merge(categories.get(k), 1L, Long::sum);
        }
        return counts;
    }
}
