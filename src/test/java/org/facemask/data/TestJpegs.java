package org.facemask.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** JPEGs made in tests: encoded images and marker segments added to them. */
final class TestJpegs {

    private TestJpegs() {}

    /** Encodes an image as a JPEG with ImageIO's defaults. */
    static byte[] jpeg(BufferedImage image) throws IOException {
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
    static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
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
}
