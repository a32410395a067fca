package org.facemask.robustness;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.facemask.evaluation.Evaluator;
import org.facemask.image.Degradations;
import org.facemask.image.FaceRegion;

/**
 * The camera conditions the report measures, each at several strengths, and the lower-face
 * occlusions. Every operation returns a new {@code TYPE_INT_RGB} image of the input's size and
 * works at the face crop's own resolution (a blur σ is in the crop's pixels, before the model's
 * resize).
 */
final class Perturbations {

    /** Lower-face box for the occlusion patch, as shares of the crop: x from, x to, y from, y to. */
    static final FaceRegion OCCLUDED_BOX = FaceRegion.LOWER_FACE;

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

    /** Encodes as baseline JPEG at {@code quality} (1–100) and decodes it again. */
    static BufferedImage jpeg(BufferedImage image, int quality) {
        return Degradations.jpeg(image, quality);
    }

    /** Gaussian blur of standard deviation {@code sigma} px, in the crop's own pixels. */
    static BufferedImage blur(BufferedImage image, double sigma) {
        return Degradations.gaussianBlur(image, sigma);
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
            g.setColor(new Color(FaceRegion.WHOLE.meanRgb(image)));
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
        return FaceRegion.cheekColour(image);
    }

    /** Covers mouth and nose tip ({@link #OCCLUDED_BOX}) with a rounded patch of {@code colour}, lightly textured. */
    static BufferedImage occlude(BufferedImage image, int colour, Random random) {
        return Degradations.cover(image, OCCLUDED_BOX, 0.4, colour, TEXTURE_SIGMA, random);
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

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
