package org.facemask;

import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.Arrays;

/** Image changes for tests: more light and a blurry lens (camera drift), a mirror image. */
public final class ImageShifts {

    private ImageShifts() {}

    /** Adds 70 to every channel (clipped): a brighter scene or longer exposure. */
    public static BufferedImage brighten(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = Math.min(255, ((rgb >> 16) & 0xff) + 70);
                int g = Math.min(255, ((rgb >> 8) & 0xff) + 70);
                int b = Math.min(255, (rgb & 0xff) + 70);
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    /** A 9x9 box blur: an out-of-focus or dirty lens; mean brightness stays as it was. */
    public static BufferedImage blur(BufferedImage image) {
        int size = 9;
        float[] kernel = new float[size * size];
        Arrays.fill(kernel, 1f / kernel.length);
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(image, 0, 0, null);
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        return new ConvolveOp(new Kernel(size, size, kernel), ConvolveOp.EDGE_NO_OP, null).filter(rgb, out);
    }

    /** Returns a left-right mirror image, copied pixel by pixel (exact, no resampling). */
    public static BufferedImage mirror(BufferedImage image) {
        int w = image.getWidth();
        BufferedImage out = new BufferedImage(w, image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(w - 1 - x, y, image.getRGB(x, y));
            }
        }
        return out;
    }
}
