package org.facemask.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Turns an RGB image into the model's input: a square resize, then per-channel normalisation
 * into a CHW float array. Training and inference both go through here, so they see identical
 * tensors for identical images.
 */
public final class ImagePreprocessor {

    private final int size;
    private final float[] mean;
    private final float[] std;

    /**
     * Creates a preprocessor.
     *
     * @param size the square input side in pixels
     * @param mean per-channel mean on the 0..1 scale (RGB)
     * @param std per-channel standard deviation on the 0..1 scale (RGB)
     */
    public ImagePreprocessor(int size, float[] mean, float[] std) {
        if (size < 32) {
            throw new IllegalArgumentException("input size must be at least 32 px, got " + size);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (RGB)");
        }
        this.size = size;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** Returns the square input side in pixels. */
    public int size() {
        return size;
    }

    /**
     * Returns the smallest short side worth decoding for this model: twice the input, enough for a
     * clean downscale and far less than a 12-megapixel photo (see {@code ImageDecoder}'s subsampling).
     */
    public int decodeShortSide() {
        return 2 * size;
    }

    /**
     * Resizes and normalises an image.
     *
     * @param image an RGB image of any size
     * @return {@code 3 * size * size} floats, CHW order
     */
    public float[] preprocess(BufferedImage image) {
        float[] out = new float[3 * size * size];
        normalise(pixels(resize(image, size, size)), out, 0);
        return out;
    }

    /**
     * Normalises packed RGB pixels ({@code 0xRRGGBB}) of a {@code size x size} image into
     * {@code out} at {@code offset}, CHW order.
     *
     * @param rgb the packed pixels, row-major
     * @param out the destination
     * @param offset where the image starts in {@code out}
     */
    public void normalise(int[] rgb, float[] out, int offset) {
        int plane = size * size;
        if (rgb.length != plane) {
            throw new IllegalArgumentException("expected " + plane + " pixels, got " + rgb.length);
        }
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            float scale = 1f / (255f * std[c]);
            float bias = mean[c] / std[c];
            int base = offset + c * plane;
            for (int i = 0; i < plane; i++) {
                out[base + i] = ((rgb[i] >> shift) & 0xff) * scale - bias;
            }
        }
    }

    /**
     * Resizes an image with bilinear filtering; large reductions go in halving steps first, so
     * that downscaling averages pixels instead of skipping them.
     *
     * @param image the source
     * @param width target width
     * @param height target height
     * @return a new {@code TYPE_INT_RGB} image
     */
    public static BufferedImage resize(BufferedImage image, int width, int height) {
        BufferedImage current = image;
        while (current.getWidth() >= 2 * width || current.getHeight() >= 2 * height) {
            int w = Math.max(width, current.getWidth() / 2);
            int h = Math.max(height, current.getHeight() / 2);
            current = draw(current, w, h);
        }
        if (current.getWidth() == width && current.getHeight() == height && ownsPixels(current)) {
            return current;
        }
        return draw(current, width, height);
    }

    /**
     * Tells whether {@link #pixels} can hand out the image's array as is: a {@code TYPE_INT_RGB}
     * image that is not a view into a larger one (a crop by {@code getSubimage} shares its
     * parent's array).
     */
    private static boolean ownsPixels(BufferedImage image) {
        return image.getType() == BufferedImage.TYPE_INT_RGB && image.getRaster().getParent() == null
                && ((DataBufferInt) image.getRaster().getDataBuffer()).getData().length
                        == image.getWidth() * image.getHeight();
    }

    /**
     * Returns the packed RGB pixels of a {@code TYPE_INT_RGB} image without copying.
     *
     * @param image a {@code TYPE_INT_RGB} image that owns its pixel array, e.g. one from {@link #resize}
     * @return its pixel array
     * @throws IllegalArgumentException for another type, or a view into a larger image
     */
    public static int[] pixels(BufferedImage image) {
        if (!ownsPixels(image)) {
            throw new IllegalArgumentException("expected a TYPE_INT_RGB image owning its pixels, got type "
                    + image.getType() + (image.getRaster().getParent() != null ? " (a sub-image)" : ""));
        }
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }

    private static BufferedImage draw(BufferedImage src, int width, int height) {
        BufferedImage dst = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return dst;
    }
}
