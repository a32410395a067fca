package org.facemask.monitoring;

import java.awt.image.BufferedImage;
import org.facemask.image.DecodedImage;
import org.facemask.image.ImagePreprocessor;

/**
 * What an uploaded image looked like, cheap enough to compute on every request: the signals a
 * changed camera, lens, light or codec moves first. Pixel statistics are taken on a fixed
 * {@value #SIDE}-pixel square, so they compare across resolutions (sharpness above all).
 *
 * @param width source width in pixels
 * @param height source height in pixels
 * @param format container format detected from content, e.g. {@code jpeg}
 * @param bytes upload size
 * @param brightness mean luma, 0 (black) to 1 (white)
 * @param contrast standard deviation of luma, 0 to 0.5
 * @param saturation mean HSV saturation, 0 (grey) to 1
 * @param sharpness variance of the 4-neighbour Laplacian of luma on the 0-255 scale; blur lowers it
 */
public record ImageFeatures(int width, int height, String format, long bytes, double brightness,
        double contrast, double saturation, double sharpness) {

    /** The side of the square the pixel statistics are computed on. */
    public static final int SIDE = 96;

    /** The numeric features by name, as stored and compared for drift. */
    public static final java.util.List<String> NUMERIC = java.util.List.of(
            "width", "height", "bytes", "brightness", "contrast", "saturation", "sharpness");

    /**
     * Measures a decoded upload.
     *
     * @param image the decoded image (possibly subsampled while decoding)
     * @param bytes the upload size
     * @return its features
     */
    public static ImageFeatures of(DecodedImage image, long bytes) {
        BufferedImage square = ImagePreprocessor.resize(image.rgb(), SIDE, SIDE);
        int[] rgb = ImagePreprocessor.pixels(square);
        double[] luma = new double[rgb.length];
        double sum = 0;
        double sumSq = 0;
        double saturationSum = 0;
        for (int i = 0; i < rgb.length; i++) {
            int r = (rgb[i] >> 16) & 0xff;
            int g = (rgb[i] >> 8) & 0xff;
            int b = rgb[i] & 0xff;
            // ITU-R BT.601 luma, the weighting JPEG uses.
            double y = 0.299 * r + 0.587 * g + 0.114 * b;
            luma[i] = y;
            sum += y;
            sumSq += y * y;
            int max = Math.max(r, Math.max(g, b));
            int min = Math.min(r, Math.min(g, b));
            saturationSum += max == 0 ? 0 : (max - min) / (double) max;
        }
        int n = rgb.length;
        double mean = sum / n;
        double variance = Math.max(0, sumSq / n - mean * mean);
        return new ImageFeatures(image.width(), image.height(), image.format(), bytes, mean / 255,
                Math.sqrt(variance) / 255, saturationSum / n, laplacianVariance(luma, SIDE, SIDE));
    }

    /**
     * Returns a numeric feature by its name in {@link #NUMERIC}.
     *
     * @param name e.g. {@code brightness}
     * @return its value
     */
    public double numeric(String name) {
        return switch (name) {
            case "width" -> width;
            case "height" -> height;
            case "bytes" -> bytes;
            case "brightness" -> brightness;
            case "contrast" -> contrast;
            case "saturation" -> saturation;
            case "sharpness" -> sharpness;
            default -> throw new IllegalArgumentException("no numeric image feature " + name);
        };
    }

    private static double laplacianVariance(double[] luma, int width, int height) {
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (int y = 1; y < height - 1; y++) {
            for (int x = 1; x < width - 1; x++) {
                int i = y * width + x;
                double lap = luma[i - 1] + luma[i + 1] + luma[i - width] + luma[i + width] - 4 * luma[i];
                sum += lap;
                sumSq += lap * lap;
                n++;
            }
        }
        double mean = sum / n;
        return sumSq / n - mean * mean;
    }
}
