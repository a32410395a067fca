package org.facemask;

import java.awt.image.BufferedImage;

/** Pixel statistics the image tests compare: how far two images are apart, how sharp one is. */
public final class ImageMeasures {

    private ImageMeasures() {}

    /**
     * Mean absolute difference per channel of two images of the same size, on the 0–255 scale.
     *
     * @param a one image
     * @param b the other
     * @return 0 for identical pixels
     */
    public static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException("sizes differ");
        }
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    /**
     * Sharpness: the mean absolute difference between horizontal neighbours, green channel.
     *
     * @param image the image, at least 2 px wide
     * @return higher for more detail
     */
    public static double sharpness(BufferedImage image) {
        double sum = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 1; x < image.getWidth(); x++) {
                sum += Math.abs(((image.getRGB(x, y) >> 8) & 0xff) - ((image.getRGB(x - 1, y) >> 8) & 0xff));
            }
        }
        return sum / (image.getHeight() * (image.getWidth() - 1.0));
    }
}
