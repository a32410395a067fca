package org.facemask;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** JPEGs made in tests: encoded images, marker segments added to them, photos stored as cameras turn them. */
public final class TestJpegs {

    private TestJpegs() {}

    /** Encodes an image as a JPEG with ImageIO's defaults. */
    public static byte[] jpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    /**
     * Returns the JPEG with one more marker segment right after its SOI marker.
     *
     * @param jpeg a JPEG
     * @param marker the segment's marker byte, e.g. {@code 0xE1} for APP1
     * @param payload what follows the segment's length
     */
    public static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
        int length = payload.length + 2;
        byte[] out = new byte[jpeg.length + 2 + length];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        out[2] = (byte) 0xFF;
        out[3] = (byte) marker;
        out[4] = (byte) (length >> 8);
        out[5] = (byte) length;
        System.arraycopy(payload, 0, out, 6, payload.length);
        System.arraycopy(jpeg, 2, out, 6 + payload.length, jpeg.length - 2);
        return out;
    }

    /**
     * The pixels a camera stores for an upright picture under each orientation, written from the
     * EXIF table independently of the decoder: displayed (x, y) comes from stored (sx, sy).
     */
    @SuppressWarnings({"checkstyle:OneStatementPerLine", "checkstyle:LeftCurly"}) // the 8 cases read as a table
    public static BufferedImage stored(BufferedImage upright, int orientation) {
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
    public static byte[] withOrientation(byte[] jpeg, int orientation) {
        byte[] exif = {
            'E', 'x', 'i', 'f', 0, 0,
            'M', 'M', 0, 42, 0, 0, 0, 8,           // TIFF header, first directory at offset 8
            0, 1,                                  // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1,          // Orientation, SHORT, count 1
            0, (byte) orientation, 0, 0,           // the value, left-aligned in 4 bytes
            0, 0, 0, 0,                            // no next directory
        };
        return withSegment(jpeg, 0xE1, exif);
    }
}
