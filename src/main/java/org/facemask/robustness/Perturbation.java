package org.facemask.robustness;

import java.awt.image.BufferedImage;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * One image degradation at one strength: a named camera condition ({@code jpeg}, {@code blur},
 * ...) and its level on that condition's own scale (JPEG quality, blur σ in px, ...).
 *
 * @param name the condition
 * @param level its strength, in the condition's unit
 * @param op turns an RGB image into a new degraded one; the random source serves the conditions
 *     that draw (noise, the occlusion's texture) and is seeded per image, so a run repeats exactly
 */
record Perturbation(String name, double level, BiFunction<BufferedImage, Random, BufferedImage> op) {

    /**
     * Applies the degradation.
     *
     * @param image the clean image; left unchanged
     * @param imageSeed the image's own seed (run seed and file)
     * @return a new image of the same size
     */
    BufferedImage apply(BufferedImage image, long imageSeed) {
        // Each (image, condition, level) gets its own stream: results do not depend on the order of work.
        long seed = imageSeed * 1_000_003L + name.hashCode() * 31L + Double.hashCode(level);
        return op.apply(image, new Random(seed));
    }
}
