package org.facemask.training;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Random;
import java.util.Set;
import org.facemask.image.Degradations;
import org.facemask.image.FaceRegion;

/**
 * Training-time augmentation on packed RGB pixels: random resized crop (area 0.5-1, aspect
 * 3/4-4/3) with horizontal flip, sampled bilinearly; occasional low-resolution simulation
 * (small faces from cameras); colour jitter of brightness, contrast and saturation; and
 * occasional grayscale. Pure Java on pre-decoded images, so it costs little next to the model.
 * The opt-in {@link CameraAugmentation}s add a covered mouth on unmasked faces, blur and JPEG.
 */
final class Augmenter {

    static final String DESCRIPTION = "random resized crop (area 0.5-1, aspect 3/4-4/3), horizontal flip, "
            + "low-resolution simulation (p=0.25, 24 px to full), colour jitter 0.3, grayscale p=0.1";

    private static final double JITTER = 0.3;

    private static final double OCCLUSION_P = 0.3;
    private static final double BLUR_P = 0.25;
    private static final double JPEG_P = 0.25;

    private final int size;
    private final Set<CameraAugmentation> extra;
    private final int occludedClass;

    /**
     * Creates the standard augmentation only.
     *
     * @param size the output side
     */
    Augmenter(int size) {
        this(size, Set.of(), -1);
    }

    /**
     * Creates the standard augmentation plus camera augmentations.
     *
     * @param size the output side
     * @param extra the camera augmentations to add
     * @param occludedClass the label whose images may get a covered mouth ({@code no_mask}), or -1
     */
    Augmenter(int size, Set<CameraAugmentation> extra, int occludedClass) {
        this.size = size;
        this.extra = Set.copyOf(extra);
        this.occludedClass = occludedClass;
    }

    /**
     * Produces one augmented {@code size x size} image.
     *
     * @param src packed RGB source pixels
     * @param srcSize the source's square side
     * @param label the image's class index
     * @param random the random source (seeded by the trainer)
     * @return packed RGB pixels, {@code size * size}
     */
    int[] augment(int[] src, int srcSize, int label, Random random) {
        if (label == occludedClass && extra.contains(CameraAugmentation.OCCLUSION)
                && random.nextDouble() < OCCLUSION_P) {
            src = coverLowerFace(src, srcSize, random);
        }
        double area = srcSize * (double) srcSize * (0.5 + 0.5 * random.nextDouble());
        double logRatio = Math.log(3.0 / 4) + random.nextDouble() * (Math.log(4.0 / 3) - Math.log(3.0 / 4));
        double ratio = Math.exp(logRatio);
        double cw = Math.min(srcSize, Math.sqrt(area * ratio));
        double ch = Math.min(srcSize, Math.sqrt(area / ratio));
        double x0 = random.nextDouble() * (srcSize - cw);
        double y0 = random.nextDouble() * (srcSize - ch);
        boolean flip = random.nextBoolean();

        int[] out;
        if (random.nextDouble() < 0.25) {
            int low = 24 + random.nextInt(Math.max(1, size - 24));
            int[] small = crop(src, srcSize, x0, y0, cw, ch, flip, low);
            out = crop(small, low, 0, 0, low, low, false, size);
        } else {
            out = crop(src, srcSize, x0, y0, cw, ch, flip, size);
        }
        colour(out, random);
        return camera(out, random);
    }

    /**
     * A hand or a cloth over mouth and nose: place, size and shape jittered around
     * {@link FaceRegion#LOWER_FACE} so the model learns "covered, but not by a mask" rather than
     * one patch; the colour is the face's own skin (a hand) or a random fabric that is neither
     * white nor light blue (surgical masks wear those).
     */
    static int[] coverLowerFace(int[] src, int srcSize, Random random) {
        BufferedImage face = Degradations.fromPixels(src, srcSize, srcSize);
        double centre = 0.5 + uniform(random, -0.06, 0.06);
        double halfWidth = uniform(random, 0.22, 0.33);
        var region = new FaceRegion(centre - halfWidth, centre + halfWidth, uniform(random, 0.50, 0.62),
                uniform(random, 0.88, 1.05));
        int colour;
        if (random.nextBoolean()) {
            double shade = uniform(random, 0.8, 1.15);
            Color skin = new Color(FaceRegion.cheekColour(face));
            colour = new Color(clamp(skin.getRed() * shade), clamp(skin.getGreen() * shade),
                    clamp(skin.getBlue() * shade)).getRGB() & 0xffffff;
        } else {
            colour = Color.HSBtoRGB((float) random.nextDouble(), (float) uniform(random, 0.15, 0.9),
                    (float) uniform(random, 0.1, 0.75)) & 0xffffff;
        }
        BufferedImage covered = Degradations.cover(face, region, uniform(random, 0.2, 1.0), colour,
                uniform(random, 3, 10), random);
        return Degradations.pixels(covered);
    }

