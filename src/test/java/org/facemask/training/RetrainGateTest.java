package org.facemask.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.facemask.evaluation.SourceSummary;
import org.junit.jupiter.api.Test;

class RetrainGateTest {

    private static SourceSummary scored(int n, double accuracy) {
        return new SourceSummary(n, accuracy, 0.05, Map.of(), accuracy, 0.05);
    }

    @Test
    void tolerance_is_the_wilson_half_width_with_half_a_point_as_floor() {
        // 95 % Wilson interval of 90 / 100: 0.8256 .. 0.9448, half-width 0.0596.
        assertEquals(0.0596, RetrainGate.tolerance(0.90, 100), 0.0005);
        assertEquals(RetrainGate.MIN_TOLERANCE, RetrainGate.tolerance(0.999, 100_000), 1e-9);
        assertTrue(RetrainGate.tolerance(0.9, 50) > RetrainGate.tolerance(0.9, 5_000), "smaller sets, wider margin");
    }

    @Test
    void a_candidate_within_the_margin_and_better_on_feedback_is_accepted() {
        RetrainGate.Decision d = RetrainGate.decide(Map.of("gate", scored(100, 0.90)),
                Map.of("gate", scored(100, 0.86)), scored(40, 0.70), scored(40, 0.80));

        assertTrue(d.accepted(), d.reasons().toString());
        assertEquals("accepted", d.word());
        assertTrue(d.gates().get(0).passed());
    }

    @Test
    void a_drop_beyond_the_margin_on_any_gate_set_rejects() {
        RetrainGate.Decision d = RetrainGate.decide(
                Map.of("big", scored(2_000, 0.95), "small", scored(100, 0.90)),
                Map.of("big", scored(2_000, 0.93), "small", scored(100, 0.95)), scored(40, 0.70), scored(40, 0.90));

        assertFalse(d.accepted());
        assertEquals(1, d.reasons().size(), d.reasons().toString());
        assertTrue(d.reasons().get(0).startsWith("big:"), d.reasons().get(0));
    }

    @Test
    void no_gain_on_the_feedback_rejects_and_no_feedback_needs_none() {
        Map<String, SourceSummary> same = Map.of("gate", scored(100, 0.90));

        assertFalse(RetrainGate.decide(same, same, scored(40, 0.80), scored(40, 0.80)).accepted(),
                "equal is not better");
        assertTrue(RetrainGate.decide(same, same, null, null).accepted());
    }
}
