package org.facemask.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectedFaceTest {

    private static DetectedFace box(double x1, double y1, double x2, double y2, double score) {
        return new DetectedFace(x1, y1, x2, y2, score, 0.5);
    }

    @Test
    void iou_of_known_boxes() {
        assertEquals(1.0, box(0, 0, 10, 10, 1).iou(box(0, 0, 10, 10, 1)), 1e-12);
        assertEquals(0.0, box(0, 0, 10, 10, 1).iou(box(10, 0, 20, 10, 1)), 1e-12, "touching is not overlapping");
        // 5x10 overlap of two 10x10 boxes: 50 / 150.
        assertEquals(1.0 / 3, box(0, 0, 10, 10, 1).iou(box(5, 0, 15, 10, 1)), 1e-12);
    }

    @Test
    void expand_grows_each_side_and_clips_to_the_image() {
        DetectedFace grown = box(10, 10, 30, 50, 0.9).expand(0.25, 100, 55);
        assertEquals(5, grown.x1(), 1e-12);
        assertEquals(0, grown.y1(), 1e-12);
        assertEquals(35, grown.x2(), 1e-12);
        assertEquals(55, grown.y2(), 1e-12, "clipped at the image's bottom");
        assertEquals(0.9, grown.score());
    }

    @Test
    void nms_keeps_the_best_of_each_overlapping_cluster() {
        List<DetectedFace> kept = NonMaxSuppression.apply(List.of(
                box(0, 0, 10, 10, 0.6), box(1, 1, 11, 11, 0.9), box(50, 50, 60, 60, 0.7), box(0, 0, 10, 10, 0.5)), 0.3);
        assertEquals(List.of(box(1, 1, 11, 11, 0.9), box(50, 50, 60, 60, 0.7)), kept);
    }

    @Test
    void nms_keeps_boxes_that_overlap_less_than_the_threshold() {
        // IoU 1/3 > 0.3 suppresses; with threshold 0.5 both stay.
        List<DetectedFace> pair = List.of(box(0, 0, 10, 10, 0.9), box(5, 0, 15, 10, 0.8));
        assertEquals(1, NonMaxSuppression.apply(pair, 0.3).size());
        assertEquals(2, NonMaxSuppression.apply(pair, 0.5).size());
    }
}
