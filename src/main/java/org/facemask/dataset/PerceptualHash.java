package org.facemask.dataset;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * A 64-bit DCT perceptual hash (pHash): re-encoded, resized or slightly recoloured copies of a
 * picture land within a few bits of each other. {@link #withMirror} also hashes the left-right mirror,
 * so flipped copies can be matched too.
 */
public final class PerceptualHash {

    private static final int SIZE = 32;
    private static final int LOW = 8;
    private static final double[][] DCT = dctMatrix();

    private PerceptualHash() {}

    /**
     * Hashes an image and its left-right mirror (one downscale serves both).
     *
     * @param image any RGB image
     * @return {@code {hash, mirrorHash}}
     */
    public static long[] withMirror(BufferedImage image) {
        double[][] y = luminance(image);
        double[][] mirrored = new double[SIZE][SIZE];
        for (int r = 0; r < SIZE; r++) {
            for (int c = 0; c < SIZE; c++) {
                mirrored[r][c] = y[r][SIZE - 1 - c];
            }
        }
        return new long[] {hash(y), hash(mirrored)};
    }

    /**
     * Returns the number of differing bits.
     *
     * @param a a hash
     * @param b another hash
     * @return the Hamming distance, 0..64
     */
    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    private static double[][] luminance(BufferedImage image) {
        BufferedImage small = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image.getScaledInstance(SIZE, SIZE, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        } finally {
            g.dispose();
        }
        double[][] y = new double[SIZE][SIZE];
        for (int r = 0; r < SIZE; r++) {
            for (int c = 0; c < SIZE; c++) {
                int rgb = small.getRGB(c, r);
                y[r][c] = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
            }
        }
        return y;
    }

    private static long hash(double[][] pixels) {
        // Low-frequency 8x8 block of the 2-D DCT: D * P * D^T, only the rows/columns we keep.
        double[][] tmp = new double[LOW][SIZE];
        for (int u = 0; u < LOW; u++) {
            for (int c = 0; c < SIZE; c++) {
                double s = 0;
                for (int r = 0; r < SIZE; r++) {
                    s += DCT[u][r] * pixels[r][c];
                }
                tmp[u][c] = s;
            }
        }
        double[] coefficients = new double[LOW * LOW];
        for (int u = 0; u < LOW; u++) {
            for (int v = 0; v < LOW; v++) {
                double s = 0;
                for (int c = 0; c < SIZE; c++) {
                    s += tmp[u][c] * DCT[v][c];
                }
                coefficients[u * LOW + v] = s;
            }
        }
        // Median of the AC coefficients (the DC term only encodes overall brightness).
        double[] ac = java.util.Arrays.copyOfRange(coefficients, 1, coefficients.length);
        java.util.Arrays.sort(ac);
        double median = ac[ac.length / 2];
        long bits = 0;
        for (int i = 0; i < coefficients.length; i++) {
            if (coefficients[i] > median) {
                bits |= 1L << i;
            }
        }
        return bits;
    }

    private static double[][] dctMatrix() {
        double[][] d = new double[SIZE][SIZE];
        for (int u = 0; u < SIZE; u++) {
            double scale = u == 0 ? Math.sqrt(1.0 / SIZE) : Math.sqrt(2.0 / SIZE);
            for (int x = 0; x < SIZE; x++) {
                d[u][x] = scale * Math.cos((2 * x + 1) * u * Math.PI / (2.0 * SIZE));
            }
        }
        return d;
    }
}
