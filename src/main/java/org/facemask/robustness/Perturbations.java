package org.facemask.robustness;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.facemask.evaluation.Evaluator;

/**
 * The camera conditions the report measures, each at several strengths, and the lower-face
 * occlusions. Every operation returns a new {@code TYPE_INT_RGB} image of the input's size and
 * works at the face crop's own resolution (a blur σ is in the crop's pixels, before the model's
 * resize).
 */
final class Perturbations {

    /** Lower-face box for the occlusion patch, as shares of the crop: x from, x to, y from, y to. */
    static final double[] OCCLUDED_BOX = {0.22, 0.78, 0.55, 0.95};

    static final String JPEG = "jpeg";
    static final String BLUR = "blur";
    static final String NOISE = "noise";
    static final String BRIGHTNESS = "brightness";
    static final String CONTRAST = "contrast";
    static final String DOWNSCALE = "downscale";
    static final String ROTATION = "rotation";
    static final String GRAYSCALE = "grayscale";
    static final String SKIN = "skin";
    static final String CLOTH = "cloth";

    /** Fabric colours of the cloth patch; light blue and white are left out, as surgical masks wear them. */
    private static final int[] CLOTH_COLOURS = {0x28325a, 0x46464b, 0x962828, 0xbeaa8c, 0x3c643c, 0x19191c};
    private static final double TEXTURE_SIGMA = 6;

    private Perturbations() {}

    /** Returns every condition at every strength, in report order. */
    static List<Perturbation> standard() {
        List<Perturbation> all = new ArrayList<>();
        for (int quality : new int[] {90, 70, 50, 30, 10}) {
            all.add(new Perturbation(JPEG, quality, (image, random) -> jpeg(image, quality)));
        }
        for (double sigma : new double[] {0.5, 1, 1.5, 2, 3}) {
            all.add(new Perturbation(BLUR, sigma, (image, random) -> blur(image, sigma)));
        }
        for (double sigma : new double[] {5, 10, 20, 30}) {
            all.add(new Perturbation(NOISE, sigma, (image, random) -> noise(image, sigma, random)));
        }
        for (int percent : new int[] {-60, -30, 30, 60}) {
            all.add(new Perturbation(BRIGHTNESS, percent, (image, random) -> brightness(image, percent)));
        }
        for (int kept : new int[] {50, 25}) {
            all.add(new Perturbation(CONTRAST, kept, (image, random) -> contrast(image, kept)));
        }
        for (int px : new int[] {32, 24, 16}) {
            all.add(new Perturbation(DOWNSCALE, px, (image, random) -> Evaluator.lowResolution(px).apply(image)));
        }
        for (int degrees : new int[] {-30, -20, -10, 10, 20, 30}) {
            all.add(new Perturbation(ROTATION, degrees, (image, random) -> rotate(image, degrees)));
        }
        all.add(new Perturbation(GRAYSCALE, 1, (image, random) -> grayscale(image)));
        return all;
    }

    /** Returns the two lower-face occlusions (level 1), applied to unmasked faces only. */
    static List<Perturbation> occlusions() {
        return List.of(new Perturbation(SKIN, 1, (image, random) -> occlude(image, skinColour(image), random)),
                new Perturbation(CLOTH, 1, (image, random) ->
                        occlude(image, CLOTH_COLOURS[random.nextInt(CLOTH_COLOURS.length)], random)));
    }

    /**
     * Tells whether a strength is one the issue calls mild (JPEG quality ≥ 30, blur σ ≤ 1.5 px,
     * brightness ±30 %, downscale to 32 px): a camera a site may well have, where accuracy should
     * hold within 2 points of clean.
     */
    static boolean mild(String name, double level) {
        return switch (name) {
            case JPEG -> level >= 30;
            case BLUR -> level <= 1.5;
            case BRIGHTNESS -> Math.abs(level) <= 30;
            case DOWNSCALE -> level >= 32;
            default -> false;
        };
    }

