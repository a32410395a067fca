package org.facemask.evaluation;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws a confusion matrix as a shaded grid with counts and row percentages. */
public final class ConfusionMatrixImage {

    private static final int CELL = 140;
    private static final int MARGIN = 150;

    private ConfusionMatrixImage() {}

    /**
     * Writes the matrix of a report to a PNG.
     *
     * @param report the report
     * @param file the PNG file
     * @throws IOException if writing fails
     */
    public static void write(ClassificationReport report, Path file) throws IOException {
        List<String> classes = report.classes();
        int k = classes.size();
        int size = MARGIN + k * CELL + 30;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, size, size);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.setColor(Color.BLACK);
            g.drawString("predicted →", MARGIN, 30);
            g.drawString("truth ↓", 10, MARGIN - 20);
            for (int c = 0; c < k; c++) {
                g.drawString(classes.get(c), MARGIN + c * CELL + 10, MARGIN - 20);
                g.drawString(classes.get(c), 10, MARGIN + c * CELL + CELL / 2);
            }
            for (int r = 0; r < k; r++) {
                int rowTotal = 0;
                for (int v : report.confusion()[r]) {
                    rowTotal += v;
                }
                for (int c = 0; c < k; c++) {
                    int v = report.confusion()[r][c];
                    double share = rowTotal == 0 ? 0 : v / (double) rowTotal;
                    int shade = (int) Math.round(255 - 200 * share);
                    g.setColor(r == c ? new Color(shade, shade, 255) : new Color(255, shade, shade));
                    int x = MARGIN + c * CELL;
                    int y = MARGIN + r * CELL;
                    g.fillRect(x, y, CELL, CELL);
                    g.setColor(Color.DARK_GRAY);
                    g.drawRect(x, y, CELL, CELL);
                    g.setColor(share > 0.6 ? Color.WHITE : Color.BLACK);
                    centre(g, String.valueOf(v), x, y + CELL / 2 - 5, new Font(Font.SANS_SERIF, Font.BOLD, 26));
                    centre(g, String.format(Locale.ROOT, "%.1f %%", 100 * share), x, y + CELL / 2 + 25,
                            new Font(Font.SANS_SERIF, Font.PLAIN, 15));
                }
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void centre(Graphics2D g, String text, int cellX, int baseline, Font font) {
        g.setFont(font);
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, cellX + (CELL - m.stringWidth(text)) / 2, baseline);
    }
}
