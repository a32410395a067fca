package org.facemask.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.facemask.Fixtures;
import org.facemask.ImageMeasures;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder();
    private final Path withMask = Fixtures.FACES.resolve("with_mask");

    @Test
    void decodes_webp_by_content() throws IOException {
        DecodedImage image = decoder.decode(withMask.resolve("webp_face.webp"));
        assertEquals("webp", image.format());
        assertTrue(image.width() > 0 && image.height() > 0);
    }

    @Test
    void decodes_tiff_as_industrial_cameras_save_it_with_the_same_pixel_limit() throws IOException {
        BufferedImage face = decoder.decode(withMask.resolve("with_mask_00.jpg")).rgb();
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(face, "tiff", tiff), "the JDK writes TIFF");
        DecodedImage image = decoder.decode(tiff.toByteArray());
        assertEquals("tif", image.format());
        assertEquals(0.0, meanAbsoluteDifference(face, image.rgb()), "uncompressed TIFF is lossless");
        var e = assertThrows(ImageDecodingException.class,
                () -> new ImageDecoder(face.getWidth() * face.getHeight() - 1).decode(tiff.toByteArray()));
        assertEquals(ImageDecodingException.Reason.TOO_LARGE, e.reason());
    }

    @Test
    void decodes_png_misnamed_as_jpg_and_drops_alpha() throws IOException {
        DecodedImage image = decoder.decode(Fixtures.FACES.resolve("without_mask/png_named_as.jpg"));
        assertEquals("png", image.format());
        assertEquals("RGBA", image.colorMode());
        assertEquals(BufferedImage.TYPE_INT_RGB, image.rgb().getType());
    }

    @Test
    void composites_transparent_pixels_onto_white() throws IOException {
        BufferedImage transparent = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
        transparent.setRGB(0, 0, 0x00000000); // fully transparent black
        DecodedImage image = decoder.decode(png(transparent));
        assertEquals(0xFFFFFF, image.rgb().getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void decodes_cmyk_jpeg_with_true_colours() throws IOException {
        DecodedImage cmyk = decoder.decode(withMask.resolve("cmyk_face.JPG"));
        DecodedImage rgb = decoder.decode(withMask.resolve("with_mask_01.jpg"));
        assertEquals("CMYK", cmyk.colorMode());
        // Without a CMYK-aware reader the mean error is ~48/255; with it, a few levels of JPEG noise.
        assertTrue(meanAbsoluteDifference(cmyk.rgb(), rgb.rgb()) < 12,
                "CMYK JPEG decoded with wrong colours");
    }

    @Test
    void rejects_bytes_that_are_not_an_image() {
        var e = assertThrows(ImageDecodingException.class,
                () -> decoder.decode("hello, this is text".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("not an image"), e.getMessage());
    }

    @Test
    void rejects_empty_input() {
        assertThrows(ImageDecodingException.class, () -> decoder.decode(new byte[0]));
    }

    @Test
    void rejects_truncated_png() throws IOException {
        byte[] full = Files.readAllBytes(withMask.resolve("with_mask_07.png"));
        byte[] truncated = Arrays.copyOf(full, full.length / 3);
        assertThrows(ImageDecodingException.class, () -> decoder.decode(truncated));
    }

    @Test
    void refuses_huge_pixel_count_from_the_header_without_decoding() {
        byte[] bomb = pngHeaderOnly(50_000, 50_000);
        var e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(ImageDecodingException.class, () -> decoder.decode(bomb)));
        assertTrue(e.getMessage().contains("over the limit"), e.getMessage());
    }

    @Test
    void subsamples_large_images_while_decoding() throws IOException {
        BufferedImage big = new BufferedImage(2000, 1500, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(big, "jpeg", out);
        DecodedImage image = decoder.decode(out.toByteArray(), 200);
        assertEquals(2000, image.width());
        assertTrue(image.rgb().getHeight() >= 200 && image.rgb().getHeight() < 400,
                "decoded height " + image.rgb().getHeight());
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A PNG signature and IHDR chunk declaring the given size, with no pixel data at all. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return png.array();
    }

    static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        return ImageMeasures.meanAbsoluteDifference(a, b);
    }
}
