package org.facemask.detection;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** The whole image plus grid × grid overlapping tiles through one detector (see {@link FaceDetector#tiled}). */
final class TiledDetector implements FaceDetector {

    // Tiles overlap by a quarter of their size, so a face cut by one tile is whole in the next.
    private static final double OVERLAP = 0.25;

    private final FaceDetector base;
    private final int grid;

    TiledDetector(FaceDetector base, int grid) {
        this.base = base;
        this.grid = grid;
    }

    @Override
    public List<DetectedFace> detect(BufferedImage image) {
        List<DetectedFace> all = new ArrayList<>(base.detect(image));
        int tileW = Math.min(image.getWidth(), (int) Math.ceil(image.getWidth() / (grid - (grid - 1) * OVERLAP)));
        int tileH = Math.min(image.getHeight(), (int) Math.ceil(image.getHeight() / (grid - (grid - 1) * OVERLAP)));
        for (int ty = 0; ty < grid; ty++) {
            for (int tx = 0; tx < grid; tx++) {
                int x = Math.max(0, Math.min(image.getWidth() - tileW, (int) (tx * tileW * (1 - OVERLAP))));
                int y = Math.max(0, Math.min(image.getHeight() - tileH, (int) (ty * tileH * (1 - OVERLAP))));
                for (DetectedFace face : base.detect(image.getSubimage(x, y, tileW, tileH))) {
                    all.add(face.shifted(x, y));
                }
            }
        }
        return NonMaxSuppression.apply(all, MergedDetector.MERGE_IOU);
    }

    @Override
    public void close() {
        base.close();
    }
}