    /** Blur, then JPEG, each with its own chance: optics first, then the codec, as in a camera. */
    private int[] camera(int[] px, Random random) {
        boolean blur = extra.contains(CameraAugmentation.BLUR) && random.nextDouble() < BLUR_P;
        boolean jpeg = extra.contains(CameraAugmentation.JPEG) && random.nextDouble() < JPEG_P;
        if (!blur && !jpeg) {
            return px;
        }
        BufferedImage image = Degradations.fromPixels(px, size, size);
        if (blur) {
            image = Degradations.gaussianBlur(image, uniform(random, 0.3, 1.8));
        }
        if (jpeg) {
            image = Degradations.jpeg(image, 15 + random.nextInt(76));
        }
        return Degradations.pixels(image);
    }

    private static double uniform(Random random, double from, double to) {
        return from + (to - from) * random.nextDouble();
    }

    /** Bilinearly samples the box (x0, y0, w, h) of a square source into a square of side {@code n}. */
    private static int[] crop(int[] src, int srcSize, double x0, double y0, double w, double h, boolean flip, int n) {
        int[] out = new int[n * n];
        double sx = w / n;
        double sy = h / n;
        for (int r = 0; r < n; r++) {
            double fy = Math.min(srcSize - 1, Math.max(0, y0 + (r + 0.5) * sy - 0.5));
            int y = (int) fy;
            int y1 = Math.min(srcSize - 1, y + 1);
            double dy = fy - y;
            for (int c = 0; c < n; c++) {
                int cc = flip ? n - 1 - c : c;
                double fx = Math.min(srcSize - 1, Math.max(0, x0 + (cc + 0.5) * sx - 0.5));
                int x = (int) fx;
                int x1 = Math.min(srcSize - 1, x + 1);
                double dx = fx - x;
                int p00 = src[y * srcSize + x];
                int p01 = src[y * srcSize + x1];
                int p10 = src[y1 * srcSize + x];
                int p11 = src[y1 * srcSize + x1];
                int rgb = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    double top = ((p00 >> shift) & 0xff) * (1 - dx) + ((p01 >> shift) & 0xff) * dx;
                    double bottom = ((p10 >> shift) & 0xff) * (1 - dx) + ((p11 >> shift) & 0xff) * dx;
                    int v = (int) Math.round(top * (1 - dy) + bottom * dy);
                    rgb |= v << shift;
                }
                out[r * n + c] = rgb;
            }
        }
        return out;
    }

    private static void colour(int[] px, Random random) {
        double brightness = 1 + (random.nextDouble() * 2 - 1) * JITTER;
        double contrast = 1 + (random.nextDouble() * 2 - 1) * JITTER;
        double saturation = 1 + (random.nextDouble() * 2 - 1) * JITTER;
        boolean gray = random.nextDouble() < 0.1;
        double meanLuma = 0;
        for (int p : px) {
            meanLuma += luma(p);
        }
        meanLuma = meanLuma * brightness / px.length;
        for (int i = 0; i < px.length; i++) {
            double r = ((px[i] >> 16) & 0xff) * brightness;
            double g = ((px[i] >> 8) & 0xff) * brightness;
            double b = (px[i] & 0xff) * brightness;
            r = meanLuma + (r - meanLuma) * contrast;
            g = meanLuma + (g - meanLuma) * contrast;
            b = meanLuma + (b - meanLuma) * contrast;
            double y = 0.299 * r + 0.587 * g + 0.114 * b;
            double s = gray ? 0 : saturation;
            r = y + (r - y) * s;
            g = y + (g - y) * s;
            b = y + (b - y) * s;
            px[i] = (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
        }
    }

    private static double luma(int p) {
        return 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
