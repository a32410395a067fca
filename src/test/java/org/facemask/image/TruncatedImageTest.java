package org.facemask.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.facemask.Fixtures;
import org.facemask.Prerequisites;
import org.facemask.TestJpegs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An image cut short is corrupt in every format and through both JPEG decoders: the grey that
 * decoders paint where pixels are missing once got confident predictions. Complete files, with
 * bytes after their end too, decode as before. The libjpeg-turbo tests are skipped where it is not
 * installed.
 */
class TruncatedImageTest {

    private static final TurboJpeg TURBO = TurboJpeg.system();
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    private final ImageDecoder withTurbo = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, TURBO);
    private final ImageDecoder imageIoOnly = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, null);

    /** A complete file of each supported format, with the encodings whose decoders fill gaps. */
    static Stream<Arguments> everyFormat() throws IOException {
        return Stream.concat(jpegs(), Stream.of(
                Arguments.of("png", Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_07.png"))),
                Arguments.of("gif", write(face(), "gif", null)),
                Arguments.of("bmp", write(face(), "bmp", null)),
                Arguments.of("tiff", write(face(), "tiff", null)),
                Arguments.of("tiff with JPEG strips", write(face(), "tiff", "JPEG")),
                Arguments.of("webp", Files.readAllBytes(Fixtures.FACES.resolve("with_mask/webp_face.webp"))),
                Arguments.of("lossless webp", Files.readAllBytes(FIXTURES.resolve("formats/lossless_face.webp")))));
    }

    /** Baseline and progressive JPEGs, and a CMYK one (which ImageIO decodes even with libjpeg-turbo). */
    static Stream<Arguments> jpegs() throws IOException {
        return Stream.of(
                Arguments.of("baseline jpeg", Files.readAllBytes(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg"))),
                Arguments.of("baseline jpeg photo",
                        Files.readAllBytes(Fixtures.SCENES.resolve("images/maksssksksss0.jpg"))),
                Arguments.of("progressive jpeg", write(face(), "jpeg", null)),
                Arguments.of("cmyk jpeg", Files.readAllBytes(Fixtures.FACES.resolve("with_mask/cmyk_face.JPG"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFormat")
    void a_file_cut_at_any_5_percent_is_refused_as_corrupt(String format, byte[] image) throws IOException {
        imageIoOnly.decode(image);
        assertCutsAreCorrupt(imageIoOnly, format, image);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jpegs")
    void a_jpeg_cut_at_any_5_percent_is_refused_with_libjpeg_turbo_too(String format, byte[] image)
            throws IOException {
        Prerequisites.assumePresent(TURBO != null, TurboJpegTest.TURBO_MISSING);
        withTurbo.decode(image);
        assertCutsAreCorrupt(withTurbo, format, image);
    }

    @Test
    void a_jpeg_is_complete_when_an_end_marker_follows_its_last_scan_not_only_at_the_very_end() throws IOException {
        byte[] jpeg = Files.readAllBytes(Fixtures.FACES.resolve("without_mask/without_mask_03.jpg"));
        BufferedImage pixels = imageIoOnly.decode(jpeg).rgb();
        // Camera trailers and appended pictures follow EOI; stray markers in them do not matter.
        byte[] trailer = {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 2, 3, 4, (byte) 0xFF, (byte) 0xD8, 'x', 'y'};
        byte[] trailed = Arrays.copyOf(jpeg, jpeg.length + trailer.length);
        System.arraycopy(trailer, 0, trailed, jpeg.length, trailer.length);
        // Fill bytes may pad a marker.
        byte[] padded = Arrays.copyOf(jpeg, jpeg.length + 3);
        padded[jpeg.length - 2] = (byte) 0xFF;
        padded[jpeg.length - 1] = (byte) 0xFF;
        padded[jpeg.length] = (byte) 0xFF;
        padded[jpeg.length + 1] = (byte) 0xFF;
        padded[jpeg.length + 2] = (byte) 0xD9;
        for (ImageDecoder decoder : new ImageDecoder[] {withTurbo, imageIoOnly}) {
            assertSamePixels(pixels, decoder.decode(trailed).rgb(), "bytes after EOI");
            assertSamePixels(pixels, decoder.decode(padded).rgb(), "fill bytes before EOI");
            assertEquals(ImageDecodingException.Reason.CORRUPT,
                    reason(decoder, Arrays.copyOf(jpeg, jpeg.length - 2)), "all scan data but no EOI");
        }
        // A segment holding a whole JPEG, as an Exif thumbnail does, brings its own EOI: not this one's.
        byte[] withThumbnail = TestJpegs.withSegment(jpeg, 0xFE, TestJpegs.jpeg(new BufferedImage(16, 16,
                BufferedImage.TYPE_INT_RGB)));
        assertSamePixels(pixels, imageIoOnly.decode(withThumbnail).rgb(), "thumbnail");
        byte[] cut = Arrays.copyOf(withThumbnail, withThumbnail.length - jpeg.length / 2);
        for (ImageDecoder decoder : new ImageDecoder[] {withTurbo, imageIoOnly}) {
            assertEquals(ImageDecodingException.Reason.CORRUPT, reason(decoder, cut), "cut after the thumbnail");
        }
    }

    @Test
    void every_fixture_still_decodes_and_the_same_by_path_as_by_bytes() throws IOException {
        List<Path> images;
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            images = files.filter(Files::isRegularFile).filter(p -> !p.toString().matches(".*\\.(md|xml)")).sorted()
                    .toList();
        }
        assertFalse(images.isEmpty());
        for (Path file : images) {
            byte[] bytes = Files.readAllBytes(file);
            for (ImageDecoder decoder : new ImageDecoder[] {withTurbo, imageIoOnly}) {
                // The path decodes through a stream, which is now read whole: the same pixels as the bytes.
                assertSamePixels(decoder.decode(bytes).rgb(), decoder.decode(file).rgb(), file.toString());
            }
        }
    }

    @Test
    void damaged_headers_fail_only_as_decoding_errors() throws IOException {
        // Checks that read offsets and lengths from a header must not trip over their own bounds:
        // anything but an ImageDecodingException would be a server error.
        List<byte[]> originals = List.of(write(face(), "tiff", null), write(face(), "tiff", "JPEG"),
                write(face(), "jpeg", null), Files.readAllBytes(FIXTURES.resolve("formats/lossless_face.webp")));
        ImageDecoder small = new ImageDecoder(1_000_000, null);
        Random random = new Random(42);
        for (int i = 0; i < 400; i++) {
            byte[] original = originals.get(i % originals.size());
            byte[] bytes = original.clone();
            for (int f = 1 + random.nextInt(8); f > 0; f--) {
                bytes[random.nextInt(Math.min(300, bytes.length))] = (byte) random.nextInt(256);
            }
            if (i % 3 == 0) {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            try {
                small.decode(bytes);
            } catch (ImageDecodingException e) {
                // Refused, as a damaged image may well be.
            }
        }
    }

    private void assertCutsAreCorrupt(ImageDecoder decoder, String format, byte[] image) {
        for (int percent = 5; percent <= 95; percent += 5) {
            byte[] cut = Arrays.copyOf(image, (int) ((long) image.length * percent / 100));
            assertEquals(ImageDecodingException.Reason.CORRUPT, reason(decoder, cut),
                    format + " cut to " + percent + " % (" + cut.length + " of " + image.length + " bytes)");
        }
    }

    /** Returns why the decoder refuses the bytes, or null when it decodes them. */
    private static ImageDecodingException.Reason reason(ImageDecoder decoder, byte[] bytes) {
        try {
            decoder.decode(bytes);
            return null;
        } catch (ImageDecodingException e) {
            return e.reason();
        }
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual, String what) {
        assertEquals(expected.getWidth(), actual.getWidth(), what);
        assertEquals(expected.getHeight(), actual.getHeight(), what);
        int w = expected.getWidth();
        int h = expected.getHeight();
        assertArrayEquals(expected.getRGB(0, 0, w, h, null, 0, w), actual.getRGB(0, 0, w, h, null, 0, w), what);
    }

    private static BufferedImage face() throws IOException {
        return ImageIO.read(Fixtures.FACES.resolve("with_mask/with_mask_00.jpg").toFile());
    }

    /**
     * Encodes with ImageIO's writer for the format; JPEGs progressively, TIFFs with the given
     * compression (null: uncompressed).
     */
    private static byte[] write(BufferedImage image, String format, String compression) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (format.equals("jpeg")) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        if (compression != null) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType(compression);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
