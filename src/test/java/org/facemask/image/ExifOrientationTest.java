package org.facemask.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.facemask.Fixtures;
import org.facemask.TestJpegs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A phone stores a portrait photo as landscape pixels plus an EXIF orientation; the decoder must
 * hand out the picture a viewer shows, through libjpeg-turbo (when installed) and ImageIO alike.
 */
class ExifOrientationTest {

    // Upright test card, 48 x 32: red top left, green top right, blue bottom left, white bottom right.
    private static final int W = 48;
    private static final int H = 32;
    private static final Color[] QUADRANTS = {Color.RED, Color.GREEN, Color.BLUE, Color.WHITE};

    private final ImageDecoder withTurbo = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, TurboJpeg.system());
    private final ImageDecoder imageIoOnly = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, null);

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void every_orientation_decodes_upright(int orientation) throws IOException {
        byte[] file = TestJpegs.withOrientation(TestJpegs.jpeg(TestJpegs.stored(card(), orientation)), orientation);
        assertEquals(orientation, ExifOrientation.read(file));
        for (ImageDecoder decoder : new ImageDecoder[] {withTurbo, imageIoOnly}) {
            DecodedImage image = decoder.decode(file);
            assertEquals(W, image.width(), "orientation " + orientation);
            assertEquals(H, image.height(), "orientation " + orientation);
            assertCard(image.rgb(), "orientation " + orientation);
        }
    }

    @Test
    void subsampled_decoding_keeps_the_short_side_and_turns_the_picture() throws IOException {
        BufferedImage big = new BufferedImage(W * 20, H * 20, BufferedImage.TYPE_INT_RGB);
        big.createGraphics().drawImage(card(), 0, 0, big.getWidth(), big.getHeight(), null);
        byte[] file = TestJpegs.withOrientation(TestJpegs.jpeg(TestJpegs.stored(big, 6)), 6);
        for (ImageDecoder decoder : new ImageDecoder[] {withTurbo, imageIoOnly}) {
            DecodedImage image = decoder.decode(file, 112);
            assertEquals(big.getWidth(), image.width());
            assertEquals(big.getHeight(), image.height());
            assertTrue(image.rgb().getWidth() > image.rgb().getHeight(), "still lying on its side");
            assertTrue(image.rgb().getHeight() >= 112 && image.rgb().getHeight() < big.getHeight(),
                    "subsampled to " + image.rgb().getHeight());
            assertCard(image.rgb(), "subsampled");
        }
    }

    @Test
    void a_missing_or_broken_tag_leaves_the_pixels_as_stored() throws IOException {
        byte[] plain = Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg"));
        assertEquals(ExifOrientation.UPRIGHT, ExifOrientation.read(plain));
        assertEquals(ExifOrientation.UPRIGHT, ExifOrientation.read(
                Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_07.png"))));
        byte[] outOfRange = TestJpegs.withOrientation(TestJpegs.jpeg(card()), 9);
        assertEquals(ExifOrientation.UPRIGHT, ExifOrientation.read(outOfRange));
        // The Exif segment cut off inside its directory: the tag cannot be read, the image can.
        byte[] cut = TestJpegs.withOrientation(TestJpegs.jpeg(card()), 6);
        cut[5] = 14;
        assertEquals(ExifOrientation.UPRIGHT, ExifOrientation.read(cut));
        assertCard(imageIoOnly.decode(outOfRange).rgb(), "out of range");
        assertEquals(ExifOrientation.UPRIGHT, ExifOrientation.read(Arrays.copyOf(plain, 3)));
    }

    @Test
    void a_face_on_its_side_with_its_tag_preprocesses_like_the_upright_face() throws IOException {
        BufferedImage face = imageIoOnly.decode(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg")).rgb();
        ImagePreprocessor preprocessor = new ImagePreprocessor(112, new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0.25f, 0.25f, 0.25f});
        byte[] onItsSide = TestJpegs.jpeg(TestJpegs.stored(face, 8));
        float[] upright = preprocessor.preprocess(imageIoOnly.decode(TestJpegs.jpeg(face)).rgb());
        float[] turned = preprocessor.preprocess(withTurbo.decode(TestJpegs.withOrientation(onItsSide, 8)).rgb());
        float[] untagged = preprocessor.preprocess(withTurbo.decode(onItsSide).rgb());
        assertTrue(meanAbsoluteDifference(upright, turned) < 0.1, "turned: " + meanAbsoluteDifference(upright, turned));
        assertTrue(meanAbsoluteDifference(upright, untagged) > 0.3, "the test needs a face that differs on its side");
    }

    private static BufferedImage card() {
        BufferedImage card = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                card.setRGB(x, y, QUADRANTS[(y < H / 2 ? 0 : 2) + (x < W / 2 ? 0 : 1)].getRGB());
            }
        }
        return card;
    }

    /** Checks the card's four colours at the centres of its quadrants. */
    private static void assertCard(BufferedImage image, String what) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[][] centres = {{w / 4, h / 4}, {3 * w / 4, h / 4}, {w / 4, 3 * h / 4}, {3 * w / 4, 3 * h / 4}};
        for (int q = 0; q < 4; q++) {
            Color seen = new Color(image.getRGB(centres[q][0], centres[q][1]));
            Color want = QUADRANTS[q];
            int distance = Math.abs(seen.getRed() - want.getRed()) + Math.abs(seen.getGreen() - want.getGreen())
                    + Math.abs(seen.getBlue() - want.getBlue());
            assertTrue(distance < 60, what + ": quadrant " + q + " is " + seen + ", expected " + want);
        }
    }

    private static double meanAbsoluteDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
