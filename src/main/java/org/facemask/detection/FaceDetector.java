package org.facemask.detection;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.facemask.model.ImagePreprocessor;
import org.facemask.model.ModelArtifactException;

/**
 * The UltraFace "RFB masked face" detector (shipped in {@code models/detectors/ultraface-masked/},
 * MIT) through ONNX Runtime: finds faces, masked or not, in a whole scene.
 *
 * <p>Contract (the model's README): RGB input resized to the network size, each channel
 * {@code (v - 127) / 128}, NCHW; outputs {@code boxes} (corners as fractions of the input) and
 * {@code scores} (softmax over background, face, masked face). A row is a face when its best
 * non-background score passes the threshold; overlapping rows are merged by non-maximum
 * suppression. Thread-safe; close it to free the native session.
 */
public final class FaceDetector implements AutoCloseable {

    /** Default minimum face score, from the model's README. */
    public static final double DEFAULT_THRESHOLD = 0.5;
    /** Default NMS overlap, from the model's README. */
    public static final double DEFAULT_NMS_IOU = 0.3;

    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final String input;
    private final int width;
    private final int height;
    private final double threshold;

    private FaceDetector(OrtSession.SessionOptions options, OrtSession session, String input, int width, int height,
            double threshold) {
        this.options = options;
        this.session = session;
        this.input = input;
        this.width = width;
        this.height = height;
        this.threshold = threshold;
    }

    /**
     * Loads a detector and checks its contract: one NCHW float input with a fixed size, outputs
     * {@code boxes} and {@code scores}.
     *
     * @param onnx the model file
     * @param threshold minimum face score, e.g. {@link #DEFAULT_THRESHOLD}
     * @return the detector
     * @throws ModelArtifactException if the file is missing, not an ONNX model, or of another contract
     */
    public static FaceDetector load(Path onnx, double threshold) {
        if (!Files.isRegularFile(onnx)) {
            throw new ModelArtifactException("face detector " + onnx + " not found");
        }
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx.toString(), options);
            try {
                Map<String, NodeInfo> inputs = session.getInputInfo();
                if (inputs.size() != 1 || !session.getOutputNames().containsAll(List.of("boxes", "scores"))) {
                    throw new ModelArtifactException("face detector " + onnx + " has inputs " + inputs.keySet()
                            + " and outputs " + session.getOutputNames() + "; expected one input and boxes, scores");
                }
                var entry = inputs.entrySet().iterator().next();
                long[] shape = ((TensorInfo) entry.getValue().getInfo()).getShape();
                if (shape.length != 4 || shape[1] != 3 || shape[2] <= 0 || shape[3] <= 0) {
                    throw new ModelArtifactException("face detector " + onnx + " input shape "
                            + Arrays.toString(shape) + " is not a fixed 1x3xHxW");
                }
                return new FaceDetector(options, session, entry.getKey(), (int) shape[3], (int) shape[2], threshold);
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            options.close();
            throw new ModelArtifactException("face detector " + onnx + " is not a loadable ONNX model: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /**
     * Finds the faces in an image with one pass over the whole image.
     *
     * @param image an RGB image of any size
     * @return face boxes in the image's pixels, best first
     */
    public List<DetectedFace> detect(BufferedImage image) {
        return NonMaxSuppression.apply(candidates(image, 0, 0), DEFAULT_NMS_IOU);
    }

    /**
     * Finds faces with the whole image plus a grid of overlapping tiles, each magnified to the
     * network's input: small faces get more pixels (the detector misses most faces under 16 px
     * in a single pass). Costs 1 + grid² passes.
     *
     * @param image an RGB image of any size
     * @param grid tiles per side (1 = the whole image only)
     * @return face boxes in the image's pixels, best first
     */
    public List<DetectedFace> detect(BufferedImage image, int grid) {
        List<DetectedFace> all = new ArrayList<>(candidates(image, 0, 0));
        if (grid > 1) {
            // Tiles overlap by a quarter of their size, so a face cut by one tile is whole in the next.
            int tileW = (int) Math.ceil(image.getWidth() / (grid - (grid - 1) * 0.25));
            int tileH = (int) Math.ceil(image.getHeight() / (grid - (grid - 1) * 0.25));
            for (int ty = 0; ty < grid; ty++) {
                for (int tx = 0; tx < grid; tx++) {
                    int x = Math.min(image.getWidth() - tileW, (int) (tx * tileW * 0.75));
                    int y = Math.min(image.getHeight() - tileH, (int) (ty * tileH * 0.75));
                    all.addAll(candidates(image.getSubimage(Math.max(0, x), Math.max(0, y),
                            Math.min(tileW, image.getWidth()), Math.min(tileH, image.getHeight())),
                            Math.max(0, x), Math.max(0, y)));
                }
            }
        }
        return NonMaxSuppression.apply(all, DEFAULT_NMS_IOU);
    }

    /** Face rows of one pass over an image, shifted by its offset in the scene. */
    private List<DetectedFace> candidates(BufferedImage image, int offsetX, int offsetY) {
        int[] rgb = ImagePreprocessor.pixels(ImagePreprocessor.resize(image, width, height));
        int plane = width * height;
        float[] chw = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            chw[i] = (((rgb[i] >> 16) & 0xff) - 127f) / 128f;
            chw[plane + i] = (((rgb[i] >> 8) & 0xff) - 127f) / 128f;
            chw[2 * plane + i] = ((rgb[i] & 0xff) - 127f) / 128f;
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[][] boxes;
        float[][] scores;
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(chw), new long[] {1, 3, height, width});
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            boxes = ((float[][][]) result.get("boxes").orElseThrow().getValue())[0];
            scores = ((float[][][]) result.get("scores").orElseThrow().getValue())[0];
        } catch (OrtException e) {
            throw new IllegalStateException("face detection failed: " + e.getMessage(), e);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        List<DetectedFace> candidates = new ArrayList<>();
        for (int i = 0; i < boxes.length; i++) {
            float face = scores[i][1];
            float masked = scores[i][2];
            if (Math.max(face, masked) < threshold) {
                continue;
            }
            float[] b = boxes[i];
            double x1 = clip(b[0] * w, w);
            double y1 = clip(b[1] * h, h);
            double x2 = clip(b[2] * w, w);
            double y2 = clip(b[3] * h, h);
            if (x2 > x1 && y2 > y1) {
                candidates.add(new DetectedFace(x1 + offsetX, y1 + offsetY, x2 + offsetX, y2 + offsetY, face + masked,
                        masked / (face + masked)));
            }
        }
        return candidates;
    }

    private static double clip(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the face detector", e);
        } finally {
            options.close();
        }
    }
}
