package org.facemask.video;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.facemask.detection.DetectedFace;

/** Draws the tracked faces onto a video frame in place: a box and "#id label" per face. */
final class FrameAnnotator {

    // As on /v1/annotate: green fine, red act, amber correct the mask; grey before the first label.
    private static final Map<String, Color> COLOURS = Map.of(
            FaceTracking.MASK, new Color(0x1b9e3e),
            "no_mask", new Color(0xd62728),
            "mask_incorrect", new Color(0xff9f1c));

    private FrameAnnotator() {}

    static void draw(BufferedImage frame, List<Track> tracks) {
        Graphics2D g = frame.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int line = Math.max(2, Math.min(frame.getWidth(), frame.getHeight()) / 200);
            g.setStroke(new BasicStroke(line));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, line * 5)));
            for (Track t : tracks) {
                if (!t.visible()) {
                    continue;
                }
                DetectedFace b = t.box();
                int x = (int) Math.round(b.x1());
                int y = (int) Math.round(b.y1());
                Color colour = t.label() == null ? Color.GRAY : COLOURS.getOrDefault(t.label(), Color.GRAY);
                g.setColor(colour);
                g.drawRect(x, y, (int) Math.round(b.width()), (int) Math.round(b.height()));
                String text = "#" + t.id() + (t.label() == null ? "" : " " + t.label());
                int w = g.getFontMetrics().stringWidth(text) + 6;
                int h = g.getFontMetrics().getHeight();
                int top = y - h >= 0 ? y - h : y;
                g.fillRect(x, top, w, h);
                g.setColor(Color.WHITE);
                g.drawString(text, x + 3, top + g.getFontMetrics().getAscent());
            }
        } finally {
            g.dispose();
        }
    }
}
