package org.facemask.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CheckedDetectorTest {

    @Test
    void an_undecided_check_leaves_the_detector_score_and_a_confident_one_moves_it() {
        assertEquals(0.07, CheckedDetector.checkedScore(0.07, 0.5), 1e-9);
        assertEquals(0.9, CheckedDetector.checkedScore(0.9, 0.5), 1e-9);
        // A weak candidate the check is sure of beats a stronger one it doubts.
        assertTrue(CheckedDetector.checkedScore(0.08, 0.99) > CheckedDetector.checkedScore(0.3, 0.05));
        // Half weight: odds 0.1/0.9 times sqrt(0.99/0.01).
        double odds = (0.1 / 0.9) * Math.sqrt(0.99 / 0.01);
        assertEquals(odds / (1 + odds), CheckedDetector.checkedScore(0.1, 0.99), 1e-9);
        // Rounded-off probabilities of 0 and 1 stay finite.
        assertTrue(CheckedDetector.checkedScore(0.5, 1.0) < 1 && CheckedDetector.checkedScore(0.5, 0.0) > 0);
    }
}
