package org.facemask.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureSamplesTest {

    @Test
    void size_is_numeric_length_or_categorical_total_without_numeric_features() {
        assertEquals(0, FeatureSamples.empty().size());
        assertEquals(3, new FeatureSamples(Map.of("b", new double[] {1, 2, 3}),
                Map.of("label", Map.of("mask", 10L))).size());
        assertEquals(123, new FeatureSamples(Map.of(), Map.of("format", Map.of("jpeg", 120L, "png", 3L))).size());
    }

    @Test
    void later_changes_to_inputs_or_returned_arrays_do_not_change_the_window() {
        double[] values = {1, 2, 3};
        Map<String, Long> counts = new HashMap<>(Map.of("mask", 5L));
        FeatureSamples samples = new FeatureSamples(Map.of("b", values), Map.of("label", counts));

        values[0] = 99;
        counts.put("mask", 500L);
        samples.numeric().get("b")[1] = 99;

        assertEquals(1.0, samples.numeric().get("b")[0]);
        assertEquals(2.0, samples.numeric().get("b")[1]);
        assertEquals(5L, samples.categorical().get("label").get("mask"));
        assertEquals(new FeatureSamples(Map.of("b", new double[] {1, 2, 3}), Map.of("label", Map.of("mask", 5L))),
                samples);
    }

    @Test
    void rejects_negative_counts() {
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureSamples(Map.of(), Map.of("label", Map.of("mask", -1L))));
    }

    @Test
    void bucket_shares_are_count_over_total_and_zero_when_empty() {
        ClassShareBucket bucket = new ClassShareBucket(Instant.EPOCH, Map.of("mask", 3L, "no_mask", 1L), 0.9);
        ClassShareBucket empty = new ClassShareBucket(Instant.EPOCH, Map.of("mask", 0L), Double.NaN);

        assertEquals(4, bucket.total());
        assertEquals(0.75, bucket.shares().get("mask"));
        assertEquals(0.25, bucket.shares().get("no_mask"));
        assertEquals(0.0, empty.shares().get("mask"));
    }
}
