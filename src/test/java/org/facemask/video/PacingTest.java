package org.facemask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacingTest {

    private static final double FPS = 100;

    @Test
    void a_live_source_slower_than_its_stated_rate_has_every_frame_analysed() throws InterruptedException {
        // Says 100 frames/s, sends one every 15 ms: each read waits, so nothing is ever behind,
        // although frame i comes later and later against i / 100 s.
        Pacing pacing = Pacing.realTime(FPS);
        int analysed = 0;
        for (int i = 0; i < 40; i++) {
            if (i > 0) {
                Thread.sleep(15);
            }
            analysed += pacing.analyse(i, i == 0 ? 0 : 0.015) ? 1 : 0;
        }
        assertEquals(40, analysed);
        assertTrue(pacing.lag(39) < 0.1, "the clock followed the source: " + pacing.lag(39));
    }

    @Test
    void frames_already_waiting_are_carried_while_the_pipeline_is_behind() throws InterruptedException {
        // A file (no read waits) whose analysis takes three frame periods: most frames are skipped.
        Pacing pacing = Pacing.realTime(FPS);
        int analysed = 0;
        for (int i = 0; i < 40; i++) {
            if (pacing.analyse(i, 0)) {
                analysed++;
                Thread.sleep(30);
            }
        }
        assertTrue(analysed >= 5 && analysed <= 20, "about one frame in three or four: " + analysed);
        assertTrue(pacing.lag(39) > -0.02, "keeps to the clock");
    }

    @Test
    void a_stride_analyses_the_same_frames_whatever_the_time() {
        Pacing pacing = Pacing.stride(3);
        assertTrue(pacing.analyse(0, 0));
        assertFalse(pacing.analyse(1, 0));
        assertFalse(pacing.analyse(2, 1.0));
        assertTrue(pacing.analyse(3, 0));
        assertEquals(0, pacing.lag(3), "no clock without a frame rate");
    }
}
