package org.facemask.image;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The EXIF orientation of a JPEG, and the turn that shows its pixels upright. Phones store a
 * portrait photo as landscape pixels plus this tag; browsers and photo viewers honour it, so the
 * model must see the picture the user sees (a face lying on its side is not a face it learned).
 * Neither libjpeg-turbo nor ImageIO applies it on decoding.
 */
final class ExifOrientation {

    /** The tag's value for pixels stored upright, and what a missing or unreadable tag means. */
    static final int UPRIGHT = 1;

    private ExifOrientation() {}

    /**
     * Reads the orientation from a JPEG's Exif segment.
     *
     * @param stream positioned at the start of the image; left there
     * @return 1..8 as in the EXIF/TIFF specification; {@link #UPRIGHT} for anything that is not a
     *     JPEG, has no Exif segment or a tag out of range, or cannot be parsed (the decoder then
     *     reports a broken image, this does not)
     */
    static int read(ImageInputStream stream) {
        long start;
        try {
            start = stream.getStreamPosition();
        } catch (IOException e) {
            return UPRIGHT;
        }
        try {
            List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(stream, JPEG.APP1, "Exif");
            if (exif.isEmpty()) {
                return UPRIGHT;
            }
            try (InputStream data = exif.get(0).data()) {
                // "Exif" is followed by two NULs; the identifier took the first, this skips the pad.
                if (data.read() < 0) {
                    return UPRIGHT;
                }
                Directory ifd0 = new TIFFReader().read(new MemoryCacheImageInputStream(data));
                Entry tag = ifd0.getEntryById(TIFF.TAG_ORIENTATION);
                int value = tag != null && tag.getValue() instanceof Number n ? n.intValue() : UPRIGHT;
                return value >= 1 && value <= 8 ? value : UPRIGHT;
            }
        } catch (IOException | RuntimeException e) {
            return UPRIGHT;
        } finally {
            try {
                stream.seek(start);
            } catch (IOException e) {
                // A stream that cannot seek back fails its decoder next, which reports it.
            }
        }
    }

    /**
     * Reads the orientation of encoded image bytes ({@link #read(ImageInputStream)}).
     *
     * @param bytes the encoded image
     * @return 1..8
     */
    static int read(byte[] bytes) {
        return read(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)));
    }

    /**
     * Turns a decoded image upright.
     *
     * @param image as stored in the file
     * @param orientation its EXIF orientation, 1..8
     * @return the image as a viewer shows it (width and height swapped for 5..8), or
     *     {@code image} itself when it is stored upright
     */
    static DecodedImage upright(DecodedImage image, int orientation) {
        if (orientation == UPRIGHT) {
            return image;
        }
        boolean transposed = orientation >= 5;
        return new DecodedImage(turn(image.rgb(), orientation), image.format(),
                image.colorMode(), transposed ? image.height() : image.width(),
                transposed ? image.width() : image.height());
    }

    /**
     * Applies the EXIF table: displayed pixel (x, y) comes from stored pixel (sx, sy). 2 mirrored,
     * 3 upside down, 4 mirrored upside down, 5 transposed, 6 lying on its left side (turned
     * clockwise to show), 7 transverse, 8 lying on its right side. Pixel copies rather than a
     * Java2D transform: exact, and a quarter turn has no interpolation to get wrong.
     */
    private static BufferedImage turn(BufferedImage stored, int orientation) {
        int sw = stored.getWidth();
        int sh = stored.getHeight();
        boolean transposed = orientation >= 5;
        int w = transposed ? sh : sw;
        int h = transposed ? sw : sh;
        boolean mirrorX = orientation == 2 || orientation == 3 || orientation == 7 || orientation == 8;
        boolean mirrorY = orientation == 3 || orientation == 4 || orientation == 6 || orientation == 7;
        // Raw packed TYPE_INT_RGB pixels: getRGB/setRGB would convert every
        // pixel through the colour model, ~35 ms for the 1000 x 750 a 12 MP photo decodes to.
        int[] from = (int[]) ImageDecoder.toOpaqueRgb(stored).getRaster().getDataElements(0, 0, sw, sh, null);
        int[] to = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = transposed ? y : x;
                int sy = transposed ? x : y;
                sx = mirrorX ? sw - 1 - sx : sx;
                sy = mirrorY ? sh - 1 - sy : sy;
                to[y * w + x] = from[sy * sw + sx];
            }
        }
        BufferedImage upright = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        upright.getRaster().setDataElements(0, 0, w, h, to);
        return upright;
    }
}
