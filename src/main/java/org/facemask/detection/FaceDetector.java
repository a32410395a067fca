package org.facemask.detection;

import ai.onnxruntime.OrtException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.facemask.model.MaskClassifier;
import org.facemask.model.ModelArtifactException;

/**
 * Finds faces, masked or not, in a scene. Detectors compose: {@link #tiled} adds magnified
 * tiles for small faces, {@link #merged} unites several models. Implementations are
 * thread-safe; closing a composite closes its parts.
 */
public interface FaceDetector extends AutoCloseable {

    /** Default minimum face score, from the models' READMEs. */
    double DEFAULT_THRESHOLD = 0.5;
    /** Default long side for detectors with a dynamic input (YuNet): see docs/scenes.md. */
    int DEFAULT_LONG_SIDE = 800;
    /**
     * Margin around a candidate box for the face check's crop: some hair, neck and background
     * tell a small face from a face-like texture better than the box alone.
     */
    double CHECK_MARGIN = 0.25;

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
     * Loads a pretrained ONNX detector: the UltraFace masked-face or AIZOO FaceMaskDetection
     * contract (fixed input size), or YuNet's (dynamic input, landmarks), told apart by the outputs.
     *
     * @param onnx the model file
     * @param threshold minimum face score, e.g. {@link #DEFAULT_THRESHOLD}
     * @param longSide for a detector with a dynamic input, the long side photos are scaled to
     *     (e.g. {@link #DEFAULT_LONG_SIDE}); fixed-size detectors use their own
     * @return the detector
     * @throws org.facemask.model.ModelArtifactException if the file is missing, not an ONNX model,
     *     or of another contract
     */
    static FaceDetector load(Path onnx, double threshold, int longSide) {
        DetectorSession opened = DetectorSession.open(onnx);
        try {
            boolean yunet = opened.session().getOutputInfo().keySet().containsAll(YunetDetector.OUTPUTS);
            return yunet ? YunetDetector.of(onnx, opened, longSide, threshold)
                    : OnnxFaceDetector.of(onnx, opened, threshold);
        } catch (OrtException e) {
            opened.close();
            throw new ModelArtifactException("face detector " + onnx + " failed a blank run: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /**
     * Loads a pretrained ONNX detector at the default input size (see {@link #load(Path, double, int)}).
     *
     * @param onnx the model file
     * @param threshold minimum face score
     * @return the detector
     */
    static FaceDetector load(Path onnx, double threshold) {
        return load(onnx, threshold, DEFAULT_LONG_SIDE);
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
     * Keeps only the candidates a face check confirms: lets the detectors run at a low score
     * threshold (more small faces found) without passing on their many false detections. A
     * candidate's checked score pools the detector's score and the check's probability of a face.
     *
     * @param candidates the detector, usually with a low threshold
     * @param check a classifier with the classes {@code face} and {@code not_face}, trained on
     *     crops of such candidates ({@code facemask crops --face-check-set})
     * @param minCheckedScore the checked score a candidate needs
     * @return the detector; closing it closes the check too
     * @throws IllegalArgumentException if {@code check} has not those classes
     */
    static FaceDetector checked(FaceDetector candidates, MaskClassifier check, double minCheckedScore) {
        return new CheckedDetector(candidates, check, minCheckedScore);
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
