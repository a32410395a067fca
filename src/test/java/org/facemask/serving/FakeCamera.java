package org.facemask.serving;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Clips for Chromium's fake camera ({@code --use-file-for-fake-video-capture}): Y4M, 4:2:0, made on the spot. */
final class FakeCamera {

    private FakeCamera() {}

    /**
     * Writes a still photo as a Y4M clip: scaled to the clip's width, centred vertically on black.
     *
     * @param file where
     * @param photo the picture
     * @param width clip width (even)
     * @param height clip height (even)
     * @param frames how many frames (the fake camera loops them)
     * @return the file
     * @throws IOException if writing fails
     */
    static Path y4m(Path file, BufferedImage photo, int width, int height, int frames) throws IOException {
        BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, width, height);
        int scaledHeight = photo.getHeight() * width / photo.getWidth();
        g.drawImage(photo, 0, (height - scaledHeight) / 2, width, scaledHeight, null);
        g.dispose();
        byte[] yuv = i420(frame);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(("YUV4MPEG2 W" + width + " H" + height + " F10:1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < frames; i++) {
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(yuv);
            }
        }
        return file;
    }

    /** Returns where {@link #y4m} puts the photo's top edge, in clip pixels. */
    static int top(BufferedImage photo, int width, int height) {
        return (height - photo.getHeight() * width / photo.getWidth()) / 2;
    }

    /** BT.601 full-range Y, then U and V at half resolution. */
    private static byte[] i420(BufferedImage rgb) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        byte[] out = new byte[w * h * 3 / 2];
        int u = w * h;
        int v = u + w * h / 4;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = rgb.getRGB(x, y);
                int r = (p >> 16) & 0xff;
                int gr = (p >> 8) & 0xff;
                int b = p & 0xff;
                out[y * w + x] = clamp(0.299 * r + 0.587 * gr + 0.114 * b);
                if (y % 2 == 0 && x % 2 == 0) {
                    int i = (y / 2) * (w / 2) + x / 2;
                    out[u + i] = clamp(128 - 0.168736 * r - 0.331264 * gr + 0.5 * b);
                    out[v + i] = clamp(128 + 0.5 * r - 0.418688 * gr - 0.081312 * b);
                }
            }
        }
        return out;
    }

    private static byte clamp(double value) {
        return (byte) Math.max(0, Math.min(255, Math.round(value)));
    }
}
