package org.facemask.video;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.facemask.dataset.VocCrops;
import org.facemask.detection.DetectedFace;

/**
 * A video made from one annotated photo: a 4:3 viewport that pans and zooms smoothly over the
 * photo, rendered at {@link #WIDTH} x {@link #HEIGHT}, so that every frame's true face boxes are
 * the photo's boxes seen through the same viewport. Frames are rendered on demand, nothing is
 * written. The same photo and seed give the same clip.
 */
public final class PanZoomClip {

    /** Frame width in pixels. */
    public static final int WIDTH = 640;
    /** Frame height in pixels. */
    public static final int HEIGHT = 480;
    /** Frame rate of the clips. */
    public static final double FPS = 25;
    /** Smallest viewport, as a share of the largest 4:3 window the photo holds. */
    static final double MIN_ZOOM = 0.5;
    /** A face cut by the frame edge stays in the ground truth while at least this share of it is in view. */
    static final double MIN_VISIBLE = 0.5;

    /**
     * One face on one frame.
     *
     * @param id the face's identity in the clip: 1 + its index among the photo's annotated faces
     * @param label its annotated class
     * @param box its box in frame pixels, cut to the frame
     */
    public record TruthBox(int id, String label, DetectedFace box) {}

    private final BufferedImage photo;
    private final List<VocCrops.FaceBox> faces;
    private final int frames;
    /** Viewport (left, top, width) at the first and the last frame, in photo pixels. */
    private final double[] from;
    private final double[] to;

    /**
     * A clip over a photo.
     *
     * @param photo the photo
     * @param faces its annotated faces
     * @param frames the clip length in frames, at least 2
     * @param seed picks where the viewport starts and ends
     */
    public PanZoomClip(BufferedImage photo, List<VocCrops.FaceBox> faces, int frames, long seed) {
        if (frames < 2) {
            throw new IllegalArgumentException("a clip needs at least 2 frames, not " + frames);
        }
        this.photo = photo;
        this.faces = List.copyOf(faces);
        this.frames = frames;
        Random random = new Random(seed);
        this.from = randomViewport(random);
        this.to = randomViewport(random);
    }

    private double[] randomViewport(Random random) {
        double aspect = WIDTH / (double) HEIGHT;
        double fullWidth = Math.min(photo.getWidth(), photo.getHeight() * aspect);
        double width = fullWidth * (MIN_ZOOM + (1 - MIN_ZOOM) * random.nextDouble());
        double height = width / aspect;
        return new double[] {(photo.getWidth() - width) * random.nextDouble(),
            (photo.getHeight() - height) * random.nextDouble(), width};
    }

    /** Returns the clip length in frames. */
    public int frames() {
        return frames;
    }

    /**
     * Returns the viewport on a frame: left, top and width in photo pixels (the height follows
     * from 4:3). It eases in and out between its start and end, and stays inside the photo.
     *
     * @param i the frame index
     * @return {left, top, width}
     */
    double[] viewport(int i) {
        double t = i / (double) (frames - 1);
        double s = t * t * (3 - 2 * t);
        double[] v = new double[3];
        for (int k = 0; k < 3; k++) {
            v[k] = from[k] + s * (to[k] - from[k]);
        }
        return v;
    }

    /**
     * Renders a frame.
     *
     * @param i the frame index
     * @return a new {@link #WIDTH} x {@link #HEIGHT} RGB image
     */
    public BufferedImage frame(int i) {
        double[] v = viewport(i);
        double scale = WIDTH / v[2];
        BufferedImage out = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            AffineTransform view = AffineTransform.getScaleInstance(scale, scale);
            view.translate(-v[0], -v[1]);
            g.drawImage(photo, view, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Returns the true faces on a frame: the annotated boxes through the frame's viewport, cut to
     * the frame; a face with less than {@link #MIN_VISIBLE} of its box in view is left out.
     *
     * @param i the frame index
     * @return the faces in view, in annotation order
     */
    public List<TruthBox> truth(int i) {
        double[] v = viewport(i);
        double scale = WIDTH / v[2];
        List<TruthBox> out = new ArrayList<>();
        for (int k = 0; k < faces.size(); k++) {
            VocCrops.FaceBox f = faces.get(k);
            DetectedFace whole = new DetectedFace(f.xmin(), f.ymin(), f.xmax(), f.ymax(), 1, Double.NaN)
                    .shifted(-v[0], -v[1]).scaled(scale, scale);
            double x1 = Math.max(0, whole.x1());
            double y1 = Math.max(0, whole.y1());
            double x2 = Math.min(WIDTH, whole.x2());
            double y2 = Math.min(HEIGHT, whole.y2());
            if (x2 <= x1 || y2 <= y1 || (x2 - x1) * (y2 - y1) < MIN_VISIBLE * whole.width() * whole.height()) {
                continue;
            }
            out.add(new TruthBox(k + 1, f.label(), new DetectedFace(x1, y1, x2, y2, 1, Double.NaN)));
        }
        return out;
    }
}
