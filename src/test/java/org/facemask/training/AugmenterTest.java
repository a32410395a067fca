package org.facemask.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.facemask.dataset.DataSource;
import org.junit.jupiter.api.Test;

class AugmenterTest {

    private static final int SIDE = 64;
    private static final int SIZE = 48;
    private static final int NO_MASK = 2;
    private static final int SEEDS = 400;

    /** A face-like source: skin-coloured, with a darker vertical stripe so crops and flips differ. */
    private static int[] source() {
        int[] px = new int[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                px[y * SIDE + x] = x % 8 < 4 ? 0xd2a082 : 0x8c6450;
            }
        }
        return px;
    }

    @Test
    void occlusion_covers_only_the_lower_face_of_no_mask_images_about_a_third_of_the_time() {
        int[] src = source();
        int covered = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            int[] out = Augmenter.coverLowerFace(src, SIDE, random(seed));
            for (int y = 0; y < SIDE * 0.48; y++) {
                for (int x = 0; x < SIDE; x++) {
                    assertEquals(src[y * SIDE + x], out[y * SIDE + x], "changed above the mouth at " + x + "," + y);
                }
            }
            // The middle of the lower face is always inside the patch: it no longer shows the stripes.
            int stripes = 0;
            int row = (int) (SIDE * 0.75);
            for (int x = (int) (SIDE * 0.4); x < SIDE * 0.6; x++) {
                stripes += Math.abs(((out[row * SIDE + x] >> 8) & 0xff) - ((src[row * SIDE + x] >> 8) & 0xff)) > 0
                        ? 1 : 0;
            }
            covered += stripes > 0 ? 1 : 0;
        }
        assertEquals(SEEDS, covered, "every call covers the mouth");

        Augmenter occluding = new Augmenter(SIZE, EnumSet.of(CameraAugmentation.OCCLUSION), NO_MASK);
        Augmenter plain = new Augmenter(SIZE);
        int differs = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            // Other classes draw nothing extra: same seed, same image.
            assertArrayEquals(plain.augment(src, SIDE, 0, random(seed)),
                    occluding.augment(src, SIDE, 0, random(seed)));
            // A no_mask image left uncovered has drawn its chance only, then augments as usual.
            Random chanceDrawn = random(seed);
            chanceDrawn.nextDouble();
            differs += Arrays.equals(plain.augment(src, SIDE, NO_MASK, chanceDrawn),
                    occluding.augment(src, SIDE, NO_MASK, random(seed))) ? 0 : 1;
        }
        double share = differs / (double) SEEDS;
        assertTrue(share > 0.2 && share < 0.4, "share of no_mask images occluded: " + share);
    }

    @Test
    void blur_and_jpeg_degrade_a_quarter_of_the_images_each_after_the_standard_augmentation() {
        int[] src = source();
        Augmenter plain = new Augmenter(SIZE);
        Augmenter blurring = new Augmenter(SIZE, EnumSet.of(CameraAugmentation.BLUR), NO_MASK);
        Augmenter compressing = new Augmenter(SIZE, EnumSet.of(CameraAugmentation.JPEG), NO_MASK);
        int blurred = 0;
        int compressed = 0;
        double detailKept = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            int[] a = plain.augment(src, SIDE, 0, random(seed));
            int[] b = blurring.augment(src, SIDE, 0, random(seed));
            if (!Arrays.equals(a, b)) {
                blurred++;
                assertTrue(variation(b) <= variation(a), "a blurred image gains no detail (seed " + seed + ")");
                detailKept += variation(b) / (double) Math.max(1, variation(a));
            }
            compressed += Arrays.equals(a, compressing.augment(src, SIDE, 0, random(seed))) ? 0 : 1;
        }
        assertTrue(detailKept / blurred < 0.9, "mean share of detail a blur keeps: " + detailKept / blurred);
        for (int n : new int[] {blurred, compressed}) {
            double share = n / (double) SEEDS;
            assertTrue(share > 0.17 && share < 0.33, "share degraded: " + share);
        }
    }

    @Test
    void camera_augmentations_are_recorded_and_restored_with_the_run() {
        var options = TrainingOptions.builder().setSources(List.of(new DataSource("a", Path.of("a"), 1)))
                .setOutDir(Path.of("out"))
                .optCameraAugmentations(CameraAugmentation.parse(List.of("blur", "occlusion"))).build();
        var map = options.toMap();
        assertEquals(List.of("occlusion", "blur"), map.get("camera_augmentation"));
        assertEquals(Set.of(CameraAugmentation.OCCLUSION, CameraAugmentation.BLUR),
                TrainingOptions.fromMap(map, Path.of("out")).cameraAugmentations());

        var unknown = assertThrows(IllegalArgumentException.class, () -> CameraAugmentation.parse(List.of("fog")));
        assertEquals("unknown augmentation 'fog'; known: occlusion, jpeg, blur", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.builder()
                .setSources(List.of(new DataSource("a", Path.of("a"), 1))).setOutDir(Path.of("out"))
                .optAugment(false).optCameraAugmentations(Set.of(CameraAugmentation.JPEG)).build());
    }

    /** A generator per seed; spread, since java.util.Random's first draws for seeds 0, 1, 2... are alike. */
    private static Random random(int seed) {
        return new Random(seed * 0x9E3779B97F4A7C15L);
    }

    /** Sum of absolute differences between horizontal neighbours, green channel: the image's fine detail. */
    private static long variation(int[] px) {
        long sum = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 1; x < SIZE; x++) {
                sum += Math.abs(((px[y * SIZE + x] >> 8) & 0xff) - ((px[y * SIZE + x - 1] >> 8) & 0xff));
            }
        }
        return sum;
    }
}
