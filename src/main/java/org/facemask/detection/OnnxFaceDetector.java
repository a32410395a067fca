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
import org.facemask.image.ImagePreprocessor;
import org.facemask.model.ModelArtifactException;

/**
 * A pretrained ONNX face detector through ONNX Runtime: finds faces, masked or not, in one pass
 * over an image. Two contracts are understood, told apart by the {@code scores} width:
 * <ul>
 *   <li>UltraFace "RFB masked face" (3 scores: softmax over background, face, masked face; input
 *       {@code (v - 127) / 128});
 *   <li>AIZOO FaceMaskDetection (2 scores: independent sigmoids for mask and no mask; input
 *       {@code v / 255}).
 * </ul>
 * Both take RGB NCHW resized (stretched) to the network size and give {@code boxes} as corner
 * fractions of the input. Overlapping rows are merged by non-maximum suppression at the overlap
 * the model's README gives. Thread-safe; close it to free the native session. See {@link YunetDetector}
 * for the third contract.
 */
final class OnnxFaceDetector implements FaceDetector {

    /** How to feed a model and read its scores. */
    private enum Contract {
        ULTRAFACE(127f, 128f, 0.3) {
            @Override
            double face(float[] scores, int at) {
                return scores[at + 1] + scores[at + 2];
            }

            @Override
            double maskedShare(float[] scores, int at) {
                return scores[at + 2] / face(scores, at);
            }
        },
        AIZOO(0f, 255f, 0.4) {
            @Override
            double face(float[] scores, int at) {
                return Math.max(scores[at], scores[at + 1]);
            }

            @Override
            double maskedShare(float[] scores, int at) {
                return scores[at] / (scores[at] + scores[at + 1]);
            }
        };

        final float offset;
        final float scale;
        final double nmsIou;

        Contract(float offset, float scale, double nmsIou) {
            this.offset = offset;
            this.scale = scale;
            this.nmsIou = nmsIou;
        }

        /** Returns the face score of the output row starting at {@code at}. */
        abstract double face(float[] scores, int at);

        /** Returns the detector's "masked" share (0 to 1) of the output row starting at {@code at}. */
        abstract double maskedShare(float[] scores, int at);
    }

    private final DetectorSession opened;
    private final String input;
    private final Contract contract;
    private final int width;
    private final int height;
    private final double threshold;

    private OnnxFaceDetector(DetectorSession opened, String input, Contract contract, int width, int height,
            double threshold) {
        this.opened = opened;
        this.input = input;
        this.contract = contract;
        this.width = width;
        this.height = height;
        this.threshold = threshold;
    }

    /**
     * Makes a detector of an opened session and checks its contract: one NCHW float input with a
     * fixed size, outputs {@code boxes} and {@code scores} with 2 or 3 scores per row.
     *
     * @param onnx the model file, for messages
     * @param opened its session; closed by the caller if this throws
     * @param threshold minimum face score
     * @return the detector, owning the session
     * @throws ModelArtifactException if the model is of another contract
     * @throws OrtException if the blank run fails
     */
    static OnnxFaceDetector of(Path onnx, DetectorSession opened, double threshold) throws OrtException {
        OrtSession session = opened.session();
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        if (inputs.size() != 1 || !outputs.keySet().containsAll(List.of("boxes", "scores"))) {
            throw new ModelArtifactException("face detector " + onnx + " has inputs " + inputs.keySet()
                    + " and outputs " + outputs.keySet() + "; expected one input and boxes, scores");
        }
        var entry = inputs.entrySet().iterator().next();
        long[] shape = ((TensorInfo) entry.getValue().getInfo()).getShape();
        if (shape.length != 4 || shape[1] != 3 || shape[2] <= 0 || shape[3] <= 0) {
            throw new ModelArtifactException("face detector " + onnx + " input shape "
                    + Arrays.toString(shape) + " is not a fixed Nx3xHxW");
        }
        // Output shapes may be dynamic, so one blank pass tells the contract (and warms up).
        int width = (int) shape[3];
        int height = (int) shape[2];
        long columns;
        try (OnnxTensor blank = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(),
                FloatBuffer.allocate(3 * width * height), new long[] {1, 3, height, width});
             OrtSession.Result result = session.run(Map.of(entry.getKey(), blank))) {
            long[] scores = ((TensorInfo) result.get("scores").orElseThrow().getInfo()).getShape();
            columns = scores.length == 3 ? scores[2] : -1;
        }
        Contract contract = columns == 3 ? Contract.ULTRAFACE : columns == 2 ? Contract.AIZOO : null;
        if (contract == null) {
            throw new ModelArtifactException("face detector " + onnx + " gives " + columns
                    + " scores per row: expected 2 (mask, no mask) or 3 (background, face, mask)");
        }
        return new OnnxFaceDetector(opened, entry.getKey(), contract, width, height, threshold);
    }

    @Override
    public List<DetectedFace> detect(BufferedImage image) {
        int[] rgb = ImagePreprocessor.pixels(ImagePreprocessor.resize(image, width, height));
        int plane = width * height;
        float[] chw = new float[3 * plane];
        float offset = contract.offset;
        float scale = contract.scale;
        for (int i = 0; i < plane; i++) {
            chw[i] = (((rgb[i] >> 16) & 0xff) - offset) / scale;
            chw[plane + i] = (((rgb[i] >> 8) & 0xff) - offset) / scale;
            chw[2 * plane + i] = ((rgb[i] & 0xff) - offset) / scale;
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        // Outputs read flat: tens of thousands of rows as Java float[][] cost more than the search.
        float[] boxes;
        float[] scores;
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(chw), new long[] {1, 3, height, width});
             OrtSession.Result result = opened.session().run(Map.of(input, tensor))) {
            boxes = DetectorSession.flat(result, "boxes");
            scores = DetectorSession.flat(result, "scores");
        } catch (OrtException e) {
            throw new IllegalStateException("face detection failed: " + e.getMessage(), e);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        List<DetectedFace> candidates = new ArrayList<>();
        int rows = boxes.length / 4;
        int columns = scores.length / rows;
        for (int i = 0; i < rows; i++) {
            // Most rows fail the threshold: their masked share is never computed.
            double face = contract.face(scores, i * columns);
            if (face < threshold) {
                continue;
            }
            double x1 = DetectorSession.clip(boxes[4 * i] * w, w);
            double y1 = DetectorSession.clip(boxes[4 * i + 1] * h, h);
            double x2 = DetectorSession.clip(boxes[4 * i + 2] * w, w);
            double y2 = DetectorSession.clip(boxes[4 * i + 3] * h, h);
            if (x2 > x1 && y2 > y1) {
                candidates.add(new DetectedFace(x1, y1, x2, y2, face, contract.maskedShare(scores, i * columns)));
            }
        }
        return NonMaxSuppression.apply(candidates, contract.nmsIou);
    }

    @Override
    public void close() {
        opened.close();
    }
}
