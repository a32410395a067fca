package org.facemask.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.List;
import org.facemask.Fixtures;
import org.facemask.ImageMeasures;
import org.facemask.image.FaceRegion;
import org.facemask.image.ImageDecoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PerturbationsTest {

    private static BufferedImage face;

    @BeforeAll
    static void decode() throws Exception {
        face = new ImageDecoder().decode(Files.readAllBytes(
                Fixtures.FACES.resolve("without_mask/without_mask_00.jpg"))).rgb();
    }

    @Test
    void every_condition_keeps_the_size_and_changes_pixels() {
        for (Perturbation p : Perturbations.standard()) {
            BufferedImage out = p.apply(face, 1);
            assertEquals(face.getWidth(), out.getWidth(), p.name());
            assertEquals(face.getHeight(), out.getHeight(), p.name());
            assertTrue(difference(face, out) > 0, p.name() + " " + p.level() + " changed nothing");
        }
    }

    @Test
    void grayscale_has_equal_channels() {
        BufferedImage gray = Perturbations.grayscale(face);
        for (int y = 0; y < gray.getHeight(); y++) {
            for (int x = 0; x < gray.getWidth(); x++) {
                int p = gray.getRGB(x, y);
                assertEquals((p >> 16) & 0xff, (p >> 8) & 0xff);
                assertEquals((p >> 8) & 0xff, p & 0xff);
            }
        }
        assertTrue(FaceFeatures.of(gray).grayscale());
        assertFalse(FaceFeatures.of(face).grayscale());
    }

    @Test
    void blur_and_downscale_lose_detail_the_more_the_stronger() {
        double sharp = ImageMeasures.sharpness(face);
        double soft = ImageMeasures.sharpness(Perturbations.blur(face, 1));
        double softer = ImageMeasures.sharpness(Perturbations.blur(face, 3));
        assertTrue(soft < 0.8 * sharp && softer < soft, sharp + " > " + soft + " > " + softer);
        List<Perturbation> down = Perturbations.standard().stream()
                .filter(p -> p.name().equals(Perturbations.DOWNSCALE)).toList();
        assertEquals(List.of(32.0, 24.0, 16.0), down.stream().map(Perturbation::level).toList());
        double previous = sharp;
        for (Perturbation p : down) {
            double s = ImageMeasures.sharpness(p.apply(face, 1));
            assertTrue(s < previous, p.level() + " px: " + s + " vs " + previous);
            previous = s;
        }
    }

    @Test
    void stronger_jpeg_and_brightness_move_further_from_the_original() {
        assertTrue(difference(face, Perturbations.jpeg(face, 10)) > difference(face, Perturbations.jpeg(face, 90)));
        double luma = FaceFeatures.meanLuma(face);
        assertTrue(FaceFeatures.meanLuma(Perturbations.brightness(face, -60)) < 0.45 * luma);
        assertTrue(FaceFeatures.meanLuma(Perturbations.brightness(face, 30)) > luma);
        assertTrue(spread(Perturbations.contrast(face, 25)) < 0.3 * spread(face));
    }

    @Test
    void noise_repeats_for_a_seed_and_differs_for_another() {
        Perturbation noise = Perturbations.standard().stream()
                .filter(p -> p.name().equals(Perturbations.NOISE)).findFirst().orElseThrow();
        assertEquals(0.0, difference(noise.apply(face, 5), noise.apply(face, 5)));
        assertNotEquals(0.0, difference(noise.apply(face, 5), noise.apply(face, 6)));
    }

    @Test
    void occlusion_covers_the_lower_face_and_leaves_the_eyes() {
        int cloth = 0x28325a;
        BufferedImage covered = Perturbations.occlude(face, cloth, new java.util.Random(1));
        int w = face.getWidth();
        int h = face.getHeight();
        // The centre of the lower-face box is the patch colour (within its texture).
        int centre = covered.getRGB(w / 2, (int) (0.75 * h));
        assertTrue(Math.abs(((centre >> 16) & 0xff) - 0x28) < 30 && Math.abs((centre & 0xff) - 0x5a) < 30,
                Integer.toHexString(centre));
        // The upper half is untouched.
        for (int y = 0; y < h / 2; y++) {
            for (int x = 0; x < w; x++) {
                assertEquals(face.getRGB(x, y), covered.getRGB(x, y));
            }
        }
        int skin = Perturbations.skinColour(face);
        int cheek = FaceRegion.LEFT_CHEEK.meanRgb(face);
        assertTrue(Math.abs(((skin >> 8) & 0xff) - ((cheek >> 8) & 0xff)) < 40);
    }

    @Test
    void ita_reads_light_skin_high_and_dark_skin_low() {
        assertTrue(FaceFeatures.ita(solid(0xf0d0b8)) > 41, "light: " + FaceFeatures.ita(solid(0xf0d0b8)));
        assertTrue(FaceFeatures.ita(solid(0x5a3a28)) < -30, "dark: " + FaceFeatures.ita(solid(0x5a3a28)));
        assertTrue(Double.isNaN(FaceFeatures.ita(solid(0x808080))));
        assertEquals("dark (<-30)", FaceFeatures.itaCategory(-45));
        assertEquals("tan (10-28)", FaceFeatures.itaCategory(20));
    }

    @Test
    void mild_strengths_are_those_of_the_issue() {
        assertTrue(Perturbations.mild(Perturbations.JPEG, 30));
        assertFalse(Perturbations.mild(Perturbations.JPEG, 10));
        assertTrue(Perturbations.mild(Perturbations.BLUR, 1.5));
        assertFalse(Perturbations.mild(Perturbations.BLUR, 2));
        assertTrue(Perturbations.mild(Perturbations.BRIGHTNESS, -30));
        assertFalse(Perturbations.mild(Perturbations.BRIGHTNESS, 60));
        assertTrue(Perturbations.mild(Perturbations.DOWNSCALE, 32));
        assertFalse(Perturbations.mild(Perturbations.DOWNSCALE, 24));
        assertFalse(Perturbations.mild(Perturbations.ROTATION, 10));
    }

    private static BufferedImage solid(int rgb) {
        BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    /** Standard deviation of luma. */
    private static double spread(BufferedImage image) {
        double mean = FaceFeatures.meanLuma(image);
        double sum = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                double d = FaceFeatures.luma(image.getRGB(x, y)) - mean;
                sum += d * d;
            }
        }
        return Math.sqrt(sum / (image.getWidth() * image.getHeight()));
    }

    private static double difference(BufferedImage a, BufferedImage b) {
        return ImageMeasures.meanAbsoluteDifference(a, b);
    }
}
