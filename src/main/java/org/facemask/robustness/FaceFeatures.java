package org.facemask.robustness;

import java.awt.image.BufferedImage;
import org.facemask.image.FaceRegion;

/**
 * What the subgroups are computed from, measured on the clean face crop: its size, brightness,
 * whether it is grayscale, and a skin-tone proxy from the cheeks.
 *
 * @param shortSide the crop's shorter side in px, as stored
 * @param meanLuma the mean BT.601 luma over the crop, 0–255
 * @param grayscale whether every pixel has R, G and B within 2 of each other
 * @param ita the individual typology angle of the cheeks in degrees, NaN when the cheeks show no
 *     yellow–blue tint to measure it from (grayscale, or a colour cast towards blue)
 */
record FaceFeatures(int shortSide, double meanLuma, boolean grayscale, double ita) {

    private static final int GRAY_TOLERANCE = 2;
    private static final double MIN_B_STAR = 1;

    /**
     * Measures a clean crop.
     *
     * @param image the decoded crop
     * @return its features
     */
    static FaceFeatures of(BufferedImage image) {
        return new FaceFeatures(Math.min(image.getWidth(), image.getHeight()), meanLuma(image), isGray(image),
                ita(image));
    }

    /** BT.601 luma of a packed RGB pixel, 0–255. */
    static double luma(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
    }

    /** Mean luma over the whole image. */
    static double meanLuma(BufferedImage image) {
        double sum = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                sum += luma(image.getRGB(x, y));
            }
        }
        return sum / ((double) image.getWidth() * image.getHeight());
    }

    /**
     * The individual typology angle ITA = atan((L* − 50) / b*) · 180/π over both cheek boxes
     * (CIELAB, D65, from sRGB; L* and b* averaged over the pixels). A proxy of skin tone under
     * unknown lighting: shadows, white balance and a mask's colour reaching the box all move it.
     */
    static double ita(BufferedImage image) {
        double l = 0;
        double bStar = 0;
        int n = 0;
        for (FaceRegion cheek : new FaceRegion[] {FaceRegion.LEFT_CHEEK, FaceRegion.RIGHT_CHEEK}) {
            int[] box = cheek.pixelBox(image);
            for (int y = box[2]; y < box[3]; y++) {
                for (int x = box[0]; x < box[1]; x++) {
                    double[] lab = lab(image.getRGB(x, y));
                    l += lab[0];
                    bStar += lab[2];
                    n++;
                }
            }
        }
        l /= n;
        bStar /= n;
        return bStar < MIN_B_STAR ? Double.NaN : Math.toDegrees(Math.atan((l - 50) / bStar));
    }

    /**
     * The standard ITA skin categories (Chardon et al. 1991; Del Bino et al. 2013): very light
     * above 55°, light 41–55°, intermediate 28–41°, tan 10–28°, brown −30–10°, dark below −30°.
     */
    private static final double[] ITA_EDGES = {55, 41, 28, 10, -30};
    private static final String[] ITA_NAMES = {"very light (>55)", "light (41-55)", "intermediate (28-41)",
        "tan (10-28)", "brown (-30-10)", "dark (<-30)", "undetermined"};

    /** The ITA category's index, lightest first; NaN is the last, {@code undetermined}. */
    static int itaBin(double ita) {
        if (Double.isNaN(ita)) {
            return ITA_NAMES.length - 1;
        }
        int bin = 0;
        while (bin < ITA_EDGES.length && ita <= ITA_EDGES[bin]) {
            bin++;
        }
        return bin;
    }

    /** The ITA category's name, e.g. {@code tan (10-28)}. */
    static String itaCategory(double ita) {
        return ITA_NAMES[itaBin(ita)];
    }

    /** CIELAB (D65) of a packed sRGB pixel: {L*, a*, b*}. */
    static double[] lab(int rgb) {
        double r = linear((rgb >> 16) & 0xff);
        double g = linear((rgb >> 8) & 0xff);
        double b = linear(rgb & 0xff);
        double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    private static boolean isGray(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                int r = (p >> 16) & 0xff;
                int g = (p >> 8) & 0xff;
                int b = p & 0xff;
                if (Math.abs(r - g) > GRAY_TOLERANCE || Math.abs(g - b) > GRAY_TOLERANCE) {
                    return false;
                }
            }
        }
        return true;
    }
}
