package org.facemask.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeopleCountTest {

    @Test
    void counts_each_label_and_calls_anything_but_a_proper_mask_non_compliant() {
        PeopleCount count = PeopleCount.of(List.of("mask", "no_mask", "mask_incorrect", "mask"));
        assertEquals(new PeopleCount(4, 2, 1, 1), count);
        assertEquals(0.5, count.compliance(), 1e-12);
    }

    @Test
    void no_face_found_counts_nobody_without_compliance_and_negative_counts_are_refused() {
        assertEquals(new PeopleCount(0, 0, 0, 0), PeopleCount.of(List.of()));
        assertTrue(Double.isNaN(PeopleCount.of(List.of()).compliance()));
        assertThrows(IllegalArgumentException.class, () -> new PeopleCount(1, -1, 0, 0));
    }
}
