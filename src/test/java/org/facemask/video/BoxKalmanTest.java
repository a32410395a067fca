package org.facemask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BoxKalmanTest {

    @Test
    void prediction_follows_a_box_moving_at_constant_velocity() {
        // A 40 x 50 box moving 3 px right and 2 px down per frame.
        BoxKalman k = new BoxKalman(100, 100, 140, 150);
        for (int i = 1; i <= 10; i++) {
            k.predict();
            k.correct(100 + 3 * i, 100 + 2 * i, 140 + 3 * i, 150 + 2 * i);
        }
        assertEquals(3, k.velocity()[0], 0.3);
        assertEquals(2, k.velocity()[1], 0.3);
        // Five frames with no measurement: the prediction alone carries the box.
        for (int i = 11; i <= 15; i++) {
            k.predict();
        }
        double[] box = k.box();
        assertEquals(100 + 3 * 15, box[0], 2.0);
        assertEquals(100 + 2 * 15, box[1], 2.0);
        assertEquals(140 + 3 * 15, box[2], 2.0);
        assertEquals(150 + 2 * 15, box[3], 2.0);
    }

    @Test
    void a_box_at_rest_stays_put() {
        BoxKalman k = new BoxKalman(10, 20, 30, 50);
        for (int i = 0; i < 5; i++) {
            k.predict();
            k.correct(10, 20, 30, 50);
        }
        k.predict();
        double[] box = k.box();
        assertEquals(10, box[0], 0.5);
        assertEquals(50, box[3], 0.5);
    }
}