    /** Encodes as baseline JPEG at {@code quality} (1–100) with ImageIO and decodes it again. */
    static BufferedImage jpeg(BufferedImage image, int quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(copy(image), null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        try {
            return copy(ImageIO.read(new ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Gaussian blur of standard deviation {@code sigma} px (kernel radius 3σ), as two separable
     * {@link ConvolveOp} passes over a copy padded by repeating the border pixels, so that the
     * edges are blurred like the rest instead of left sharp or darkened.
     */
    static BufferedImage blur(BufferedImage image, double sigma) {
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
        return copy(both.getSubimage(radius, radius, w, h));
    }

    /** Adds independent Gaussian noise of {@code sigma} (0–255 scale) to each channel of each pixel. */
    static BufferedImage noise(BufferedImage image, double sigma, Random random) {
        return mapChannels(image, v -> v + sigma * random.nextGaussian());
    }

    /** Scales every channel by {@code 1 + percent / 100}: night below 0, overexposure above, clipped. */
    static BufferedImage brightness(BufferedImage image, int percent) {
        double factor = 1 + percent / 100.0;
        return mapChannels(image, v -> v * factor);
    }

    /** Keeps {@code percent} % of each pixel's distance from the image's mean luma: a flat, hazy picture. */
    static BufferedImage contrast(BufferedImage image, int percent) {
        double mean = FaceFeatures.meanLuma(image);
        return mapChannels(image, v -> mean + (v - mean) * percent / 100.0);
    }

    /**
     * Rotates about the centre by {@code degrees} (positive: clockwise on screen), bilinear, at the
     * same size; the uncovered corners take the image's mean colour rather than black, which would
     * be a cue of its own.
     */
    static BufferedImage rotate(BufferedImage image, double degrees) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(new Color(FaceFeatures.meanRgb(image, 0, 1, 0, 1)));
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.rotate(Math.toRadians(degrees), w / 2.0, h / 2.0);
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Replaces each pixel by its luma (BT.601) in all three channels, as an IR or night camera gives. */
    static BufferedImage grayscale(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int v = clamp((int) Math.round(FaceFeatures.luma(image.getRGB(x, y))), 255);
                out.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return out;
    }

    /** The mean colour of the face's own cheeks: a hand of the same skin. */
    static int skinColour(BufferedImage image) {
        double[] left = FaceFeatures.LEFT_CHEEK;
        double[] right = FaceFeatures.RIGHT_CHEEK;
        int a = FaceFeatures.meanRgb(image, left[0], left[1], left[2], left[3]);
        int b = FaceFeatures.meanRgb(image, right[0], right[1], right[2], right[3]);
        int r = (((a >> 16) & 0xff) + ((b >> 16) & 0xff)) / 2;
        int g = (((a >> 8) & 0xff) + ((b >> 8) & 0xff)) / 2;
        return r << 16 | g << 8 | ((a & 0xff) + (b & 0xff)) / 2;
    }

    /**
     * Covers mouth and nose tip with a rounded patch of {@code colour}, lightly textured: the
     * {@link #OCCLUDED_BOX} of the crop. The datasets' crops carry no landmarks, so the box is fixed
     * relative to the crop; for the frontal, roughly centred crops of the validation sources it
     * spans the mouth corners and the lower nose.
     */
    static BufferedImage occlude(BufferedImage image, int colour, Random random) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = copy(image);
        double x0 = OCCLUDED_BOX[0] * w;
        double y0 = OCCLUDED_BOX[2] * h;
        double bw = (OCCLUDED_BOX[1] - OCCLUDED_BOX[0]) * w;
        double bh = (OCCLUDED_BOX[3] - OCCLUDED_BOX[2]) * h;
        var patch = new RoundRectangle2D.Double(x0, y0, bw, bh, 0.4 * bw, 0.4 * bh);
        for (int y = (int) y0; y < Math.min(h, Math.ceil(y0 + bh)); y++) {
            for (int x = (int) x0; x < Math.min(w, Math.ceil(x0 + bw)); x++) {
                if (patch.contains(x + 0.5, y + 0.5)) {
                    double grain = TEXTURE_SIGMA * random.nextGaussian();
                    int r = clamp((int) Math.round(((colour >> 16) & 0xff) + grain), 255);
                    int g = clamp((int) Math.round(((colour >> 8) & 0xff) + grain), 255);
                    int b = clamp((int) Math.round((colour & 0xff) + grain), 255);
                    out.setRGB(x, y, r << 16 | g << 8 | b);
                }
            }
        }
        return out;
    }

    /** Applies {@code map} to each channel (0–255) of each pixel, clipped. */
    private static BufferedImage mapChannels(BufferedImage image, DoubleUnaryOperator map) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                int r = clamp((int) Math.round(map.applyAsDouble((p >> 16) & 0xff)), 255);
                int g = clamp((int) Math.round(map.applyAsDouble((p >> 8) & 0xff)), 255);
                int b = clamp((int) Math.round(map.applyAsDouble(p & 0xff)), 255);
                out.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return out;
    }

    /** A {@code TYPE_INT_RGB} copy that owns its pixels (alpha dropped). */
    static BufferedImage copy(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
