package org.facemask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.IntStream;
import org.facemask.dataset.VocCrops;
import org.facemask.detection.DetectedFace;
import org.junit.jupiter.api.Test;

class PanZoomClipTest {

    private static final int RED = 0xff0000;
    private static final int BLUE = 0x0000ff;

    /** A grey 600 x 400 photo with a red and a blue square: two "faces" whose pixels show where they went. */
    private static BufferedImage photo() {
        BufferedImage photo = new BufferedImage(600, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 600, 400);
        g.setColor(new Color(RED));
        g.fillRect(100, 100, 60, 60);
        g.setColor(new Color(BLUE));
        g.fillRect(420, 220, 80, 80);
        g.dispose();
        return photo;
    }

    private static final List<VocCrops.FaceBox> FACES = List.of(
            new VocCrops.FaceBox("mask", 100, 100, 160, 160), new VocCrops.FaceBox("no_mask", 420, 220, 500, 300));

    @Test
    void the_same_seed_gives_the_same_clip_and_another_seed_another() {
        PanZoomClip a = new PanZoomClip(photo(), FACES, 50, 42);
        PanZoomClip b = new PanZoomClip(photo(), FACES, 50, 42);
        PanZoomClip c = new PanZoomClip(photo(), FACES, 50, 43);
        for (int i : new int[] {0, 17, 49}) {
            assertEquals(a.truth(i), b.truth(i));
            assertTrue(samePixels(a.frame(i), b.frame(i)), "frame " + i);
        }
        assertFalse(samePixels(a.frame(0), c.frame(0)));
        long seeds = IntStream.range(0, 20).mapToLong(i -> VideoEvaluation.clipSeed(1, "photo" + i + ".png"))
                .distinct().count();
        assertEquals(20, seeds, "each photo gets its own path");
    }

    @Test
    void each_true_box_covers_its_face_in_the_rendered_frame() {
        for (long seed = 0; seed < 20; seed++) {
            PanZoomClip clip = new PanZoomClip(photo(), FACES, 30, seed);
            for (int i = 0; i < clip.frames(); i += 7) {
                BufferedImage frame = clip.frame(i);
                for (PanZoomClip.TruthBox t : clip.truth(i)) {
                    DetectedFace b = t.box();
                    assertTrue(b.x1() >= 0 && b.y1() >= 0 && b.x2() <= PanZoomClip.WIDTH
                            && b.y2() <= PanZoomClip.HEIGHT, "cut to the frame: " + b);
                    int colour = t.id() == 1 ? RED : BLUE;
                    // Inside the box (away from its blurred edges) the face's colour; just outside, not.
                    assertEquals(colour, frame.getRGB((int) ((b.x1() + b.x2()) / 2),
                            (int) ((b.y1() + b.y2()) / 2)) & 0xffffff, "seed " + seed + " frame " + i);
                    assertEquals(t.id() == 1 ? "mask" : "no_mask", t.label());
                    if (b.x1() >= 4) {
                        assertNotEquals(colour, frame.getRGB((int) b.x1() - 3, (int) ((b.y1() + b.y2()) / 2))
                                & 0xffffff);
                    }
                }
            }
        }
    }

    @Test
    void the_viewport_moves_smoothly_and_stays_inside_the_photo() {
        PanZoomClip clip = new PanZoomClip(photo(), FACES, 75, 3);
        double[] previous = clip.viewport(0);
        for (int i = 1; i < clip.frames(); i++) {
            double[] v = clip.viewport(i);
            assertTrue(v[0] >= 0 && v[1] >= 0 && v[0] + v[2] <= 600 + 1e-9 && v[1] + v[2] * 3 / 4 <= 400 + 1e-9);
            assertTrue(v[2] >= PanZoomClip.MIN_ZOOM * 400 * 4 / 3 - 1e-9);
            // Eased: no step larger than 1.5x the average one (a 0 to 1 smoothstep peaks at 1.5).
            for (int k = 0; k < 3; k++) {
                double step = Math.abs(v[k] - previous[k]);
                double average = Math.abs(clip.viewport(74)[k] - clip.viewport(0)[k]) / 74;
                assertTrue(step <= 1.5 * average + 1e-9, "step " + step + " vs " + average);
            }
            previous = v;
        }
    }

    @Test
    void a_face_mostly_out_of_view_is_dropped_and_one_half_in_view_is_cut() {
        // A 200 x 150 photo (exactly 4:3) at zoom 1 shows all of it; check the rule directly.
        BufferedImage small = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
        List<VocCrops.FaceBox> faces = List.of(new VocCrops.FaceBox("mask", 190, 10, 230, 50),
                new VocCrops.FaceBox("mask", 180, 60, 220, 100));
        PanZoomClip clip = new PanZoomClip(small, faces, 2, 1);
        for (int i = 0; i < 2; i++) {
            double[] v = clip.viewport(i);
            double scale = PanZoomClip.WIDTH / v[2];
            for (PanZoomClip.TruthBox t : clip.truth(i)) {
                VocCrops.FaceBox f = faces.get(t.id() - 1);
                assertEquals((f.xmin() - v[0]) * scale, t.box().x1(), 1e-9);
                assertTrue(t.box().x2() <= PanZoomClip.WIDTH);
            }
            // Face 1 has at most a quarter of its width inside a photo 200 px wide: never in the truth.
            assertTrue(clip.truth(i).stream().noneMatch(t -> t.id() == 1));
        }
    }

    private static boolean samePixels(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y += 5) {
            for (int x = 0; x < a.getWidth(); x += 5) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }
}
