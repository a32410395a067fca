package org.facemask.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {

    private final DriftDetector detector = DriftDetector.defaults();

    @Test
    void wasserstein_equals_the_area_between_the_empirical_cdfs() {
        assertEquals(1.0, DriftDetector.wasserstein(new double[] {0, 1, 2}, new double[] {1, 2, 3}), 1e-12);
        assertEquals(1.0, DriftDetector.wasserstein(new double[] {2, 0, 1}, new double[] {3, 1, 2}), 1e-12);
        assertEquals(0.0, DriftDetector.wasserstein(new double[] {4, 1, 1, 7}, new double[] {1, 7, 4, 1}), 1e-12);
        // Half of the mass moves from 0 to 2: half a unit of mass times two units of distance.
        assertEquals(1.0, DriftDetector.wasserstein(new double[] {0}, new double[] {0, 2}), 1e-12);
        assertEquals(2.5, DriftDetector.wasserstein(new double[] {0, 0}, new double[] {5, 0}), 1e-12);
    }

    @Test
    void numeric_shift_of_one_reference_std_is_drift() {
        Random random = new Random(1);
        FeatureSamples reference = numeric("brightness", DriftSamples.normal(random, 300, 120, 30));
        FeatureSamples current = numeric("brightness", DriftSamples.normal(random, 300, 150, 30));

        FeatureDrift f = only(detector.compare(reference, current));

        assertEquals("ks", f.test());
        assertTrue(f.drifted(), f.toString());
        assertTrue(f.pValue() < 1e-6, f.toString());
        assertEquals(1.0, f.distance(), 0.25);
        assertEquals(300, f.referenceSize());
    }

    @Test
    void numeric_resample_of_same_distribution_is_not_drift() {
        Random random = new Random(2);
        FeatureSamples reference = numeric("brightness", DriftSamples.normal(random, 300, 120, 30));
        FeatureSamples current = numeric("brightness", DriftSamples.normal(random, 300, 120, 30));

        DriftResult result = detector.compare(reference, current);

        assertFalse(result.drifted(), result.summary());
        assertTrue(only(result).pValue() > 0.05, only(result).toString());
    }

    @Test
    void significant_but_tiny_shift_in_large_windows_is_not_drift() {
        Random random = new Random(3);
        FeatureSamples reference = numeric("brightness", DriftSamples.normal(random, 40_000, 0, 1));
        FeatureSamples current = numeric("brightness", DriftSamples.normal(random, 40_000, 0.05, 1));

        FeatureDrift f = only(detector.compare(reference, current));

        assertTrue(f.pValue() < f.threshold(), "a 0.05 std shift on 40k values is significant: " + f);
        assertTrue(f.distance() < 0.1, f.toString());
        assertFalse(f.drifted());
    }

    @Test
    void categorical_shift_from_90_10_to_50_50_is_drift_with_psi_above_0_1() {
        FeatureSamples reference = categorical("label", Map.of("mask", 450L, "no_mask", 50L));
        FeatureSamples current = categorical("label", Map.of("mask", 250L, "no_mask", 250L));

        FeatureDrift f = only(detector.compare(reference, current));

        assertEquals("chi2", f.test());
        assertTrue(f.drifted(), f.toString());
        assertTrue(f.distance() > 0.1, f.toString());
        assertTrue(f.pValue() < 1e-10, f.toString());
    }

    @Test
    void categorical_with_same_proportions_is_not_drift() {
        FeatureSamples reference = categorical("label", Map.of("mask", 450L, "no_mask", 50L));
        FeatureSamples current = categorical("label", Map.of("mask", 180L, "no_mask", 20L));

        FeatureDrift f = only(detector.compare(reference, current));

        assertFalse(f.drifted(), f.toString());
        assertEquals(0.0, f.distance(), 1e-12);
        assertEquals(1.0, f.pValue(), 1e-9);
    }

    @Test
    void category_unseen_in_reference_is_tested_without_dividing_by_zero() {
        FeatureSamples reference = categorical("format", Map.of("jpeg", 500L));
        FeatureSamples current = categorical("format", Map.of("jpeg", 100L, "webp", 100L));

        FeatureDrift f = only(detector.compare(reference, current));

        assertTrue(Double.isFinite(f.statistic()) && Double.isFinite(f.distance()), f.toString());
        assertTrue(f.drifted(), f.toString());
    }

    @Test
    void single_category_on_both_sides_has_p_one() {
        FeatureSamples reference = categorical("format", Map.of("jpeg", 500L, "png", 0L));
        FeatureSamples current = categorical("format", Map.of("jpeg", 100L));

        FeatureDrift f = only(detector.compare(reference, current));

        assertEquals(1.0, f.pValue());
        assertFalse(f.drifted());
    }

    @Test
    void threshold_is_alpha_divided_by_the_number_of_tested_features() {
        Random random = new Random(4);
        DriftResult result = detector.compare(DriftSamples.sixFeatures(random, 100, 0),
                DriftSamples.sixFeatures(random, 100, 0));

        assertEquals(6, result.features().size());
        result.features().forEach(f -> assertEquals(0.05 / 6, f.threshold(), 1e-15));
    }

    @Test
    void windows_under_five_observations_are_insufficient_data_and_not_drift() {
        FeatureSamples reference = new FeatureSamples(Map.of("brightness", new double[] {1, 2, 3, 4, 5, 6}),
                Map.of("label", Map.of("mask", 3L, "no_mask", 3L)));
        FeatureSamples current = new FeatureSamples(Map.of("brightness", new double[] {100, 200, 300, 400}),
                Map.of("label", Map.of("no_mask", 4L)));

        DriftResult result = detector.compare(reference, current);

        assertFalse(result.drifted());
        assertEquals(2, result.features().size());
        for (FeatureDrift f : result.features()) {
            assertEquals("insufficient_data", f.test());
            assertEquals(1.0, f.pValue());
            assertFalse(f.drifted());
        }
        assertTrue(result.summary().contains("too little data"), result.summary());
    }

    @Test
    void non_finite_values_are_left_out_before_counting() {
        FeatureSamples reference = numeric("sharpness", new double[] {1, 2, 3, 4, 5, Double.NaN});
        FeatureSamples current = numeric("sharpness", new double[] {1, 2, 3, 4, Double.POSITIVE_INFINITY});

        FeatureDrift f = only(detector.compare(reference, current));

        assertEquals("insufficient_data", f.test());
        assertEquals(5, f.referenceSize());
        assertEquals(4, f.currentSize());
    }

    @Test
    void features_on_one_side_only_are_skipped_and_order_is_numeric_then_categorical_in_reference_order() {
        Map<String, double[]> refNumeric = new LinkedHashMap<>();
        refNumeric.put("sharpness", new double[] {1, 2, 3, 4, 5});
        refNumeric.put("only_in_reference", new double[] {1, 2, 3, 4, 5});
        refNumeric.put("brightness", new double[] {1, 2, 3, 4, 5});
        Map<String, double[]> curNumeric = new LinkedHashMap<>();
        curNumeric.put("brightness", new double[] {1, 2, 3, 4, 5});
        curNumeric.put("only_in_current", new double[] {1, 2, 3, 4, 5});
        curNumeric.put("sharpness", new double[] {1, 2, 3, 4, 5});
        Map<String, Map<String, Long>> categorical = Map.of("label", Map.of("mask", 5L, "no_mask", 5L));

        DriftResult result = detector.compare(new FeatureSamples(refNumeric, categorical),
                new FeatureSamples(curNumeric, categorical));

        assertEquals(List.of("sharpness", "brightness", "label"),
                result.features().stream().map(FeatureDrift::feature).toList());
        assertEquals(List.of("numeric", "numeric", "categorical"),
                result.features().stream().map(FeatureDrift::kind).toList());
    }

    @Test
    void false_alarm_rate_on_unchanged_distribution_is_at_most_alpha() {
        Random random = new Random(42);
        int repetitions = 200;
        int alarms = 0;
        for (int r = 0; r < repetitions; r++) {
            if (detector.compare(DriftSamples.sixFeatures(random, 200, 0), DriftSamples.sixFeatures(random, 200, 0))
                    .drifted()) {
                alarms++;
            }
        }
        double rate = (double) alarms / repetitions;
        System.out.printf(Locale.ROOT, "drift false-alarm rate: %d of %d = %.3f (alpha 0.05)%n", alarms, repetitions,
                rate);
        assertTrue(rate <= 0.05, "false-alarm rate " + rate);
    }

    @Test
    void half_std_shift_on_one_of_six_features_is_detected_at_least_nine_times_in_ten() {
        Random random = new Random(43);
        int repetitions = 50;
        int detected = 0;
        for (int r = 0; r < repetitions; r++) {
            DriftResult result = detector.compare(DriftSamples.sixFeatures(random, 300, 0),
                    DriftSamples.sixFeatures(random, 300, 0.5));
            if (result.driftedFeatures().stream().anyMatch(f -> f.feature().equals("brightness"))) {
                detected++;
            }
        }
        double power = (double) detected / repetitions;
        System.out.printf(Locale.ROOT, "drift power, 0.5 std shift, n=300: %d of %d = %.2f%n", detected, repetitions,
                power);
        assertTrue(power >= 0.9, "power " + power);
    }

    @Test
    void summary_names_drifted_features_with_test_and_distance() {
        Random random = new Random(5);
        DriftResult result = detector.compare(DriftSamples.sixFeatures(random, 300, 0),
                DriftSamples.sixFeatures(random, 300, 1.5));

        String summary = result.summary();

        assertTrue(summary.startsWith("DRIFT in 1 of 6 features: brightness (KS p="), summary);
        assertTrue(summary.contains(", W="), summary);
    }

    @Test
    void summary_without_drift_gives_window_sizes() {
        Random random = new Random(6);
        DriftResult result = detector.compare(DriftSamples.sixFeatures(random, 812, 0),
                DriftSamples.sixFeatures(random, 240, 0));

        assertEquals("No drift in 6 features (812 reference vs 240 current observations)", result.summary());
    }

    @Test
    void rejects_alpha_outside_zero_one_and_negative_effect() {
        assertThrows(IllegalArgumentException.class, () -> new DriftDetector(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new DriftDetector(1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new DriftDetector(0.05, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new DriftDetector(Double.NaN, 0.1));
    }

    private static FeatureSamples numeric(String name, double[] values) {
        return new FeatureSamples(Map.of(name, values), Map.of());
    }

    private static FeatureSamples categorical(String name, Map<String, Long> counts) {
        return new FeatureSamples(Map.of(), Map.of(name, counts));
    }

    private static FeatureDrift only(DriftResult result) {
        assertEquals(1, result.features().size(), result.features().toString());
        return result.features().get(0);
    }
}
