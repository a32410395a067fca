package org.facemask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.facemask.detection.DetectedFace;
import org.junit.jupiter.api.Test;

class TrackingMetricsTest {

    /** Face A sits at x = 0, face B at x = 200; boxes are 100 x 100. */
    private static final double A = 0;
    private static final double B = 200;

    private static TrackingMetrics.Box box(int id, double x) {
        return new TrackingMetrics.Box(id, new DetectedFace(x, 0, x + 100, 100, 1, Double.NaN));
    }

    private static List<TrackingMetrics.Box> boxes(TrackingMetrics.Box... b) {
        return new ArrayList<>(List.of(b));
    }

    @Test
    void perfect_tracks_score_one() {
        TrackingMetrics m = new TrackingMetrics();
        for (int i = 0; i < 4; i++) {
            m.frame(boxes(box(1, A), box(2, B)), boxes(box(7, A + 5), box(8, B - 5)));
        }
        m.endClip();
        assertEquals(1.0, m.mota(), 1e-12);
        assertEquals(1.0, m.idf1(), 1e-12);
        assertEquals(0, m.idSwitches());
        assertEquals(1.0, m.recall(), 1e-12);
    }

    @Test
    void a_face_handed_to_another_track_halfway_is_one_switch_and_half_the_idf1() {
        TrackingMetrics m = new TrackingMetrics();
        for (int i = 0; i < 8; i++) {
            m.frame(boxes(box(1, A)), boxes(box(i < 4 ? 1 : 2, A)));
        }
        m.endClip();
        assertEquals(1, m.idSwitches());
        assertEquals(0, m.misses());
        assertEquals(0, m.falsePositives());
        assertEquals(1 - 1 / 8.0, m.mota(), 1e-12);
        // The face's identity pairs with one track for 4 of its 8 frames: 2 * 4 / (8 + 8).
        assertEquals(0.5, m.idf1(), 1e-12);
    }

    @Test
    void the_previous_match_is_kept_while_it_still_overlaps_enough() {
        TrackingMetrics m = new TrackingMetrics();
        m.frame(boxes(box(1, A)), boxes(box(1, A)));
        // Track 2 now fits the face better, but track 1 still overlaps it by IoU 0.6: no switch.
        m.frame(boxes(box(1, A)), boxes(box(1, A + 25), box(2, A)));
        assertEquals(0, m.idSwitches());
        assertEquals(1, m.falsePositives());
        assertEquals(1 - 1 / 2.0, m.mota(), 1e-12);
        // Once track 1 drifts below IoU 0.5, the face goes to track 2: a switch.
        m.frame(boxes(box(1, A)), boxes(box(1, A + 40), box(2, A)));
        assertEquals(1, m.idSwitches());
    }

    @Test
    void boxes_overlapping_by_less_than_half_are_a_miss_and_a_false_positive() {
        TrackingMetrics m = new TrackingMetrics();
        for (int i = 0; i < 4; i++) {
            m.frame(boxes(box(1, A)), boxes(box(1, i < 2 ? A : A + 60)));
        }
        m.endClip();
        assertEquals(2, m.misses());
        assertEquals(2, m.falsePositives());
        assertEquals(0, m.idSwitches());
        assertEquals(0.0, m.mota(), 1e-12);
        assertEquals(0.5, m.recall(), 1e-12);
        assertEquals(2 * 2 / 8.0, m.idf1(), 1e-12);
    }

    @Test
    void idf1_pairs_identities_globally_not_greedily() {
        TrackingMetrics m = new TrackingMetrics();
        // Face 1 is track 1 on frames 0-2 and track 2 on frames 3-4; face 2 (frames 3-4) is track 1.
        for (int i = 0; i < 3; i++) {
            m.frame(boxes(box(1, A)), boxes(box(1, A)));
        }
        for (int i = 3; i < 5; i++) {
            m.frame(boxes(box(1, A), box(2, B)), boxes(box(2, A), box(1, B)));
        }
        m.endClip();
        // Greedy (face 1 with track 1, 3 frames) gives IDTP 3; the best pairing (face 1 with
        // track 2, face 2 with track 1) gives 2 + 2 = 4, of 7 true and 7 track boxes.
        assertEquals(2 * 4 / 14.0, m.idf1(), 1e-12);
        assertEquals(1, m.idSwitches());
        assertEquals(1 - 1 / 7.0, m.mota(), 1e-12);
    }

    @Test
    void identities_are_per_clip() {
        TrackingMetrics m = new TrackingMetrics();
        for (int clip = 0; clip < 2; clip++) {
            for (int i = 0; i < 3; i++) {
                // The same ids in both clips, paired the other way round: no switch across clips.
                m.frame(boxes(box(1, A)), boxes(box(clip + 1, A)));
            }
            m.endClip();
        }
        assertEquals(0, m.idSwitches());
        assertEquals(1.0, m.idf1(), 1e-12);
        assertEquals(6, m.truths());
    }
}
