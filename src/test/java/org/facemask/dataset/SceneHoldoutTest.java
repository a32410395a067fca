package org.facemask.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SceneHoldoutTest {

    @Test
    void holds_out_the_asked_share_and_the_training_side_is_the_rest() {
        SceneHoldout holdout = new SceneHoldout(0.3);
        int held = 0;
        for (int i = 0; i < 2000; i++) {
            String name = "maksssksksss" + i + ".png";
            boolean in = holdout.contains(name);
            assertNotEquals(in, holdout.negate().test(name));
            held += in ? 1 : 0;
        }
        assertEquals(600, held, 60);
    }

    @Test
    void the_choice_depends_on_the_name_only() {
        assertEquals(new SceneHoldout(0.3).contains("a.png"), new SceneHoldout(0.3).contains("a.png"));
        // A larger share holds out a superset.
        for (int i = 0; i < 500; i++) {
            String name = i + ".jpg";
            if (new SceneHoldout(0.2).contains(name)) {
                assertEquals(true, new SceneHoldout(0.4).contains(name), name);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new SceneHoldout(1.0));
        assertThrows(IllegalArgumentException.class, () -> new SceneHoldout(-0.1));
    }
}
