package org.facemask.image;

import java.awt.Graphics2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * What cameras and people do to a face crop: JPEG compression, blur, and a patch held over the
 * lower face. The robustness report measures the model under them and training augments with
 * them, so both use these same operations. Each returns a new {@code TYPE_INT_RGB} image of the
 * input's size and leaves the input unchanged.
 */
public final class Degradations {

    private Degradations() {}

    /**
     * Encodes as baseline JPEG with ImageIO and decodes it again.
     *
     * @param image the image
     * @param quality 1–100
     * @return the decoded copy, with the codec's blocking and ringing
     */
    public static BufferedImage jpeg(BufferedImage image, int quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(rgbCopy(image), null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        try {
            return rgbCopy(ImageIO.read(new ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Gaussian blur, kernel radius 3σ, as two separable {@link ConvolveOp} passes over a copy
     * padded by repeating the border pixels, so that the edges are blurred like the rest instead
     * of left sharp or darkened.
     *
     * @param image the image
     * @param sigma the standard deviation in the image's own pixels
     * @return the blurred copy
     */
    public static BufferedImage gaussianBlur(BufferedImage image, double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] weights = new float[2 * radius + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            weights[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += weights[i + radius];
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= sum;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage padded = new BufferedImage(w + 2 * radius, h + 2 * radius, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < padded.getHeight(); y++) {
            for (int x = 0; x < padded.getWidth(); x++) {
                padded.setRGB(x, y, image.getRGB(clamp(x - radius, w - 1), clamp(y - radius, h - 1)));
            }
        }
        BufferedImage across = new ConvolveOp(new Kernel(weights.length, 1, weights), ConvolveOp.EDGE_NO_OP, null)
                .filter(padded, null);
        BufferedImage both = new ConvolveOp(new Kernel(1, weights.length, weights), ConvolveOp.EDGE_NO_OP, null)
                .filter(across, null);
        return rgbCopy(both.getSubimage(radius, radius, w, h));
    }

    /**
     * Covers a region with a rounded patch of one colour, lightly textured: a hand or a cloth held
     * over mouth and nose.
     *
     * @param image the crop
     * @param region the patch's bounds in shares of the crop, e.g. {@link FaceRegion#LOWER_FACE}
     * @param roundness the corner radius as a share of the patch's size, 0 (square) to 1 (ellipse)
     * @param colour packed RGB
     * @param grain the standard deviation of the per-pixel texture, 0–255 scale
     * @param random draws the texture
     * @return the covered copy
     */
    public static BufferedImage cover(BufferedImage image, FaceRegion region, double roundness, int colour,
                                      double grain, Random random) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = rgbCopy(image);
        double x0 = region.x0() * w;
        double y0 = region.y0() * h;
        double bw = (region.x1() - region.x0()) * w;
        double bh = (region.y1() - region.y0()) * h;
        var patch = new RoundRectangle2D.Double(x0, y0, bw, bh, roundness * bw, roundness * bh);
        for (int y = Math.max(0, (int) y0); y < Math.min(h, Math.ceil(y0 + bh)); y++) {
            for (int x = Math.max(0, (int) x0); x < Math.min(w, Math.ceil(x0 + bw)); x++) {
                if (patch.contains(x + 0.5, y + 0.5)) {
                    double noise = grain * random.nextGaussian();
                    int r = clamp((int) Math.round(((colour >> 16) & 0xff) + noise), 255);
                    int g = clamp((int) Math.round(((colour >> 8) & 0xff) + noise), 255);
                    int b = clamp((int) Math.round((colour & 0xff) + noise), 255);
                    out.setRGB(x, y, r << 16 | g << 8 | b);
                }
            }
        }
        return out;
    }

    /**
     * Returns a {@code TYPE_INT_RGB} copy that owns its pixels (alpha dropped).
     *
     * @param image any image
     * @return the copy
     */
    public static BufferedImage rgbCopy(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Wraps packed RGB pixels as an image (the pixels are copied).
     *
     * @param pixels {@code width * height} packed RGB, row by row
     * @param width the width
     * @param height the height
     * @return a {@code TYPE_INT_RGB} image
     */
    public static BufferedImage fromPixels(int[] pixels, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, width, height, pixels, 0, width);
        return out;
    }

    /**
     * Reads an image's pixels as packed RGB.
     *
     * @param image the image
     * @return {@code width * height} packed RGB, row by row
     */
    public static int[] pixels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] out = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < out.length; i++) {
            out[i] &= 0xffffff;
        }
        return out;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
