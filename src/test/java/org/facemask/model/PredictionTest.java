package org.facemask.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictionTest {

    @Test
    void the_original_two_key_view_counts_a_mask_worn_incorrectly_as_no_mask() {
        Map<String, Float> three = new LinkedHashMap<>();
        three.put("mask", 0.2f);
        three.put("mask_incorrect", 0.7f);
        three.put("no_mask", 0.1f);
        Map<String, Float> view = new Prediction("mask_incorrect", 0.7f, three).maskOrNot();
        assertEquals(List.of("mask", "no_mask"), List.copyOf(view.keySet()));
        assertEquals(0.2f, view.get("mask"), 1e-6);
        assertEquals(0.8f, view.get("no_mask"), 1e-6);
    }

    @Test
    void a_two_class_prediction_is_unchanged() {
        Map<String, Float> two = new LinkedHashMap<>();
        two.put("mask", 0.87f);
        two.put("no_mask", 0.13f);
        Map<String, Float> view = new Prediction("mask", 0.87f, two).maskOrNot();
        assertEquals(0.87f, view.get("mask"), 1e-6);
        assertEquals(0.13f, view.get("no_mask"), 1e-6);
    }
}
