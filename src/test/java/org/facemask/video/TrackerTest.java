package org.facemask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.facemask.detection.DetectedFace;
import org.junit.jupiter.api.Test;

class TrackerTest {

    private static DetectedFace face(double x, double y, double score) {
        return new DetectedFace(x, y, x + 40, y + 50, score, Double.NaN);
    }

    private static Tracker tracker() {
        return new Tracker(Tracker.Settings.defaults(0.5), LabelSmoother::new);
    }

    @Test
    void two_moving_faces_keep_their_ids_across_skipped_frames() {
        Tracker t = tracker();
        for (int i = 0; i < 60; i++) {
            // Analysed on every third frame only; the faces pass each other at 4 px per frame.
            List<Track> tracks = i % 3 == 0
                    ? t.update(List.of(face(300 - 4 * i, 100, 0.9), face(20 + 4 * i, 170, 0.8)))
                    : t.predict();
            assertEquals(2, tracks.size(), "frame " + i);
            if (i < 6) {
                continue; // the velocity is learnt from the first two analysed frames
            }
            // Between analysed frames the Kalman prediction carries each box along.
            assertEquals(300 - 4 * i, tracks.get(0).box().x1(), 6, "frame " + i);
            assertEquals(20 + 4 * i, tracks.get(1).box().x1(), 6, "frame " + i);
        }
        assertEquals(List.of(1, 2), t.tracks().stream().map(Track::id).toList());
    }

    @Test
    void a_face_that_moved_off_its_prediction_during_a_long_gap_keeps_its_id() {
        Tracker t = tracker();
        t.update(List.of(face(100, 100, 0.9), face(300, 100, 0.9)));
        for (int i = 0; i < 50; i++) {
            t.predict(); // two seconds not analysed: the prediction stays put (no velocity learnt yet)
        }
        // Both faces moved 45 px (more than their width: no overlap with the predictions).
        List<Track> tracks = t.update(List.of(face(145, 110, 0.9), face(345, 110, 0.9)));
        assertEquals(List.of(1, 2), tracks.stream().map(Track::id).toList());
        assertEquals(145, tracks.get(0).detection().x1());
        assertEquals(345, tracks.get(1).detection().x1());
    }

    @Test
    void low_score_detections_keep_a_track_but_never_start_one() {
        Tracker t = tracker();
        t.update(List.of(face(100, 100, 0.9)));
        for (int i = 1; i <= 20; i++) {
            // The face fades to a low score; a second low-score blob appears elsewhere.
            List<Track> tracks = t.update(List.of(face(100 + i, 100, 0.2), face(400, 300, 0.3)));
            assertEquals(1, tracks.size());
            assertEquals(1, tracks.get(0).id());
            assertTrue(tracks.get(0).visible());
        }
    }

    @Test
    void a_track_is_dropped_after_max_missed_analysed_frames() {
        Tracker t = new Tracker(new Tracker.Settings(0.5, 0.2, 0.5, 2, 3), LabelSmoother::new);
        t.update(List.of(face(100, 100, 0.9)));
        for (int i = 0; i < 3; i++) {
            assertEquals(1, t.update(List.of()).size());
            assertTrue(t.drainRemoved().isEmpty());
        }
        assertEquals(0, t.update(List.of()).size());
        assertEquals(List.of(1), t.drainRemoved().stream().map(Track::id).toList());
    }

    @Test
    void a_new_face_gets_an_id_on_its_second_match_and_a_one_frame_blip_none() {
        Tracker t = tracker();
        t.update(List.of(face(100, 100, 0.9)));
        // A false detection on one frame only: tentative, then dropped without an id.
        assertEquals(1, t.update(List.of(face(100, 100, 0.9), face(300, 50, 0.7))).size());
        assertEquals(1, t.update(List.of(face(100, 100, 0.9))).size());
        // A real newcomer: an id on its second frame, the next free one.
        t.update(List.of(face(100, 100, 0.9), face(250, 200, 0.8)));
        List<Track> tracks = t.update(List.of(face(100, 100, 0.9), face(251, 200, 0.8)));
        assertEquals(List.of(1, 2), tracks.stream().map(Track::id).toList());
    }
}
