package org.facemask.serving.http;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.facemask.dataset.ClassNames;
import org.facemask.detection.DetectedFace;
import org.facemask.detection.Landmarks;
import org.facemask.serving.ClassificationService;

/** Draws the faces of a classified upload onto (a copy of) its decoded pixels. */
final class Annotator {

    // Colour by what an operator must do: green fine, red act, amber correct the mask.
    private static final Map<String, Color> COLOURS = Map.of(
            ClassNames.MASK, new Color(0x1b9e3e),
            ClassNames.NO_MASK, new Color(0xd62728),
            ClassNames.MASK_INCORRECT, new Color(0xff9f1c));

    private Annotator() {}

    /**
     * Returns the upload, as decoded, with a labelled box per face (or the whole-image label in
     * a corner when no face was found), encoded as JPEG.
     *
     * @param c the classified upload
     * @return JPEG bytes
     */
    static byte[] jpeg(ClassificationService.Classified c) {
        BufferedImage source = c.image().rgb();
        BufferedImage canvas = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.drawImage(source, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int line = Math.max(2, Math.min(source.getWidth(), source.getHeight()) / 200);
            g.setStroke(new BasicStroke(line));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, line * 6)));
            if (c.faces() == null || c.faces().isEmpty()) {
                label(g, c.prediction().label() + " (whole image)", c.prediction().confidence(), 0, 0, false);
            } else {
                // Boxes are in the upload's pixels; the canvas may be a subsampled decode.
                double sx = source.getWidth() / (double) c.image().width();
                double sy = source.getHeight() / (double) c.image().height();
                for (ClassificationService.Face face : c.faces()) {
                    DetectedFace b = face.box();
                    int x = (int) Math.round(b.x1() * sx);
                    int y = (int) Math.round(b.y1() * sy);
                    g.setColor(colour(face.prediction().label()));
                    g.drawRect(x, y, (int) Math.round(b.width() * sx), (int) Math.round(b.height() * sy));
                    if (b.landmarks() != null) {
                        // Eyes, nose and mouth corners: shows at a glance how the face was framed.
                        for (int i = 0; i < Landmarks.POINTS; i++) {
                            g.fillOval((int) Math.round(b.landmarks().x(i) * sx) - line,
                                    (int) Math.round(b.landmarks().y(i) * sy) - line, 2 * line, 2 * line);
                        }
                    }
                    label(g, face.prediction().label(), face.prediction().confidence(), x, y, true);
                }
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(canvas, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the annotated image", e);
        }
        return out.toByteArray();
    }

    private static void label(Graphics2D g, String label, float confidence, int x, int y, boolean above) {
        String text = String.format(Locale.ROOT, "%s %.0f%%", label, confidence * 100);
        int w = g.getFontMetrics().stringWidth(text) + 6;
        int h = g.getFontMetrics().getHeight();
        int top = above && y - h >= 0 ? y - h : y;
        int space = label.indexOf(' ');
        g.setColor(colour(space < 0 ? label : label.substring(0, space)));
        g.fillRect(x, top, w, h);
        g.setColor(Color.WHITE);
        g.drawString(text, x + 3, top + g.getFontMetrics().getAscent());
    }

    private static Color colour(String label) {
        return COLOURS.getOrDefault(label, Color.GRAY);
    }
}
