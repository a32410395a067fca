package org.facemask.detection;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds faces, masked or not, in a scene. Detectors compose: {@link #tiled} adds magnified
 * tiles for small faces, {@link #merged} unites several models. Implementations are
 * thread-safe; closing a composite closes its parts.
 */
public interface FaceDetector extends AutoCloseable {

    /** Default minimum face score, from the models' READMEs. */
    double DEFAULT_THRESHOLD = 0.5;

    /**
     * Finds the faces in an image.
     *
     * @param image an RGB image of any size
     * @return face boxes in the image's pixels, best first
     */
    List<DetectedFace> detect(BufferedImage image);

    @Override
    void close();

    /**
     * Loads a pretrained ONNX detector (UltraFace masked-face or AIZOO FaceMaskDetection contract).
     *
     * @param onnx the model file
     * @param threshold minimum face score, e.g. {@link #DEFAULT_THRESHOLD}
     * @return the detector
     * @throws org.facemask.model.ModelArtifactException if the file is missing, not an ONNX model,
     *     or of another contract
     */
    static FaceDetector load(Path onnx, double threshold) {
        return OnnxFaceDetector.load(onnx, threshold);
    }

    /**
     * Runs a detector on the whole image and on a grid of overlapping tiles, each magnified to
     * the network's input, so small faces get more pixels.
     *
     * @param base the detector
     * @param grid tiles per side; 1 returns {@code base} itself
     * @return the detector
     */
    static FaceDetector tiled(FaceDetector base, int grid) {
        if (grid < 1) {
            throw new IllegalArgumentException("grid must be at least 1, not " + grid);
        }
        return grid == 1 ? base : new TiledDetector(base, grid);
    }

    /**
     * Unites the faces of several detectors, merging the ones they share.
     *
     * @param parts the detectors
     * @return the detector; the only part itself when there is one
     */
    static FaceDetector merged(List<FaceDetector> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no face detector");
        }
        return parts.size() == 1 ? parts.get(0) : new MergedDetector(parts);
    }
}
