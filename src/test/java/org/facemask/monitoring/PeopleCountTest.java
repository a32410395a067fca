package org.facemask.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeopleCountTest {

    @Test
    void counts_each_label_and_calls_anything_but_a_proper_mask_non_compliant() {
        PeopleCount count = PeopleCount.of(4, List.of("mask", "no_mask", "mask_incorrect", "mask"));
        assertEquals(new PeopleCount(4, 2, 1, 1), count);
        assertEquals(0.5, count.compliance(), 1e-12);
    }

    @Test
    void the_whole_image_counts_as_one_person_when_no_face_was_found() {
        PeopleCount count = PeopleCount.of(0, List.of("no_mask"));
        assertEquals(1, count.people());
        assertEquals(0.0, count.compliance());
    }

    @Test
    void nobody_counted_has_no_compliance_and_negative_counts_are_refused() {
        assertTrue(Double.isNaN(PeopleCount.of(0, List.of()).compliance()));
        assertThrows(IllegalArgumentException.class, () -> new PeopleCount(1, -1, 0, 0));
    }
}
