package org.facemask.detection;

import java.awt.image.BufferedImage;

/**
 * A detected face in image pixels.
 *
 * @param x1 left edge
 * @param y1 top edge
 * @param x2 right edge
 * @param y2 bottom edge
 * @param score the detector's confidence that this is a face
 * @param maskedScore the detector's own share of that confidence for "masked face" (0 to 1): a
 *     second opinion next to the classifier's; NaN for a detector that does not tell masks
 * @param landmarks eyes, nose and mouth corners, or null from a detector that gives none
 */
public record DetectedFace(double x1, double y1, double x2, double y2, double score, double maskedScore,
        Landmarks landmarks) {

    /**
     * Margin around a detected box for the mask classifier's crop, in the service and in the scene
     * evaluation alike: none. The detectors' boxes already
     * hold forehead and chin; measured on the tuning side of the scene photos, 0.15 (the margin
     * `crops` adds to the tight annotated boxes) made the three-class model call 9 % of masked
     * faces "worn incorrectly", 0 about 3 %.
     */
    public static final double CROP_MARGIN = 0.0;

    /**
     * A face without landmarks.
     *
     * @param x1 left edge
     * @param y1 top edge
     * @param x2 right edge
     * @param y2 bottom edge
     * @param score the detector's confidence that this is a face
     * @param maskedScore the detector's share of that confidence for "masked face"
     */
    public DetectedFace(double x1, double y1, double x2, double y2, double score, double maskedScore) {
        this(x1, y1, x2, y2, score, maskedScore, null);
    }

    /** Returns the width in pixels. */
    public double width() {
        return x2 - x1;
    }

    /** Returns the height in pixels. */
    public double height() {
        return y2 - y1;
    }

    /**
     * Returns the intersection over union with another box (0 when they do not overlap).
     *
     * @param other the other box
     * @return IoU in [0, 1]
     */
    public double iou(DetectedFace other) {
        double w = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        double h = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double intersection = w * h;
        return intersection / (width() * height() + other.width() * other.height() - intersection);
    }

    /**
     * Moves the box, e.g. from a tile's pixels to the whole image's.
     *
     * @param dx added to both x edges
     * @param dy added to both y edges
     * @return the moved box and landmarks, same scores
     */
    public DetectedFace shifted(double dx, double dy) {
        return new DetectedFace(x1 + dx, y1 + dy, x2 + dx, y2 + dy, score, maskedScore,
                landmarks == null ? null : landmarks.shifted(dx, dy));
    }

    /**
     * Scales the box and landmarks, e.g. from a subsampled decode back to the upload's pixels.
     *
     * @param sx factor on x
     * @param sy factor on y
     * @return the scaled face, same scores
     */
    public DetectedFace scaled(double sx, double sy) {
        return new DetectedFace(x1 * sx, y1 * sy, x2 * sx, y2 * sy, score, maskedScore,
                landmarks == null ? null : landmarks.scaled(sx, sy));
    }

    /**
     * Grows the box by a share of its size on every side, clipped to the image: classifiers were
     * trained on crops with some forehead and chin, not on the tight box a detector returns.
     *
     * @param margin e.g. 0.15 for 15 % of the width (height) on the left and right (top and bottom)
     * @param imageWidth the image width, to clip to
     * @param imageHeight the image height, to clip to
     * @return the expanded box, same scores and landmarks
     */
    public DetectedFace expand(double margin, int imageWidth, int imageHeight) {
        double dx = width() * margin;
        double dy = height() * margin;
        return new DetectedFace(Math.max(0, x1 - dx), Math.max(0, y1 - dy), Math.min(imageWidth, x2 + dx),
                Math.min(imageHeight, y2 + dy), score, maskedScore, landmarks);
    }

    /**
     * Cuts this face out of its image with a margin (see {@link #expand}).
     *
     * @param image the image the box was found in
     * @param margin expansion on each side as a share of the box size
     * @return the crop (shares pixels with {@code image})
     */
    public BufferedImage crop(BufferedImage image, double margin) {
        DetectedFace e = expand(margin, image.getWidth(), image.getHeight());
        int x = (int) Math.floor(e.x1);
        int y = (int) Math.floor(e.y1);
        int w = Math.max(1, Math.min(image.getWidth() - x, (int) Math.ceil(e.x2) - x));
        int h = Math.max(1, Math.min(image.getHeight() - y, (int) Math.ceil(e.y2) - y));
        return image.getSubimage(x, y, w, h);
    }
}
