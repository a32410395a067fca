package org.facemask.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.facemask.Fixtures;
import org.facemask.model.ImagePreprocessor;
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
        byte[] file = withOrientation(TestJpegs.jpeg(stored(card(), orientation)), orientation);
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
        byte[] file = withOrientation(TestJpegs.jpeg(stored(big, 6)), 6);
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
        byte[] outOfRange = withOrientation(TestJpegs.jpeg(card()), 9);
        assertEquals(ExifOrientation.UPRIGHT, ExifOrientation.read(outOfRange));
        // The Exif segment cut off inside its directory: the tag cannot be read, the image can.
        byte[] cut = withOrientation(TestJpegs.jpeg(card()), 6);
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
        byte[] onItsSide = TestJpegs.jpeg(stored(face, 8));
        float[] upright = preprocessor.preprocess(imageIoOnly.decode(TestJpegs.jpeg(face)).rgb());
        float[] turned = preprocessor.preprocess(withTurbo.decode(withOrientation(onItsSide, 8)).rgb());
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

    /**
     * The pixels a camera stores for an upright picture under each orientation, written from the
     * EXIF table independently of the decoder: displayed (x, y) comes from stored (sx, sy).
     */
    private static BufferedImage stored(BufferedImage upright, int orientation) {
        int w = upright.getWidth();
        int h = upright.getHeight();
        boolean transposed = orientation >= 5;
        int sw = transposed ? h : w;
        int sh = transposed ? w : h;
        BufferedImage stored = new BufferedImage(sw, sh, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 1 -> { sx = x; sy = y; }
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = w - 1 - x; }
                    case 7 -> { sx = h - 1 - y; sy = w - 1 - x; }
                    case 8 -> { sx = h - 1 - y; sy = x; }
                    default -> throw new IllegalArgumentException("orientation " + orientation);
                }
                stored.setRGB(sx, sy, upright.getRGB(x, y));
            }
        }
        return stored;
    }

    /**
     * The JPEG with an APP1 Exif segment right after its SOI marker: a big-endian TIFF header and
     * one directory holding only the orientation (tag 0x0112, SHORT).
     */
    private static byte[] withOrientation(byte[] jpeg, int orientation) {
        byte[] exif = {
            'E', 'x', 'i', 'f', 0, 0,
            'M', 'M', 0, 42, 0, 0, 0, 8,           // TIFF header, first directory at offset 8
            0, 1,                                  // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1,          // Orientation, SHORT, count 1
            0, (byte) orientation, 0, 0,           // the value, left-aligned in 4 bytes
            0, 0, 0, 0,                            // no next directory
        };
        return TestJpegs.withSegment(jpeg, 0xE1, exif);
    }

    private static double meanAbsoluteDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
