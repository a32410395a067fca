package org.facemask.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.facemask.Fixtures;
import org.facemask.Prerequisites;
import org.facemask.TestJpegs;
import org.junit.jupiter.api.Test;

/**
 * TurboJPEG must decode like ImageIO, only faster; whatever it cannot or should not decode goes
 * to ImageIO with the outcome ImageIO always gave. The tests that need the native library are
 * skipped where it is not installed, and fail under CI (`.ci/run` installs it).
 */
class TurboJpegTest {

    private static final TurboJpeg TURBO = TurboJpeg.system();
    static final String TURBO_MISSING = "libjpeg-turbo is not installed (Debian: libturbojpeg-java libturbojpeg0-dev)";
    private final ImageDecoder withTurbo = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, TURBO);
    private final ImageDecoder imageIoOnly = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, null);

    @Test
    void jpegs_without_a_profile_or_with_an_srgb_one_count_as_plain() throws IOException {
        byte[] jpeg = Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg"));
        assertTrue(TurboJpeg.isPlainJpeg(jpeg));
        assertFalse(TurboJpeg.isPlainJpeg(Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_07.png"))));
        assertFalse(TurboJpeg.isPlainJpeg(withIccProfile(jpeg)), "an unreadable profile");
        assertFalse(TurboJpeg.isPlainJpeg(withIccProfile(jpeg, ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB))));
        assertTrue(TurboJpeg.isPlainJpeg(withIccProfile(jpeg, ICC_Profile.getInstance(ColorSpace.CS_sRGB))));
        assertFalse(TurboJpeg.isPlainJpeg(Arrays.copyOf(jpeg, 40)), "a header that ends before the scan");
        assertFalse(TurboJpeg.isPlainJpeg(new byte[] {(byte) 0xFF, (byte) 0xD8}));
    }

    @Test
    void a_jpeg_with_an_srgb_profile_decodes_through_turbojpeg_like_imageio() throws IOException {
        Prerequisites.assumePresent(TURBO != null, TURBO_MISSING);
        byte[] phone = withIccProfile(Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg")),
                ICC_Profile.getInstance(ColorSpace.CS_sRGB));
        DecodedImage turbo = TURBO.decode(phone, 0, Long.MAX_VALUE);
        assertTrue(turbo != null, "an sRGB profile needs no conversion: TurboJPEG decodes it");
        assertTrue(ImageDecoderTest.meanAbsoluteDifference(imageIoOnly.decode(phone).rgb(), turbo.rgb()) < 1.5);
        byte[] linear = withIccProfile(Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg")),
                ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB));
        assertNull(TURBO.decode(linear, 0, Long.MAX_VALUE), "another profile needs converting: ImageIO's job");
    }

    @Test
    void a_missing_jar_means_imageio_alone() {
        assertNull(TurboJpeg.load("/nonexistent/turbojpeg.jar"));
        assertNull(TurboJpeg.load("none"));
    }

    @Test
    void decodes_every_fixture_jpeg_like_imageio() throws IOException {
        Prerequisites.assumePresent(TURBO != null, TURBO_MISSING);
        List<Path> jpegs;
        try (Stream<Path> files = Files.walk(Fixtures.FACES)) {
            jpegs = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        int decodedByTurbo = 0;
        for (Path file : jpegs) {
            byte[] bytes = Files.readAllBytes(file);
            DecodedImage turbo = withTurbo.decode(bytes);
            DecodedImage reference = imageIoOnly.decode(bytes);
            decodedByTurbo += TURBO.decode(bytes, 0, Long.MAX_VALUE) != null ? 1 : 0;
            assertEquals(reference.width(), turbo.rgb().getWidth(), file.toString());
            assertEquals(reference.height(), turbo.rgb().getHeight(), file.toString());
            assertEquals(reference.format(), turbo.format(), file.toString());
            assertEquals(reference.colorMode(), turbo.colorMode(), file.toString());
            // Two IDCT implementations: a level here and there, never a different picture.
            assertTrue(ImageDecoderTest.meanAbsoluteDifference(reference.rgb(), turbo.rgb()) < 1.5, file.toString());
        }
        assertTrue(decodedByTurbo >= jpegs.size() - 2, decodedByTurbo + " of " + jpegs.size());
    }

    @Test
    void scales_while_decoding_to_the_smallest_size_that_keeps_the_short_side() throws IOException {
        Prerequisites.assumePresent(TURBO != null, TURBO_MISSING);
        byte[] photo = TestJpegs.jpeg(new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB));
        DecodedImage small = TURBO.decode(photo, 112, Long.MAX_VALUE);
        assertEquals(4000, small.width());
        assertEquals(3000, small.height());
        assertEquals(500, small.rgb().getWidth(), "1/8 still leaves 375 px of short side");
        DecodedImage detection = TURBO.decode(photo, 720, Long.MAX_VALUE);
        assertEquals(750, detection.rgb().getHeight(), "1/4: 1/8 would leave 375 px");
        assertEquals(3000, TURBO.decode(photo, 0, Long.MAX_VALUE).rgb().getHeight());
        assertEquals(1, TURBO.divisor(100, 112), "never upscales");
        assertEquals(1, TURBO.divisor(200, 112), "under twice the need: whole, as ImageIO");
        assertEquals(2, TURBO.divisor(224, 112));
    }

    @Test
    void refuses_a_huge_jpeg_header_without_decoding() throws IOException {
        Prerequisites.assumePresent(TURBO != null, TURBO_MISSING);
        byte[] bomb = withSize(TestJpegs.jpeg(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB)), 60_000, 60_000);
        var e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(ImageDecodingException.class, () -> withTurbo.decode(bomb, 112)));
        assertEquals(ImageDecodingException.Reason.TOO_LARGE, e.reason());
    }

    @Test
    void truncated_and_cmyk_jpegs_end_as_imageio_ends_them() throws IOException {
        Prerequisites.assumePresent(TURBO != null, TURBO_MISSING);
        byte[] whole = Files.readAllBytes(Fixtures.FACES.resolve("without_mask/without_mask_03.jpg"));
        for (int keep : new int[] {whole.length / 3, whole.length / 2, whole.length - 10}) {
            byte[] truncated = Arrays.copyOf(whole, keep);
            assertNull(TURBO.decode(truncated, 0, Long.MAX_VALUE), "TurboJPEG warns, ImageIO decides");
            assertEquals(outcome(imageIoOnly, truncated), outcome(withTurbo, truncated));
        }
        byte[] cmyk = Files.readAllBytes(Fixtures.FACES.resolve("with_mask/cmyk_face.JPG"));
        assertNull(TURBO.decode(cmyk, 0, Long.MAX_VALUE), "CMYK needs TwelveMonkeys' colour conversion");
        assertEquals("CMYK", withTurbo.decode(cmyk).colorMode());
    }

    private static String outcome(ImageDecoder decoder, byte[] bytes) {
        try {
            DecodedImage image = decoder.decode(bytes);
            return "decoded " + image.rgb().getWidth() + "x" + image.rgb().getHeight();
        } catch (ImageDecodingException e) {
            return e.reason().toString();
        }
    }

    /** The JPEG with an APP2 ICC_PROFILE segment (a stub profile) right after its SOI marker. */
    private static byte[] withIccProfile(byte[] jpeg) {
        return TestJpegs.withSegment(jpeg, 0xE2, "ICC_PROFILE\0\1\1stub".getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The JPEG with {@code profile} embedded as one APP2 ICC_PROFILE chunk right after its SOI marker. */
    private static byte[] withIccProfile(byte[] jpeg, ICC_Profile profile) {
        byte[] header = "ICC_PROFILE\0\1\1".getBytes(StandardCharsets.ISO_8859_1);
        byte[] data = profile.getData();
        byte[] payload = Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, payload, header.length, data.length);
        return TestJpegs.withSegment(jpeg, 0xE2, payload);
    }

    /** The JPEG with the size in its baseline frame header (SOF0) replaced. */
    private static byte[] withSize(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        for (int i = 2; i + 8 < out.length; i++) {
            if ((out[i] & 0xFF) == 0xFF && (out[i + 1] & 0xFF) == 0xC0) {
                out[i + 5] = (byte) (height >> 8);
                out[i + 6] = (byte) height;
                out[i + 7] = (byte) (width >> 8);
                out[i + 8] = (byte) width;
                return out;
            }
        }
        throw new AssertionError("no SOF0 marker");
    }
}
