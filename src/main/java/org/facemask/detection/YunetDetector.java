package org.facemask.detection;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facemask.image.ImagePreprocessor;
import org.facemask.model.ModelArtifactException;

/**
 * YuNet (libfacedetection) with its decoder in the graph: a generic face detector, not a mask
 * detector, that finds small faces better than the masked-face detectors. Contract: input
 * {@code N×3×H×W} with H and W dynamic multiples of 32, BGR 0–255, the photo letterboxed at the
 * top left; outputs {@code boxes} (corners) and {@code landmarks} (five points) as fractions of the
 * input size, and {@code scores} ({@code sqrt(cls · obj)}). No suppression inside: done here at IoU
 * 0.4. Thread-safe; close it to free the native session.
 */
final class YunetDetector implements FaceDetector {

    /** Outputs that tell this contract from the masked-face detectors'. */
    static final Set<String> OUTPUTS = Set.of("boxes", "scores", "landmarks");
    private static final int STRIDE = 32;
    private static final double NMS_IOU = 0.4;

    private final DetectorSession opened;
    private final String input;
    private final int longSide;
    private final double threshold;

    private YunetDetector(DetectorSession opened, String input, int longSide, double threshold) {
        this.opened = opened;
        this.input = input;
        this.longSide = longSide;
        this.threshold = threshold;
    }

    /**
     * Makes a detector of an opened session and checks its contract.
     *
     * @param onnx the model file, for messages
     * @param opened its session; closed by the caller if this throws
     * @param longSide the long side photos are letterboxed to (rounded up to a multiple of 32)
     * @param threshold minimum face score
     * @return the detector, owning the session
     * @throws ModelArtifactException if the model is of another contract
     */
    static YunetDetector of(Path onnx, DetectorSession opened, int longSide, double threshold) throws OrtException {
        if (longSide < STRIDE) {
            throw new IllegalArgumentException("detector input long side must be at least " + STRIDE + ", not "
                    + longSide);
        }
        Map<String, NodeInfo> inputs = opened.session().getInputInfo();
        var entry = inputs.entrySet().iterator().next();
        long[] shape = ((TensorInfo) entry.getValue().getInfo()).getShape();
        if (inputs.size() != 1 || shape.length != 4 || shape[1] != 3) {
            throw new ModelArtifactException("face detector " + onnx + " has inputs " + inputs.keySet() + " of shape "
                    + Arrays.toString(shape) + "; a YuNet graph takes one Nx3xHxW input");
        }
        return new YunetDetector(opened, entry.getKey(), longSide, threshold);
    }

    @Override
    public List<DetectedFace> detect(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double scale = longSide / (double) Math.max(w, h);
        int scaledW = Math.max(1, (int) Math.round(w * scale));
        int scaledH = Math.max(1, (int) Math.round(h * scale));
        int inW = roundUp(scaledW);
        int inH = roundUp(scaledH);
        float[] bgr = letterbox(image, scaledW, scaledH, inW, inH);
        float[] boxes;
        float[] scores;
        float[] points;
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(bgr),
                new long[] {1, 3, inH, inW});
             OrtSession.Result result = opened.session().run(Map.of(input, tensor))) {
            boxes = DetectorSession.flat(result, "boxes");
            scores = DetectorSession.flat(result, "scores");
            points = DetectorSession.flat(result, "landmarks");
        } catch (OrtException e) {
            throw new IllegalStateException("face detection failed: " + e.getMessage(), e);
        }
        // Fractions of the input, back to the photo's pixels.
        double toX = inW / scale;
        double toY = inH / scale;
        List<DetectedFace> candidates = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] < threshold) {
                continue;
            }
            double x1 = DetectorSession.clip(boxes[4 * i] * toX, w);
            double y1 = DetectorSession.clip(boxes[4 * i + 1] * toY, h);
            double x2 = DetectorSession.clip(boxes[4 * i + 2] * toX, w);
            double y2 = DetectorSession.clip(boxes[4 * i + 3] * toY, h);
            if (x2 <= x1 || y2 <= y1) {
                continue;
            }
            double[] xy = new double[2 * Landmarks.POINTS];
            for (int k = 0; k < Landmarks.POINTS; k++) {
                xy[2 * k] = points[10 * i + 2 * k] * toX;
                xy[2 * k + 1] = points[10 * i + 2 * k + 1] * toY;
            }
            candidates.add(new DetectedFace(x1, y1, x2, y2, scores[i], Double.NaN, new Landmarks(xy)));
        }
        return NonMaxSuppression.apply(candidates, NMS_IOU);
    }

    /** Scales the photo into the top-left corner of a zero (black) canvas, as BGR planes 0–255. */
    private static float[] letterbox(BufferedImage image, int scaledW, int scaledH, int inW, int inH) {
        int[] rgb = ImagePreprocessor.pixels(ImagePreprocessor.resize(image, scaledW, scaledH));
        int plane = inW * inH;
        float[] bgr = new float[3 * plane];
        for (int y = 0; y < scaledH; y++) {
            for (int x = 0; x < scaledW; x++) {
                int p = rgb[y * scaledW + x];
                int i = y * inW + x;
                bgr[i] = p & 0xff;
                bgr[plane + i] = (p >> 8) & 0xff;
                bgr[2 * plane + i] = (p >> 16) & 0xff;
            }
        }
        return bgr;
    }

    private static int roundUp(int size) {
        return (size + STRIDE - 1) / STRIDE * STRIDE;
    }

    @Override
    public void close() {
        opened.close();
    }
}
