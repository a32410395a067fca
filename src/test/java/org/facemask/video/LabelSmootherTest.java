package org.facemask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSmootherTest {

    private static Map<String, Float> p(float mask, float incorrect, float noMask) {
        return Map.of("mask", mask, "mask_incorrect", incorrect, "no_mask", noMask);
    }

    @Test
    void a_single_frame_flip_does_not_change_the_label() {
        LabelSmoother s = new LabelSmoother();
        assertNull(s.label());
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // Frame 5 alone is a confident "no_mask": a turned head, a hand in front.
            labels.add(s.update(i == 5 ? p(0.02f, 0.03f, 0.95f) : p(0.9f, 0.05f, 0.05f)));
        }
        assertEquals(List.of("mask"), labels.stream().distinct().toList());
    }

    @Test
    void two_odd_frames_in_a_row_do_not_either() {
        LabelSmoother s = new LabelSmoother();
        for (int i = 0; i < 10; i++) {
            assertEquals("mask", s.update(i == 4 || i == 5 ? p(0.0f, 0.0f, 1.0f) : p(0.8f, 0.1f, 0.1f)));
        }
    }

    @Test
    void four_odd_frames_in_a_row_do_not_either() {
        // A lead of 0.15 held for 3 frames (the earlier defaults) would flip on the 4th.
        LabelSmoother s = new LabelSmoother();
        for (int i = 0; i < 12; i++) {
            assertEquals("mask", s.update(i >= 4 && i < 8 ? p(0.0f, 0.0f, 1.0f) : p(0.8f, 0.1f, 0.1f)));
        }
    }

    @Test
    void a_lasting_change_is_followed_with_the_defaults_too() {
        LabelSmoother s = new LabelSmoother();
        for (int i = 0; i < 5; i++) {
            s.update(p(0.9f, 0.05f, 0.05f));
        }
        for (int i = 0; i < 12; i++) {
            s.update(p(0.05f, 0.05f, 0.9f));
        }
        assertEquals("no_mask", s.label());
    }

    @Test
    void a_lasting_change_is_followed_after_the_patience() {
        LabelSmoother s = new LabelSmoother(0.3, 0.15, 3);
        for (int i = 0; i < 5; i++) {
            s.update(p(0.9f, 0.05f, 0.05f));
        }
        int changedAt = -1;
        for (int i = 0; i < 20 && changedAt < 0; i++) {
            if (s.update(p(0.05f, 0.05f, 0.9f)).equals("no_mask")) {
                changedAt = i;
            }
        }
        // The average crosses over with a 0.15 lead on the 3rd frame, then it must hold 3 frames.
        assertEquals(4, changedAt);
        assertEquals("no_mask", s.label());
    }

    @Test
    void alternating_frames_near_a_tie_keep_the_first_label() {
        LabelSmoother s = new LabelSmoother();
        for (int i = 0; i < 30; i++) {
            assertEquals("mask", s.update(i % 2 == 0 ? p(0.55f, 0f, 0.45f) : p(0.4f, 0f, 0.6f)));
        }
    }

    @Test
    void rejects_invalid_settings() {
        assertThrows(IllegalArgumentException.class, () -> new LabelSmoother(0, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new LabelSmoother(0.5, 0.1, 0));
    }
}
