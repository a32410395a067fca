package org.facemask.image;

import java.awt.image.BufferedImage;

/**
 * A region of a face crop, as shares of its width and height. The datasets' crops carry no
 * landmarks, so the named regions are fixed relative to the crop: for frontal, roughly centred
 * crops they land on the cheeks and on mouth and lower nose.
 *
 * @param x0 left edge, share of the width
 * @param x1 right edge
 * @param y0 top edge, share of the height
 * @param y1 bottom edge
 */
public record FaceRegion(double x0, double x1, double y0, double y1) {

    /** The whole crop. */
    public static final FaceRegion WHOLE = new FaceRegion(0, 1, 0, 1);
    /** Left cheek: beside the nose, above a mask's line. */
    public static final FaceRegion LEFT_CHEEK = new FaceRegion(0.20, 0.35, 0.40, 0.52);
    /** Right cheek, the mirror of the left one. */
    public static final FaceRegion RIGHT_CHEEK = new FaceRegion(0.65, 0.80, 0.40, 0.52);
    /** Mouth corners and the lower nose: where a hand or a cloth held up covers the face. */
    public static final FaceRegion LOWER_FACE = new FaceRegion(0.22, 0.78, 0.55, 0.95);

    /**
     * Returns the mean colour of this region.
     *
     * @param image the crop
     * @return packed RGB; at least one pixel is averaged however small the crop
     */
    public int meanRgb(BufferedImage image) {
        int[] box = pixelBox(image);
        long r = 0;
        long g = 0;
        long b = 0;
        int n = 0;
        for (int y = box[2]; y < box[3]; y++) {
            for (int x = box[0]; x < box[1]; x++) {
                int p = image.getRGB(x, y);
                r += (p >> 16) & 0xff;
                g += (p >> 8) & 0xff;
                b += p & 0xff;
                n++;
            }
        }
        return (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
    }

    /**
     * Returns this region's pixel bounds in an image.
     *
     * @param image the crop
     * @return {x0, x1, y0, y1}, ends exclusive, at least one pixel each way
     */
    public int[] pixelBox(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int left = Math.min(w - 1, (int) Math.floor(x0 * w));
        int top = Math.min(h - 1, (int) Math.floor(y0 * h));
        return new int[] {left, Math.max(left + 1, (int) Math.ceil(x1 * w)), top,
            Math.max(top + 1, (int) Math.ceil(y1 * h))};
    }

    /**
     * Returns the mean colour of both cheeks: the colour a hand of the same person's skin has.
     *
     * @param image the crop
     * @return packed RGB
     */
    public static int cheekColour(BufferedImage image) {
        int a = LEFT_CHEEK.meanRgb(image);
        int b = RIGHT_CHEEK.meanRgb(image);
        int r = (((a >> 16) & 0xff) + ((b >> 16) & 0xff)) / 2;
        int g = (((a >> 8) & 0xff) + ((b >> 8) & 0xff)) / 2;
        return r << 16 | g << 8 | ((a & 0xff) + (b & 0xff)) / 2;
    }
}
